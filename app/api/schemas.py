"""Request and response bodies of the JSON API, one pair per use."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_TEXT_CHARS = 1000
MAX_REPLY_CHARS = 2000


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


class ScoreRequest(Request):
    objection: UserText | None = None
    objection_id: Annotated[str, Field(min_length=1, max_length=160)] | None = None
    reply: Annotated[str, Field(min_length=1, max_length=MAX_REPLY_CHARS), AfterValidator(_not_blank)]


class ScoreResponse(BaseModel):
    score: int = Field(ge=0, le=100)
    category: str
    objection_id: str
    objection_confident: bool = Field(description="False when free objection text matched nothing with confidence")
    steps: dict[str, float]
    pitfalls: dict[str, float]
    feedback: list[str]
    tip: str
    model_rebuttal: str
    model_rebuttal_steps: list[RebuttalStepOut]


class StartCallRequest(Request):
    categories: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(default=["mixed"], max_length=20)
    difficulty: Annotated[str, Field(min_length=1, max_length=20)] = "normal"
    persona: Annotated[str, Field(min_length=1, max_length=60)]
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)


class ReplyRequest(Request):
    text: Annotated[str, Field(min_length=1, max_length=MAX_REPLY_CHARS), AfterValidator(_not_blank)]


class TurnOut(BaseModel):
    position: int
    speaker: str
    text: str
    objection_id: str | None
    score: int | None
    steps: dict[str, float] | None
    coaching: dict | None


class ObjectionResultOut(BaseModel):
    objection_id: str
    category: str
    canonical: str
    best_score: int
    replies: int


class SummaryOut(BaseModel):
    overall: int | None
    objections: list[ObjectionResultOut]
    step_averages: dict[str, float]
    strongest_step: str | None
    weakest_step: str | None


class CallOut(BaseModel):
    id: str
    status: str
    persona: str
    difficulty: str
    categories: list[str]
    seed: int
    objections_planned: int
    objections_raised: int
    turns: list[TurnOut]
    summary: SummaryOut | None
