"""Scoring the matcher on a labelled dev set, beside two naive baselines."""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from app.library.corpus import NOT_AN_OBJECTION
from app.library.schema import LabelledSet
from app.matching.decision import REJECTION_TARGET, highest_rejected
from app.matching.retriever import Retriever


@dataclass
class MethodReport:
    name: str
    accuracy: float  # in-scope utterances answered confidently with the right category
    category_accuracy: float  # in-scope utterances whose best category is right, confident or not
    rejection: float  # out-of-scope utterances not answered confidently
    confusions: Counter = field(default_factory=Counter)  # (true, given) -> count, wrong answers only
    ceiling: float | None = None  # best accuracy any threshold reaches on this set (see threshold_ceiling)


def evaluate(retriever: Retriever, dev: LabelledSet) -> list[MethodReport]:
    """Our matcher, the nearest FAISS phrasing, and the best BM25 phrasing, on the same set."""
    texts = [u.text for u in dev.in_scope] + [u.text for u in dev.out_of_scope]
    truth = [u.category for u in dev.in_scope]
    vectors = retriever.embedder.encode(texts)
    results = retriever.match_many(texts, k=1, vectors=vectors)
    ours_best = [r.matches[0].category for r in results]
    ours_given = [r.category for r in results]
    ours = _report("ours (aggregated + calibrated)", truth, ours_given, ours_best)
    n = len(truth)
    ours.ceiling = threshold_ceiling(
        np.array([r.confidence for r in results[:n]]),
        np.array([b == t for b, t in zip(ours_best[:n], truth, strict=True)]),
        np.array([r.confidence for r in results[n:]]))

    objection_rows = np.array([e.category != NOT_AN_OBJECTION for e in retriever.corpus])
    labels = np.array([e.category for e in retriever.corpus])[objection_rows]
    nearest = labels[retriever.similarities(vectors)[:, objection_rows].argmax(axis=1)]
    naive = _report("nearest phrasing, no threshold", truth, list(nearest), list(nearest))

    lexical = retriever.lexical.scores(texts)[:, objection_rows]
    bm25_best = [labels[row.argmax()] if row.max() > 0 else None for row in lexical]
    bm25 = _report("BM25 best phrasing, no threshold", truth, bm25_best, bm25_best)
    return [ours, naive, bm25]


def threshold_ceiling(in_scope_confidence: np.ndarray, best_is_right: np.ndarray,
                      out_of_scope_confidence: np.ndarray, rejection_target: float = REJECTION_TARGET) -> float:
    """The best accuracy a threshold picked on this very set could reach while rejecting the target share.

    Not a result (the threshold is fitted on the calibration set, never the dev set) but a
    bound: when the shipped accuracy sits close to it, a better decision rule cannot help and
    the gap is in how well the embeddings separate the categories and the non-objections.
    """
    cutoff = highest_rejected(out_of_scope_confidence, rejection_target)
    if cutoff is None:
        return float(best_is_right.mean())
    return float(np.mean(best_is_right & (in_scope_confidence > cutoff)))


def _report(name: str, truth: list[str], given: list, best: list) -> MethodReport:
    n = len(truth)
    confusions = Counter((t, g) for t, g in zip(truth, given[:n], strict=True) if g is not None and g != t)
    return MethodReport(
        name=name,
        accuracy=float(np.mean([g == t for g, t in zip(given[:n], truth, strict=True)])),
        category_accuracy=float(np.mean([b == t for b, t in zip(best[:n], truth, strict=True)])),
        rejection=float(np.mean([g is None for g in given[n:]])) if len(given) > n else 0.0,
        confusions=confusions,
    )
