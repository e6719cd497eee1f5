"""The calibrated decision: is this an objection, and how sure are we?

A logistic model over a few pieces of evidence, fitted on the labelled calibration set that
ships with the playbooks. Its output is a probability, so scores mean the same thing from one
request to the next, and one threshold fitted on the same set separates "confident" from not.
"""

from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 0.5
REJECTION_TARGET = 0.90  # share of non-objections that must get no confident match


@dataclass(frozen=True)
class Evidence:
    """What the matcher knows about each query, one row per query."""

    category_scores: np.ndarray  # (n, categories): aggregated similarity per category
    none_scores: np.ndarray  # (n,): aggregated similarity to known non-objections

    def features(self) -> np.ndarray:
        """Best score, margin to the runner-up, margin to the negatives, the negatives' score.

        (A BM25 feature was tried and dropped: no gain, slower; docs/decisions.md.)
        """
        ordered = np.sort(self.category_scores, axis=1)
        best, second = ordered[:, -1], ordered[:, -2] if ordered.shape[1] > 1 else np.zeros(len(ordered))
        return np.column_stack([best, best - second, best - self.none_scores, self.none_scores])


@dataclass(frozen=True)
class DecisionRule:
    weights: np.ndarray
    bias: float
    threshold: float = DEFAULT_THRESHOLD

    def probability(self, evidence: Evidence) -> np.ndarray:
        z = evidence.features() @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))


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
    rule = DecisionRule(weights=model.coef_[0].astype(np.float64), bias=float(model.intercept_[0]))
    cutoff = highest_rejected(rule.probability(evidence)[~in_scope], rejection_target)
    threshold = cutoff + 1e-6 if cutoff is not None else 0.0
    return DecisionRule(rule.weights, rule.bias, threshold=float(min(threshold, 1.0)))


def highest_rejected(non_objection_scores: np.ndarray, rejection_target: float) -> float | None:
    """The highest non-objection score that must fall under the threshold to reject the target share.

    None when the target asks for no rejection at all.
    """
    must_reject = int(np.ceil(rejection_target * len(non_objection_scores)))
    return float(np.sort(non_objection_scores)[must_reject - 1]) if must_reject else None
