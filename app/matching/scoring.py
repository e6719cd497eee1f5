"""Per-category evidence from similarities: the mean of each category's few closest phrasings.

Aggregating over a category's phrasings is steadier than trusting the single nearest one:
one odd phrasing of the wrong category no longer wins on its own.
"""

import numpy as np

TOP_PER_CLASS = 3


def class_scores(similarities: np.ndarray, columns: list[np.ndarray], top: int = TOP_PER_CLASS) -> np.ndarray:
    """For each query row and each class (a set of corpus columns), the mean of its `top` best similarities."""
    scores = np.empty((similarities.shape[0], len(columns)), dtype=np.float32)
    for c, cols in enumerate(columns):
        block = similarities[:, cols]
        m = min(top, block.shape[1])
        best = -np.partition(-block, m - 1, axis=1)[:, :m]
        scores[:, c] = best.mean(axis=1)
    return scores
