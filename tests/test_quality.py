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

# Measured on 2026-11-27 with `scripts/coach.py eval` and `eval-scoring`, after tuning on objections
# with noisy copies of half the texts: 94.2% best category, 88.3% confident and right, 91.2%
# rejected, 93.8% of pairs. Each level here is about two points under that, the wobble seen
# between tuning runs. The rejection level is the 90% target, which the threshold is
# fitted to hold on the calibration set.
MEASURED_CATEGORY_ACCURACY = 0.92
MEASURED_ACCURACY = 0.86
MEASURED_REJECTION = 0.90
MEASURED_PAIR_SHARE = 0.92


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
# moves. Each level is two to three points under the measured figure (a pitfall has 32 lines, so one
# line is 3.1 points). Several fall short of the issue's targets (steps 95%, pitfalls 90%, whole
# replies 85%); these levels keep what was reached from slipping, they do not claim the targets.
MEASURED_MOVE_RECALL = {
    "acknowledge": 0.92, "ask": 0.96, "reframe": 0.94, "next_step": 0.96,  # 94.2 98.1 96.2 98.1
    "feature_dump": 0.96, "discount": 0.81, "argue": 0.50,  # 100 84.4 53.1
    "cave": 0.65, "pressure": 0.96, "off_topic": 0.75,  # 68.8 100 78.1
}
MEASURED_NEUTRAL_CLEAN = 0.94  # 96.9
MEASURED_EXACT_REPLIES = 0.68  # 71.9
MAX_FALSE_FLAGS = 0.07  # the worst move measured 4.9% (reframe)


def test_coaching_dev_set_moves(real_live_library):
    snapshot = real_live_library.snapshot
    report = evaluate_moves(snapshot.scorer, snapshot.retriever.library, load_dev_set(COACHING_DEV))
    recall = {move: share(counts) for move, counts in report.recall.items()}
    assert {m: r for m, r in recall.items() if r < MEASURED_MOVE_RECALL[m]} == {}
    assert max(share(counts) for counts in report.false_flags.values()) <= MAX_FALSE_FLAGS
    assert share(report.neutral_clean) >= MEASURED_NEUTRAL_CLEAN
    assert share(report.exact_replies) >= MEASURED_EXACT_REPLIES
