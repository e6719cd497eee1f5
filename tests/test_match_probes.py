"""Nonsense gets no confident answer; the commonest brush-offs get a confident, right one (real model)."""

import pytest

from tests.match_probes import BRUSH_OFFS, NONSENSE_PROBES

pytestmark = pytest.mark.quality


def test_thirty_lines_from_off_the_call_are_all_rejected(real_live_library):
    results = real_live_library.current.match_many(NONSENSE_PROBES)
    assert len(NONSENSE_PROBES) == 30
    accepted = [(text, r.category, r.confidence) for text, r in zip(NONSENSE_PROBES, results, strict=True) if r.confident]
    assert accepted == []


def test_the_twelve_commonest_brush_offs_are_answered_right_and_confidently(real_live_library):
    texts = [text for text, _ in BRUSH_OFFS]
    results = real_live_library.current.match_many(texts)
    assert len(BRUSH_OFFS) == 12
    wrong = [(text, r.category, r.confidence) for (text, allowed), r in zip(BRUSH_OFFS, results, strict=True)
             if not (r.confident and r.category in allowed)]
    assert wrong == []


def test_weak_evidence_gives_a_low_confidence_even_when_one_category_leads(real_live_library):
    """A nearest phrasing this far away is no evidence, however far ahead of the runner-up it is."""
    retriever = real_live_library.current
    for text in ["purple elephants rarely skate", "the invoice number is 88213"]:
        result = retriever.match(text)
        assert result.matches[0].score < 0.5, text  # the premise: nothing in the library is close
        assert result.confidence < retriever.decision.threshold, (text, result.confidence)
