"""Pydantic models of the role-play files: the product brief, persona facts and prospect lines.

Phrasings are matching data, written for many invented businesses; prospect lines are what one
persona says on a call, templates whose slots are filled from that persona's facts and the brief.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from app.library.schema import EntryId, ShortText, Slug, Strict, Text


def _with_a_number(text: str) -> str:
    if not re.search(r"\d", text):
        raise ValueError("a proof point needs a number (hours, percent, days, customers...) so a rep can quote it")
    return text


ProofPoint = Annotated[Text, AfterValidator(_with_a_number)]


class Competitor(Strict):
    id: Slug
    name: ShortText
    price_per_seat: float = Field(ge=0, le=100_000, description="per seat per month, in the brief's currency")
    note: Text | None = None  # how the rep can place it against the product


class ProductBrief(Strict):
    name: ShortText
    pitch: Text
    price_per_seat: float = Field(gt=0, le=100_000, description="per seat per month")
    currency: Annotated[str, StringConstraints(min_length=1, max_length=3)] = "$"
    billing: ShortText = "per seat per month"
    proof_points: list[ProofPoint] = Field(min_length=3, max_length=5)
    competitors: list[Competitor] = Field(min_length=1)


class ProductFile(Strict):
    """playbooks/product.yaml: what the rep sells."""

    product: ProductBrief


class ObjectionLines(Strict):
    """How a prospect voices one objection: first, when asked why, again after a weak reply, and softened."""

    id: EntryId
    raise_: list[Text] = Field(alias="raise", min_length=2)
    reason: list[Text] = Field(min_length=1)
    again: list[Text] = Field(min_length=2)
    softer: list[Text] = Field(min_length=1)


class AnswerTopic(Strict):
    """A rep's open question on a topic (cues) and the prospect's answers to it."""

    id: Slug
    cues: list[ShortText] = Field(min_length=1)  # "when + budget": every word must appear in the question
    lines: list[Text] = Field(min_length=2)  # the first time it is asked
    again: list[Text] = []  # asked again in the same call ("like I said, ...")


class ProspectLinesFile(Strict):
    """playbooks/prospect_lines.yaml: kept out of the matcher's corpus."""

    objections: list[ObjectionLines] = []
    answers: list[AnswerTopic] = []
