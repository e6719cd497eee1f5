"""The move classifier: which framework step, pitfall or neutral talk one clause is.

A logistic regression over the clause's sentence embedding and its word cues. The cues are
scaled down so they nudge rather than decide: the embedding carries the meaning, the cues the
small words it hears poorly. Because the model is linear, each cue's pull on each move can be
read off its weights, which is how a decision names the words behind it.
"""

from collections.abc import Sequence

import numpy as np

from app.coaching.cues import CUE_NAMES, UNSHOWN, CueMatch, cue_flags, find_cues

CUE_WEIGHT = 0.3
# Telling a prospect they're wrong is said in a few fixed words ("I doubt that", "should've") that
# the embedding hears as proof when a fact follows, so that cue counts three times as much.
STRONG_CUES = {"contradiction": 3.0}
_CUE_SCALE = np.array([CUE_WEIGHT * STRONG_CUES.get(name, 1.0) for name in CUE_NAMES], dtype=np.float32)
NEAREST_WEIGHT = 1.0
REGULARISATION = 2.0  # sklearn's C


class MoveClassifier:
    def __init__(self, texts: Sequence[str], moves: Sequence[str], vectors: np.ndarray,
                 sources: Sequence[int] | None = None):
        from sklearn.linear_model import LogisticRegression

        sources = list(range(len(texts))) if sources is None else list(sources)
        clean = [i for i, source in enumerate(sources) if source == i]
        self._example_vectors = vectors[clean]
        self._example_moves = np.array([moves[i] for i in clean])
        self.model = LogisticRegression(C=REGULARISATION, max_iter=3000, class_weight="balanced")
        self.moves: list[str] = sorted(set(moves))
        # Each example's nearest-example evidence leaves out itself and its noisy copies.
        position = {index: row for row, index in enumerate(clean)}
        own = np.array([position[s] for s in sources])
        nearest = self._nearest(vectors, exclude=own)
        self.model.fit(self._combine(vectors, [find_cues(t) for t in texts], nearest), list(moves))
        assert self.moves == [str(c) for c in self.model.classes_]
        cue_weights = self.model.coef_[:, -len(CUE_NAMES):]
        # A cue speaks for a move when it pulls that move up more than it pulls the average move.
        self._pull = {(move, cue): float(cue_weights[i, j] - cue_weights[:, j].mean())
                      for i, move in enumerate(self.moves) for j, cue in enumerate(CUE_NAMES)}

    def _nearest(self, vectors: np.ndarray, exclude: np.ndarray | None = None) -> np.ndarray:
        """Per move, the highest similarity to one of its clean examples."""
        sims = vectors @ self._example_vectors.T
        if exclude is not None:
            sims[np.arange(len(vectors)), exclude] = -1.0
        return np.stack([sims[:, self._example_moves == move].max(axis=1) for move in self.moves], axis=1)

    @staticmethod
    def _combine(vectors: np.ndarray, cues: Sequence[list[CueMatch]], nearest: np.ndarray) -> np.ndarray:
        flags = np.array([cue_flags(c) for c in cues], dtype=np.float32).reshape(len(cues), len(CUE_NAMES))
        return np.hstack([vectors, NEAREST_WEIGHT * nearest, _CUE_SCALE * flags])

    def probabilities(self, vectors: np.ndarray, cues: Sequence[list[CueMatch]]) -> np.ndarray:
        """One row per clause, one column per move in `self.moves`."""
        return self.model.predict_proba(self._combine(vectors, cues, self._nearest(vectors)))

    def supporting(self, move: str, cues: list[CueMatch]) -> list[CueMatch]:
        """The cues in a clause that pulled it towards `move`, strongest first."""
        helping = [c for c in cues if self._pull[(move, c.name)] > 0 and c.name not in UNSHOWN]
        return sorted(helping, key=lambda c: -self._pull[(move, c.name)])
