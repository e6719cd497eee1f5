"""Retrieval and scoring quality with the real, fine-tuned model on the held-out dev sets.

The asserted levels are the ones measured (see the issue notes); a change that lowers them fails.
"""

import pytest

from app.coaching.evaluation import evaluate_pairs, load_pairs
from app.coaching.move_evaluation import evaluate_moves, load_dev_set, share
from app.library.loader import load_labelled_set
from app.matching.evaluation import evaluate
from app.matching.outside_sets import evaluate_outside, load_outside_set
from tests.conftest import OUTSIDE_SET, PROJECT_ROOT, SHARED_OUTSIDE_SET

pytestmark = pytest.mark.quality

DEV_SET = PROJECT_ROOT / "tests" / "data" / "match_dev.yaml"
PAIRS = PROJECT_ROOT / "tests" / "data" / "score_pairs.yaml"
COACHING_DEV = PROJECT_ROOT / "tests" / "data" / "coaching_dev.yaml"
COACHING_HOLDOUT = PROJECT_ROOT / "tests" / "data" / "coaching_holdout.yaml"
COACHING_FRESH = PROJECT_ROOT / "tests" / "data" / "coaching_fresh.yaml"

# Measured on 2026-11-28 with `scripts/coach.py eval --extra …` and `eval-scoring` on this library
# (docs/decisions.md): dev set 95.4% best category, 90.8% confident and right, 90.0% rejected;
# 95.8% of pairs. Each level sits about two lines under the measured figure.
MEASURED_CATEGORY_ACCURACY = 0.945
MEASURED_ACCURACY = 0.895
MEASURED_REJECTION = 0.87
MEASURED_PAIR_SHARE = 0.93
# The outside sets, written by people who never saw the library: ours (85.9% confident and right,
# 89.4% best category, 96.0% rejected) and the shared public one (85.9%, 92.6%, 93.9%).
OUTSIDE_LEVELS = {OUTSIDE_SET: (0.85, 0.88, 0.94), SHARED_OUTSIDE_SET: (0.845, 0.91, 0.87)}


def test_dev_set_accuracy_and_rejection(real_live_library):
    ours, nearest, bm25 = evaluate(real_live_library.current, load_labelled_set(DEV_SET))
    assert ours.category_accuracy >= MEASURED_CATEGORY_ACCURACY
    assert ours.accuracy >= MEASURED_ACCURACY
    assert ours.rejection >= MEASURED_REJECTION
    assert nearest.rejection == 0.0  # the baseline answers everything, which is the point of comparing


@pytest.mark.parametrize("path", list(OUTSIDE_LEVELS), ids=["ours", "shared"])
def test_outside_sets_accuracy_and_rejection(real_live_library, path):
    if not path.is_file():
        pytest.skip(f"the shared outside set is not at {path}")
    overall = evaluate_outside(real_live_library.current, load_outside_set(path)).overall
    accuracy, category_accuracy, rejection = OUTSIDE_LEVELS[path]
    assert overall.accuracy >= accuracy
    assert overall.category_accuracy >= category_accuracy
    assert overall.rejection >= rejection


def test_plain_talk_is_not_an_objection_and_a_plain_objection_is(real_live_library):
    retriever = real_live_library.current
    for text in ["sure, tell me more", "that sounds great, what are the next steps?", "hi, how's your week going?"]:
        assert not retriever.match(text).confident, text
    for text, category in [("we have no budget for this right now", "budget"),
                           ("your competitor quoted us half of that", "competitor_pricing"),
                           ("I'd have to run this by my boss first", "authority")]:
        result = retriever.match(text)
        assert result.confident and result.category == category, text


def test_good_replies_outrank_weak_ones(real_live_library):
    snapshot = real_live_library.snapshot
    report = evaluate_pairs(snapshot.scorer, snapshot.retriever, load_pairs(PAIRS))
    assert report.share >= MEASURED_PAIR_SHARE
    assert report.mean_good - report.mean_weak >= 20


# Measured on 2026-11-28 with `scripts/coach.py eval-scoring` on this library (issue 15, see
# docs/decisions.md): recall per move, neutral lines left unflagged, whole replies with exactly their
# moves. Each level sits about two lines under the measured figure (in brackets), so these levels
# keep what was reached from slipping; the targets themselves are read off the report. The
# hold-out set, written by a third writer, helped decide which examples to keep; the fresh set,
# measured once after that, shows how much carries to lines nothing was picked on.
COACHING_LEVELS = {
    COACHING_DEV: {
        "recall": {"acknowledge": 0.92, "ask": 0.94, "reframe": 0.94, "next_step": 0.96,  # 96.2 98.1 98.1 100
                   "feature_dump": 0.90, "discount": 0.87, "argue": 0.84,  # 96.9 93.8 90.6
                   "cave": 0.90, "pressure": 0.87, "off_topic": 0.84},  # 96.9 93.8 90.6
        "neutral_clean": 0.95, "exact_replies": 0.82, "max_false_flags": 0.037,  # 98.4 85.9 3.2 (acknowledge)
    },
    COACHING_HOLDOUT: {
        "recall": {"acknowledge": 0.85, "ask": 0.90, "reframe": 0.90, "next_step": 0.90,  # 95 100 100 100
                   "feature_dump": 0.90, "discount": 0.85, "argue": 0.80,  # 100 95 90
                   "cave": 0.85, "pressure": 0.75, "off_topic": 0.85},  # 95 85 95
        "neutral_clean": 0.88, "exact_replies": 0.80, "max_false_flags": 0.056,  # 100 85.1 4.6 (acknowledge)
    },
    COACHING_FRESH: {
        "recall": {"acknowledge": 0.80, "ask": 0.89, "reframe": 0.85, "next_step": 0.89,  # 90 100 95 100
                   "feature_dump": 0.90, "discount": 0.90, "argue": 0.77,  # 100 100 88.9
                   "cave": 0.80, "pressure": 0.80, "off_topic": 0.90},  # 90 90 100
        "neutral_clean": 0.88, "exact_replies": 0.83, "max_false_flags": 0.093,  # 100 87.5 8.2 (acknowledge)
    },
}


@pytest.mark.parametrize("path", list(COACHING_LEVELS), ids=["dev", "holdout", "fresh"])
def test_coaching_sets_moves(real_live_library, path):
    snapshot = real_live_library.snapshot
    report = evaluate_moves(snapshot.scorer, snapshot.retriever.library, load_dev_set(path))
    levels = COACHING_LEVELS[path]
    recall = {move: share(counts) for move, counts in report.recall.items()}
    assert {m: r for m, r in recall.items() if r < levels["recall"][m]} == {}
    assert max(share(counts) for counts in report.false_flags.values()) <= levels["max_false_flags"]
    assert share(report.neutral_clean) >= levels["neutral_clean"]
    assert share(report.exact_replies) >= levels["exact_replies"]
