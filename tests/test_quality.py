"""Retrieval and scoring quality with the real, fine-tuned model on the held-out dev sets.

The asserted levels are the ones measured (see the issue notes); a change that lowers them fails.
"""

import pytest

from app.coaching.evaluation import evaluate_pairs, load_pairs
from app.coaching.move_evaluation import evaluate_moves, load_dev_set, share
from app.library.loader import load_labelled_set
from app.matching.evaluation import evaluate
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.quality

DEV_SET = PROJECT_ROOT / "tests" / "data" / "match_dev.yaml"
PAIRS = PROJECT_ROOT / "tests" / "data" / "score_pairs.yaml"
COACHING_DEV = PROJECT_ROOT / "tests" / "data" / "coaching_dev.yaml"

# Measured on 2026-11-27 with `scripts/coach.py eval` and `eval-scoring` on the library before the
# category edges moved and the common brush-offs joined it (94.2% best category, 88.3% confident and
# right, 91.2% rejected, 93.8% of pairs). The library and the dev set's labels have changed since,
# and no tuning of this exact library was measured before these levels were set, so they sit about
# five points under those figures: a floor against a real regression, to be raised to two points
# under the first figures measured on this library (see the issue notes).
MEASURED_CATEGORY_ACCURACY = 0.88
MEASURED_ACCURACY = 0.82
MEASURED_REJECTION = 0.85
MEASURED_PAIR_SHARE = 0.88


def test_dev_set_accuracy_and_rejection(real_live_library):
    ours, nearest, bm25 = evaluate(real_live_library.current, load_labelled_set(DEV_SET))
    assert ours.category_accuracy >= MEASURED_CATEGORY_ACCURACY
    assert ours.accuracy >= MEASURED_ACCURACY
    assert ours.rejection >= MEASURED_REJECTION
    assert nearest.rejection == 0.0  # the baseline answers everything, which is the point of comparing


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


# Measured on 2026-11-27 with `scripts/coach.py eval-scoring` (issue 15, see docs/decisions.md): recall
# per move on the coaching dev set, neutral lines left unflagged, whole replies with exactly their
# moves. Those figures came from the model tuned on the library before its last changes (the
# matcher's tuning moves the embeddings the coach reads too), so each level sits about two lines
# (a pitfall has 32 lines, one line is 3.1 points) under the measured figure. Several fall short
# of the targets (steps 95%, pitfalls 90%, whole replies 85%); these levels keep what was
# reached from slipping, they do not claim the targets.
MEASURED_MOVE_RECALL = {
    "acknowledge": 0.88, "ask": 0.92, "reframe": 0.90, "next_step": 0.92,  # 94.2 98.1 96.2 98.1
    "feature_dump": 0.90, "discount": 0.75, "argue": 0.45,  # 100 84.4 53.1
    "cave": 0.60, "pressure": 0.90, "off_topic": 0.70,  # 68.8 100 78.1
}
MEASURED_NEUTRAL_CLEAN = 0.92  # 96.9
MEASURED_EXACT_REPLIES = 0.62  # 71.9
MAX_FALSE_FLAGS = 0.09  # the worst move measured 4.9% (reframe)


def test_coaching_dev_set_moves(real_live_library):
    snapshot = real_live_library.snapshot
    report = evaluate_moves(snapshot.scorer, snapshot.retriever.library, load_dev_set(COACHING_DEV))
    recall = {move: share(counts) for move, counts in report.recall.items()}
    assert {m: r for m, r in recall.items() if r < MEASURED_MOVE_RECALL[m]} == {}
    assert max(share(counts) for counts in report.false_flags.values()) <= MAX_FALSE_FLAGS
    assert share(report.neutral_clean) >= MEASURED_NEUTRAL_CLEAN
    assert share(report.exact_replies) >= MEASURED_EXACT_REPLIES
