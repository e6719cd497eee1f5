"""Per-group evidence from similarities: the mean of each category's few closest phrasings.

Aggregating over a category's phrasings is steadier than trusting the single nearest one:
one odd phrasing of the wrong category no longer wins on its own.
"""

import numpy as np

TOP_PER_CLASS = 3
GROUP_STEP = 4.0  # wider than the range of cosine similarities, [-1, 1]


class Segments:
    """Corpus columns in contiguous runs, one run per group (a category, or an objection).

    The corpus is laid out group by group, so a group's similarities are a slice of the row,
    which is faster than gathering groups into a padded table (docs/decisions.md).
    """

    def __init__(self, labels: list[str]):
        """`labels[i]` names the group of column i; each group's columns must sit together."""
        self.names: list[str] = []
        starts = []
        for column, label in enumerate(labels):
            if not self.names or label != self.names[-1]:
                if label in self.names:
                    raise ValueError(f"the columns of group {label!r} are not contiguous")
                self.names.append(label)
                starts.append(column)
        self.starts = np.array(starts, dtype=np.int64)
        self.ends = np.append(self.starts[1:], len(labels))
        group_of_column = np.repeat(np.arange(len(starts)), self.ends - self.starts)
        self._lift = GROUP_STEP * group_of_column.astype(np.float64)  # for top_mean's single sort
        self._positions: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # top_mean's gather, per `top`

    def top_mean(self, values: np.ndarray, top: int = TOP_PER_CLASS) -> np.ndarray:
        """Per row and group, the mean of the group's `top` highest values (fewer if it is smaller).

        One sort serves every group: each column is lifted by a step per group before sorting,
        so every group's values stay in their own slice, now in ascending order (cheaper than
        a partition per group).
        """
        ordered = np.sort(values + self._lift, axis=1) - self._lift
        if top not in self._positions:
            self._positions[top] = self._top_positions(top)
        positions, weights = self._positions[top]
        return (ordered[:, positions] * weights).sum(axis=2).astype(np.float32)

    def _top_positions(self, top: int) -> tuple[np.ndarray, np.ndarray]:
        """Where each group's `top` highest values sit once sorted, and the weights that average them."""
        positions = self.ends[:, None] - 1 - np.arange(top)  # (groups, top), back from each slice's end
        counted = positions >= self.starts[:, None]  # a group smaller than `top` has fewer
        weights = counted / counted.sum(axis=1, keepdims=True)
        return np.maximum(positions, 0), weights

    def best(self, row: np.ndarray) -> np.ndarray:
        """The highest value of each group, for one row."""
        return np.maximum.reduceat(row, self.starts)

    def best_column(self, row: np.ndarray, group: int) -> int:
        """The column holding the group's highest value, for one row."""
        start, end = self.starts[group], self.ends[group]
        return int(start + row[start:end].argmax())
