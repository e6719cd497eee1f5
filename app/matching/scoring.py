"""Per-group evidence from similarities: the mean of each category's few closest phrasings.

Aggregating over a category's phrasings is steadier than trusting the single nearest one:
one odd phrasing of the wrong category no longer wins on its own.
"""

import numpy as np

TOP_PER_CLASS = 3


class ColumnGroups:
    """Corpus columns grouped (by category, or by objection), scored for every group in one numpy call.

    The groups are laid out as rows of one padded table of column numbers, so a query's
    similarities become a (queries, groups, width) block; padding reads as minus infinity.
    One gather replaces a Python loop over groups, which matters on the per-request path.
    """

    def __init__(self, groups: list[np.ndarray]):
        self.sizes = np.array([len(g) for g in groups])
        width = max(self.sizes.max(initial=0), 1)
        self.layout = np.full((len(groups), width), -1, dtype=np.int64)  # -1: the padding column
        for row, columns in enumerate(groups):
            self.layout[row, :len(columns)] = columns

    def _block(self, values: np.ndarray) -> np.ndarray:
        padding = np.full((len(values), 1), -np.inf, dtype=np.float32)
        return np.concatenate([values.astype(np.float32, copy=False), padding], axis=1)[:, self.layout]

    def top_mean(self, values: np.ndarray, top: int = TOP_PER_CLASS) -> np.ndarray:
        """Per query and group, the mean of the group's `top` highest values (fewer if it is smaller)."""
        block = self._block(values)
        m = min(top, block.shape[2])
        best = -np.partition(-block, m - 1, axis=2)[:, :, :m]
        counted = np.minimum(self.sizes, m)
        return (np.where(np.isfinite(best), best, 0.0).sum(axis=2) / np.maximum(counted, 1)).astype(np.float32)

    def best(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per query and group, the highest value and the corpus column it sits in."""
        block = self._block(values)
        position = block.argmax(axis=2)
        return (np.take_along_axis(block, position[..., None], axis=2)[..., 0],
                self.layout[np.arange(len(self.layout)), position])
