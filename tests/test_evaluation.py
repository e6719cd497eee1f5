"""The threshold ceiling that `coach.py eval` prints beside the accuracy."""

import numpy as np

from app.matching.evaluation import threshold_ceiling

NON_OBJECTIONS = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
OBJECTIONS = np.array([0.95, 0.92, 0.85, 0.99])
RIGHT_CATEGORY = np.array([True, False, True, True])


def test_ceiling_counts_right_answers_above_the_threshold_that_rejects_the_target_share():
    # rejecting 90% of the non-objections leaves only answers above 0.9: two of four right
    assert threshold_ceiling(OBJECTIONS, RIGHT_CATEGORY, NON_OBJECTIONS, rejection_target=0.9) == 0.5
    # rejecting 80% lets 0.85 through as well
    assert threshold_ceiling(OBJECTIONS, RIGHT_CATEGORY, NON_OBJECTIONS, rejection_target=0.8) == 0.75


def test_without_non_objections_the_ceiling_is_the_best_category_accuracy():
    assert threshold_ceiling(OBJECTIONS, RIGHT_CATEGORY, np.array([])) == 0.75
