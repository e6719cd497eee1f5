"""Per-group evidence over a similarity row: each group is a slice, scored without padding."""

import numpy as np
import pytest

from app.matching.scoring import Segments

LABELS = ["budget"] * 5 + ["price"] * 2 + ["busy"] * 4 + ["__none__"] * 3


def test_top_mean_is_the_mean_of_each_groups_highest_values():
    rows = np.random.default_rng(4).uniform(-1, 1, size=(3, len(LABELS))).astype(np.float32)
    got = Segments(LABELS).top_mean(rows, top=3)
    labels = np.array(LABELS)
    for g, name in enumerate(dict.fromkeys(LABELS)):
        expected = np.sort(rows[:, labels == name], axis=1)[:, ::-1][:, :3].mean(axis=1)  # price has only two
        np.testing.assert_allclose(got[:, g], expected, rtol=1e-6)


def test_best_gives_each_groups_highest_value_and_where_it_is():
    row = np.array([0.1, 0.5, 0.2, 0.0, 0.3, -0.2, 0.9, 0.4, 0.1, 0.6, 0.2, 0.7, 0.0, 0.1], dtype=np.float32)
    segments = Segments(LABELS)
    np.testing.assert_allclose(segments.best(row), [0.5, 0.9, 0.6, 0.7])
    assert [segments.best_column(row, g) for g in range(4)] == [1, 6, 9, 11]


def test_groups_must_sit_together():
    with pytest.raises(ValueError, match="'budget'"):
        Segments(["budget", "price", "budget"])
