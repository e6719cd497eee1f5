"""BM25 over the corpus: cheap word-level evidence beside the embeddings.

It also serves as the lexical baseline that `eval` prints next to the real matcher.
"""

from collections.abc import Sequence

import bm25s
import numpy as np

from app.matching.scoring import ColumnGroups

# BM25 scores are unbounded; s / (s + HALF) maps them to 0..1 with HALF scoring one half.
HALF = 4.0


def _tokens(texts: Sequence[str]) -> list[list[str]]:
    return bm25s.tokenize(list(texts), stopwords="en", return_ids=False, show_progress=False)


class LexicalIndex:
    def __init__(self, texts: Sequence[str]):
        self._bm25 = bm25s.BM25()
        self._bm25.index(_tokens(texts), show_progress=False)
        self.size = len(texts)

    def scores(self, queries: Sequence[str]) -> np.ndarray:
        """Raw BM25 score of every corpus text for every query, shape (queries, corpus)."""
        rows = [self._bm25.get_scores(tokens) if tokens else np.zeros(self.size) for tokens in _tokens(queries)]
        return np.asarray(rows, dtype=np.float32).reshape(len(queries), self.size)

    def class_scores(self, queries: Sequence[str], groups: ColumnGroups) -> np.ndarray:
        """Best BM25 score per group of corpus texts (a class), squashed to 0..1."""
        best = np.maximum(groups.best(self.scores(queries))[0], 0.0)
        return best / (best + HALF)
