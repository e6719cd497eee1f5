"""BM25 over the corpus: the lexical baseline that `eval` prints next to the real matcher.

It is a baseline only, not evidence for the decision (docs/decisions.md, "The matcher").
"""

from collections.abc import Sequence

import bm25s
import numpy as np


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
