"""Library health: phrasings that sit nearer another category, near-identical phrasings, thin coverage."""

from dataclasses import dataclass

import numpy as np

from app.matching.retriever import Retriever

MIN_PHRASINGS = 15
MIN_REBUTTALS = 2
MIN_OBJECTIONS = 2
NEAR_IDENTICAL = 0.95


@dataclass(frozen=True)
class Misplaced:
    text: str
    objection_id: str
    category: str
    nearer_category: str
    own_score: float
    other_score: float


@dataclass(frozen=True)
class NearDuplicate:
    first: str
    second: str
    first_objection: str
    second_objection: str
    similarity: float


@dataclass(frozen=True)
class LibraryReport:
    misplaced: list[Misplaced]
    near_duplicates: list[NearDuplicate]
    thin: list[str]  # plain sentences naming categories or objections with too little material


def library_report(retriever: Retriever, top: int = 3) -> LibraryReport:
    rows, vectors = retriever.objection_vectors()
    entries = [(i, retriever.corpus[i]) for i in rows]
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)  # a phrasing is no evidence for itself
    categories = np.array([e.category for _, e in entries])
    slugs = sorted(set(categories))
    scores = category_scores(sims, categories, slugs, top)
    misplaced = []
    for k, (_, entry) in enumerate(entries):
        own = scores[k, slugs.index(entry.category)]
        best = int(scores[k].argmax())
        if slugs[best] != entry.category:
            misplaced.append(Misplaced(entry.text, entry.objection_id, entry.category, slugs[best],
                                       round(float(own), 3), round(float(scores[k, best]), 3)))
    upper = np.triu(sims, k=1)
    duplicates = [
        NearDuplicate(entries[a][1].text, entries[b][1].text, entries[a][1].objection_id,
                      entries[b][1].objection_id, round(float(upper[a, b]), 3))
        for a, b in zip(*np.nonzero(upper >= NEAR_IDENTICAL), strict=True)
    ]
    return LibraryReport(sorted(misplaced, key=lambda m: m.own_score - m.other_score), duplicates,
                         thin_coverage(retriever))


def category_scores(sims: np.ndarray, categories: np.ndarray, slugs: list[str], top: int = 3) -> np.ndarray:
    """How much each category sounds like each phrasing (rows of `sims`): the mean of its `top` closest."""
    return np.column_stack([np.sort(sims[:, categories == s], axis=1)[:, -top:].mean(axis=1) for s in slugs])


def flag_if_misplaced(text: str, objection_id: str, own: str, sims: np.ndarray, categories: np.ndarray,
                      top: int = 3) -> Misplaced | None:
    """How the report would flag a new phrasing of category `own`, given its similarity to every
    objection phrasing and their categories; None when it would not be flagged.

    The CSV import checks each row with this, so a manager hears about a confusing phrasing
    while importing it rather than on the next visit to the report.
    """
    slugs = sorted(set(categories))
    if own not in slugs:
        return None
    scores = category_scores(sims[None, :], categories, slugs, top)[0]
    best = int(scores.argmax())
    if slugs[best] == own:
        return None
    return Misplaced(text, objection_id, own, slugs[best], round(float(scores[slugs.index(own)]), 3),
                     round(float(scores[best]), 3))


def thin_coverage(retriever: Retriever) -> list[str]:
    library, notes = retriever.library, []
    for category in library.categories.values():
        if len(category.objections) < MIN_OBJECTIONS:
            notes.append(f"category {category.slug} has {len(category.objections)} objection(s); "
                         f"aim for at least {MIN_OBJECTIONS}")
        for objection in category.objections:
            if len(objection.phrasings) < MIN_PHRASINGS:
                notes.append(f"objection {objection.id} has {len(objection.phrasings)} phrasings; "
                             f"aim for at least {MIN_PHRASINGS}")
            if len(objection.rebuttals) < MIN_REBUTTALS:
                notes.append(f"objection {objection.id} has {len(objection.rebuttals)} rebuttal(s); "
                             f"aim for at least {MIN_REBUTTALS}")
    return notes
