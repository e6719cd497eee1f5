"""Retrieval and scoring quality with the real, fine-tuned model on the held-out dev sets.

The asserted levels are the ones measured (see the issue notes); a change that lowers them fails.
"""

import pytest

from app.coaching.evaluation import evaluate_pairs, load_pairs
from app.library.loader import load_labelled_set
from app.matching.evaluation import evaluate
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.quality

DEV_SET = PROJECT_ROOT / "tests" / "data" / "match_dev.yaml"
PAIRS = PROJECT_ROOT / "tests" / "data" / "score_pairs.yaml"

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
