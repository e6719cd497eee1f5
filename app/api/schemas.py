"""Request and response bodies of the JSON API, one pair per use."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from app.practice.voice_timing import VoiceTiming
from app.text_rules import refuse_control_characters

MAX_TEXT_CHARS = 1000
MAX_REPLY_CHARS = 2000


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must contain some text, not only whitespace")
    return value


def _in_the_future(moment: datetime) -> datetime:
    if moment <= datetime.now(UTC):
        raise ValueError("must be in the future; a link that has already expired would open nothing")
    return moment


UserText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS), AfterValidator(_not_blank)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value):
        """A NUL byte or other control character is refused here, before any database sees it."""
        return refuse_control_characters(value)


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
    confidence: float = Field(description="Calibrated probability that the text is an objection; "
                                          "confident above the fitted threshold")
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


class TuningOut(BaseModel):
    """The background tuning: what serves now and how far the better model has come."""

    state: str  # off, idle, waiting, running, swapping, failed, stopped
    model: str  # "base" or the serving tuned model's fingerprint
    provisional: bool  # the model serving was not tuned on exactly this library
    target: str | None = None
    epoch: int | None = None
    epochs: int | None = None
    step: int | None = None
    steps: int | None = None
    seconds: float | None = None
    error: str | None = None


class HealthResponse(BaseModel):
    status: str
    categories: int
    phrasings: int
    index_size: int
    library_fingerprint: str
    last_error: str | None = None
    tuning: TuningOut


class ScoreRequest(Request):
    objection: UserText | None = None
    objection_id: Annotated[str, Field(min_length=1, max_length=160)] | None = None
    reply: Annotated[str, Field(min_length=1, max_length=MAX_REPLY_CHARS), AfterValidator(_not_blank)]


class QuoteOut(BaseModel):
    text: str = Field(description="the part of the reply that made the move")
    start: int = Field(description="where that part starts in the reply (characters)")
    end: int
    words: list[str] = Field(description="the cue words in it that pulled towards this move")


class PointsOut(BaseModel):
    key: str = Field(description="a step or pitfall key, or relevance")
    label: str
    points: int = Field(description="negative for a pitfall")
    out_of: int = Field(description="0 for a pitfall")
    reason: str


class ScoreResponse(BaseModel):
    score: int = Field(ge=0, le=100, description="the sum of `points`, kept within 0..100")
    category: str
    objection_id: str
    objection_confident: bool = Field(description="False when free objection text matched nothing with confidence")
    steps: dict[str, float] = Field(description="step -> strength 0..1; 0.5 or more is a hit")
    pitfalls: dict[str, float] = Field(description="pitfall -> strength 0..1; 0.5 or more is flagged")
    quotes: dict[str, QuoteOut] = Field(description="each step hit and pitfall flagged, with the words behind it")
    points: list[PointsOut]
    feedback: list[str]
    tip: str
    model_rebuttal: str
    model_rebuttal_steps: list[RebuttalStepOut]


class StartCallRequest(Request):
    categories: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(default=["mixed"], max_length=20)
    difficulty: Annotated[str, Field(min_length=1, max_length=20)] = "normal"
    persona: Annotated[str, Field(min_length=1, max_length=60)]
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)


class VoiceTimingIn(Request):
    latency_ms: int = Field(ge=0, le=3_600_000, description="from the prospect's last word to the rep's first")
    duration_ms: int = Field(ge=0, le=3_600_000, description="from the rep's first word to the last")


class ReplyRequest(Request):
    text: Annotated[str, Field(min_length=1, max_length=MAX_REPLY_CHARS), AfterValidator(_not_blank)]
    voice: VoiceTimingIn | None = Field(default=None, description="set when the reply was spoken in voice mode")

    def voice_timing(self) -> VoiceTiming | None:
        return VoiceTiming(self.voice.latency_ms, self.voice.duration_ms) if self.voice else None


class TurnOut(BaseModel):
    position: int
    speaker: str
    text: str
    objection_id: str | None
    score: int | None
    steps: dict[str, float] | None
    coaching: dict | None
    voice: dict | None = Field(default=None, description="latency_ms and duration_ms of a spoken reply")


class TimingSummaryOut(BaseModel):
    spoken_replies: int
    mean_latency_ms: int
    longest_latency_ms: int
    mean_duration_ms: int
    longest_duration_ms: int


class ObjectionResultOut(BaseModel):
    objection_id: str
    category: str
    canonical: str
    best_score: int
    replies: int
    category_title: str


class PractiseNextOut(BaseModel):
    step: str | None
    step_title: str | None
    category: str | None
    category_title: str | None
    message: str


class SummaryOut(BaseModel):
    overall: int | None
    objections: list[ObjectionResultOut]
    step_averages: dict[str, float]
    strongest_step: str | None
    weakest_step: str | None
    practise_next: PractiseNextOut | None = None
    ended_by: str | None = None  # "rep" (End call) or "prospect" (hung up); None when booked
    timing: TimingSummaryOut | None = Field(default=None, description="over the spoken replies, if any")


class CallOut(BaseModel):
    id: str
    attempt: int
    status: str
    persona: str
    difficulty: str
    categories: list[str]
    seed: int
    objections_planned: int
    objections_raised: int
    turns: list[TurnOut]
    summary: SummaryOut | None


class RebuttalDraftIn(Request):
    id: Annotated[str, Field(min_length=1, max_length=160)] | None = None
    title: Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_not_blank)]
    steps: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS),
                                                                AfterValidator(_not_blank)]] = Field(max_length=10)


class EditRequest(Request):
    slug: Annotated[str, Field(min_length=1, max_length=60)]
    version: Annotated[str, Field(min_length=1, max_length=64)]
    objection_id: Annotated[str, Field(min_length=1, max_length=160)]
    phrasing: UserText | None = None  # a new phrasing, or the new wording of `replaces`
    replaces: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)] | None = None
    remove_phrasing: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)] | None = None
    rebuttal: RebuttalDraftIn | None = None


class PreviewRequest(Request):
    utterance: UserText
    edit: EditRequest | None = None


class EditResponse(BaseModel):
    slug: str
    version: str
    reloaded: bool
    error: str | None


class ReloadResponse(BaseModel):
    reloaded: bool
    error: str | None
    library_fingerprint: str


class CreateSessionRequest(Request):
    title: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_not_blank)]
    rep_name: Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_not_blank)]
    categories: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(default=["mixed"], min_length=1,
                                                                                 max_length=20)
    persona: Annotated[str, Field(min_length=1, max_length=60)]
    difficulty: Annotated[str, Field(min_length=1, max_length=20)] = "normal"
    objections: int = Field(default=3, ge=1, le=8)
    voice_required: bool = Field(default=False, description="the rep must answer out loud in voice mode")
    expires_at: Annotated[AwareDatetime, AfterValidator(_in_the_future)] | None = None


class SessionLinks(BaseModel):
    id: str
    practice_url: str
    review_url: str


class SessionOverviewOut(BaseModel):
    id: str
    practice_url: str | None = Field(description="null for sessions made before links could be copied again")
    review_url: str | None
    title: str
    rep_name: str
    status: str
    attempts: int
    best_score: int | None
    last_activity: datetime | None
    category_scores: dict[str, int]
    created_at: datetime
    expires_at: datetime | None
    voice_required: bool


class CommentRequest(Request):
    call_id: Annotated[str, Field(min_length=1, max_length=32)]
    position: int = Field(ge=0, le=10000)
    author: Annotated[str, Field(max_length=60, pattern=r"^[\w .'-]*$",
                                 description="the commenter's name; letters, spaces, dots, dashes")] = "Coach"
    text: Annotated[str, Field(min_length=1, max_length=MAX_REPLY_CHARS), AfterValidator(_not_blank)]


class CommentOut(BaseModel):
    id: int
    call_id: str
    position: int
    author: str
    role: str = Field(description="coach (from the review link) or manager; set by the server")
    text: str
    created_at: datetime


class ReviewOut(BaseModel):
    title: str
    rep_name: str
    status: str
    attempts: list[CallOut]
    comments: list[CommentOut]
