"""Finding lines of one set that copy, or closely paraphrase, lines of another.

Two lines count as the same when they hold the same words in any order, or when their
character n-grams are nearly the same (a changed word, a typo, other punctuation).
"""

import re
from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer

NEAR = 0.9  # cosine of character 3-5-gram TF-IDF vectors: a changed word, typo or punctuation stays above it


def plain(text: str) -> str:
    """Lower case, no apostrophes ("can't" and "cant" agree), other punctuation as spaces."""
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", text.lower())).strip()


def words(text: str) -> tuple[str, ...]:
    return tuple(sorted(plain(text).split()))


class NearDuplicates:
    """One set of lines, indexed once, to look other sets up against."""

    def __init__(self, lines: Sequence[str], near: float = NEAR):
        self.lines = list(dict.fromkeys(lines))
        self.near = near
        self._by_words = {words(text): text for text in self.lines}
        self._vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=plain)
        self._vectors = self._vectoriser.fit_transform(self.lines)

    def shared_with(self, others: Sequence[str]) -> list[tuple[str, str]]:
        """(line of `others`, line of this set) pairs that are the same or nearly so."""
        others = list(dict.fromkeys(others))
        pairs = [(text, self._by_words[words(text)]) for text in others if words(text) in self._by_words]
        similarity = (self._vectoriser.transform(others) @ self._vectors.T).tocoo()
        pairs += [(others[i], self.lines[j]) for i, j, value in zip(similarity.row, similarity.col, similarity.data,
                                                                      strict=True) if value >= self.near]
        return sorted(set(pairs))


def shared_lines(kept: Sequence[str], others: Sequence[str], near: float = NEAR) -> list[tuple[str, str]]:
    """(line of `kept`, line of `others`) pairs that are the same or nearly so."""
    return NearDuplicates(others, near).shared_with(kept)
