"""Request and response bodies of the JSON API, one pair per use."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_TEXT_CHARS = 1000


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must contain some text, not only whitespace")
    return value


UserText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS), AfterValidator(_not_blank)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MatchRequest(Request):
    text: UserText
    k: int = Field(default=3, ge=1, le=20)


class RebuttalStepOut(BaseModel):
    key: str
    title: str
    text: str


class RebuttalOut(BaseModel):
    id: str
    title: str
    framework: str
    steps: list[RebuttalStepOut]


class MatchOut(BaseModel):
    category: str
    objection_id: str
    canonical: str
    phrasing: str
    score: float
    rebuttals: list[RebuttalOut]


class MatchResponse(BaseModel):
    confident: bool
    confidence: float = Field(description="Calibrated probability that the text is an objection of the first match's category")
    category: str | None = Field(description="The matched category when confident, else null")
    matches: list[MatchOut]


class ObjectionSummary(BaseModel):
    id: str
    canonical: str
    phrasings: int
    rebuttals: int


class CategoryOut(BaseModel):
    slug: str
    title: str
    description: str
    objections: list[ObjectionSummary]


class CategoriesResponse(BaseModel):
    categories: list[CategoryOut]


class HealthResponse(BaseModel):
    status: str
    categories: int
    phrasings: int
    index_size: int
    library_fingerprint: str
    last_error: str | None = None
