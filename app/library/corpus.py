"""The library's labelled texts: every objection phrasing, plus the known non-objections.

The model is tuned on them and the matcher searches them; both layers read them from here.
"""

from dataclasses import dataclass

from app.library import Library

NOT_AN_OBJECTION = "__none__"


@dataclass(frozen=True)
class CorpusEntry:
    text: str
    category: str  # a category slug, or NOT_AN_OBJECTION
    objection_id: str | None


def build_corpus(library: Library) -> list[CorpusEntry]:
    """Category by category, objection by objection, then the non-objections.

    The matcher relies on this order: each category's and each objection's entries sit
    together, so their similarities are one slice of a row (see `app.matching.scoring.Segments`).
    """
    entries = [
        CorpusEntry(text, library.category_of[objection.id], objection.id)
        for objection in library.objections.values()
        for text in dict.fromkeys(objection.texts)
    ]
    entries += [CorpusEntry(text, NOT_AN_OBJECTION, None) for text in dict.fromkeys(library.negatives)]
    return entries
