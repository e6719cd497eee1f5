"""The calibrated decision: is this an objection, and how sure are we?

A logistic model over a few pieces of evidence, fitted on the labelled calibration set that
ships with the playbooks. Its output is a probability, so scores mean the same thing from one
request to the next, and one threshold fitted on the same set separates "confident" from not.
The logistic model weighs relative evidence (how far the best category leads); an evidence
floor, fitted on the same set, scales the confidence down when the best evidence is weak in
absolute terms, however far ahead it is.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.coaching.sentences import is_question

DEFAULT_THRESHOLD = 0.5
REJECTION_TARGET = 0.90  # share of non-objections that must get no confident match
# The evidence floor runs from the best score of the weakest 1% of calibration objections (below
# it, nothing counts) to that of the weakest 5% (from there up, evidence counts in full).
FLOOR_QUANTILES = (0.01, 0.05)


def asks_a_question(texts: Sequence[str]) -> np.ndarray:
    """1 for a text that is a question (`is_question`), else 0."""
    return np.array([float(is_question(text)) for text in texts], dtype=np.float32)


@dataclass(frozen=True)
class Evidence:
    """What the matcher knows about each query, one row per query."""

    category_scores: np.ndarray  # (n, categories): aggregated similarity per category
    none_scores: np.ndarray  # (n,): aggregated similarity to known non-objections
    questions: np.ndarray  # (n,): 1 where the query is a question (`asks_a_question`)

    def features(self) -> np.ndarray:
        """Best score, margin to the runner-up, margin to the negatives, the negatives' score, and
        whether the query is a question: most questions on a call ask about the product or the
        caller and push nothing back, so the calibration set teaches how much a question counts.

        (Each one earns its place; docs/decisions.md, "The matcher" and "fourth round".)
        """
        ordered = np.sort(self.category_scores, axis=1)
        best, second = ordered[:, -1], ordered[:, -2] if ordered.shape[1] > 1 else np.zeros(len(ordered))
        return np.column_stack([best, best - second, best - self.none_scores, self.none_scores, self.questions])

    @property
    def best(self) -> np.ndarray:
        return self.category_scores.max(axis=1)


@dataclass(frozen=True)
class EvidenceFloor:
    """How much of the logistic confidence absolute evidence supports: 0 at `weak`, 1 from `strong` up."""

    weak: float
    strong: float

    @classmethod
    def fit(cls, objection_best: np.ndarray, quantiles: tuple[float, float] = FLOOR_QUANTILES) -> "EvidenceFloor":
        """From the best scores of the calibration objections: few real objections score lower."""
        weak, strong = np.quantile(objection_best, quantiles)
        return cls(float(weak), float(strong))

    def support(self, best: np.ndarray) -> np.ndarray:
        if self.strong <= self.weak:
            return (best >= self.weak).astype(np.float64)
        return np.clip((best - self.weak) / (self.strong - self.weak), 0.0, 1.0)


@dataclass(frozen=True)
class DecisionRule:
    weights: np.ndarray
    bias: float
    threshold: float = DEFAULT_THRESHOLD
    floor: EvidenceFloor | None = None

    def probability(self, evidence: Evidence) -> np.ndarray:
        z = evidence.features() @ self.weights + self.bias
        probability = 1.0 / (1.0 + np.exp(-z))
        return probability if self.floor is None else probability * self.floor.support(evidence.best)


def fit_decision(evidence: Evidence, in_scope: np.ndarray, rejection_target: float = REJECTION_TARGET) -> DecisionRule:
    """Fit the logistic model on calibration rows, then the threshold the rejection target allows.

    `in_scope[i]` says calibration row i is an objection. The model learns P(objection), which
    separates better than P(right category). The threshold is the lowest one that still
    rejects `rejection_target` of the calibration non-objections: any higher one trades correct
    answers for rejection nobody asked for (measurements in docs/decisions.md).
    """
    from sklearn.linear_model import LogisticRegression

    in_scope = np.asarray(in_scope, dtype=bool)
    if in_scope.all() or not in_scope.any():
        raise ValueError("calibration needs both objections and non-objections")
    model = LogisticRegression(C=1.0, max_iter=1000)
    model.fit(evidence.features(), in_scope)
    rule = DecisionRule(weights=model.coef_[0].astype(np.float64), bias=float(model.intercept_[0]),
                        floor=EvidenceFloor.fit(evidence.best[in_scope]))
    cutoff = highest_rejected(rule.probability(evidence)[~in_scope], rejection_target)
    threshold = cutoff + 1e-6 if cutoff is not None else 0.0
    return DecisionRule(rule.weights, rule.bias, threshold=float(min(threshold, 1.0)), floor=rule.floor)


def highest_rejected(non_objection_scores: np.ndarray, rejection_target: float) -> float | None:
    """The highest non-objection score that must fall under the threshold to reject the target share.

    None when the target asks for no rejection at all.
    """
    must_reject = int(np.ceil(rejection_target * len(non_objection_scores)))
    return float(np.sort(non_objection_scores)[must_reject - 1]) if must_reject else None
