"""Pydantic models of the playbook files. Unknown keys are errors, so typos never pass silently."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MIN_PHRASINGS = 8
MIN_REBUTTALS = 2

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$", max_length=160)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rebuttal(Strict):
    id: EntryId
    title: Text
    framework: Slug
    steps: dict[Slug, Text] = Field(min_length=1)


class Objection(Strict):
    id: EntryId
    canonical: Text
    phrasings: list[Text] = Field(min_length=MIN_PHRASINGS)
    follow_ups: list[EntryId] = []
    rebuttals: list[Rebuttal] = Field(min_length=MIN_REBUTTALS)
    former_ids: list[EntryId] = []  # ids it had before moving category; stored calls naming them still find it

    @property
    def texts(self) -> list[str]:
        """Every way this objection is worded: the canonical line first."""
        return [self.canonical, *self.phrasings]


class CategoryFile(Strict):
    slug: Slug
    title: Text
    description: Text
    objections: list[Objection] = Field(min_length=1)


class FrameworkStep(Strict):
    key: Slug
    title: Text
    definition: Text
    examples: list[Text] = Field(min_length=1)


class Framework(Strict):
    id: Slug
    name: Text
    steps: list[FrameworkStep] = Field(min_length=1)

    @property
    def step_keys(self) -> list[str]:
        return [step.key for step in self.steps]


class FrameworksFile(Strict):
    frameworks: list[Framework] = Field(min_length=1)


class NegativeGroup(Strict):
    name: Slug
    description: Text | None = None
    texts: list[Text] = Field(min_length=1)


class NegativesFile(Strict):
    groups: list[NegativeGroup] = Field(min_length=1)


class InScopeUtterance(Strict):
    text: Text
    category: Slug


class OutOfScopeUtterance(Strict):
    text: Text


class LabelledSet(Strict):
    """Utterances labelled with their category, or known not to be objections."""

    in_scope: list[InScopeUtterance] = Field(min_length=1)
    out_of_scope: list[OutOfScopeUtterance] = Field(min_length=1)


class PersonaVoice(Strict):
    """How the prospect sounds when voice mode reads their lines aloud."""

    gender: Literal["female", "male"]
    accent: Annotated[str, Field(pattern=r"^[a-z]{2}-[A-Z]{2}$", description="a BCP 47 tag such as en-GB")]
    rate: float = Field(default=1.0, ge=0.5, le=2.0)
    pitch: float = Field(default=1.0, ge=0.0, le=2.0)


class PersonaFacts(Strict):
    """What a persona knows about their own business; prospect lines name these through slots."""

    first_name: ShortText | None = None  # when not simply the first word of the name
    team: ShortText | None = None  # the people who would use the product, as a noun phrase
    seats: int | None = Field(default=None, ge=1, le=100_000)
    current_tool: ShortText | None = None
    tool_years: ShortText | None = None  # how long they have used it, in words
    approver: ShortText | None = None  # the person who signs off
    approver_title: ShortText | None = None
    colleague: ShortText | None = None  # someone they would bring to a meeting
    colleague_title: ShortText | None = None
    competitor: Slug | None = None  # a competitor id from product.yaml: the quote they have in hand
    budget_month: ShortText | None = None
    contract_end: ShortText | None = None
    project: ShortText | None = None  # what keeps them busy this quarter
    pain: Text | None = None  # what goes wrong today, as a sentence they would say
    goal: Text | None = None  # what they are judged on, as a sentence they would say


class Persona(Strict):
    id: Slug
    name: Text
    role: Text
    industry: Text
    company: Text
    company_size: Text
    temperament: Text
    voice: PersonaVoice | None = None
    opening_lines: list[Text] = Field(min_length=1)
    softening_lines: list[Text] = Field(min_length=1)
    pushback_lines: list[Text] = Field(min_length=1)
    closing_lines: list[Text] = Field(min_length=1)
    hangup_lines: list[Text] = Field(min_length=1)
    wrap_up_lines: list[Text] = []  # concerns settled, no next step proposed yet: the prospect asks what now
    facts: PersonaFacts = PersonaFacts()
    reactions: dict[Slug, Annotated[list[Text], Field(min_length=1)]] = {}  # pitfall key -> in-character lines


class PersonasFile(Strict):
    personas: list[Persona] = Field(min_length=1)


class StepCoaching(Strict):
    key: Slug
    praise: Text
    tip: Text
    examples: list[Text] = Field(min_length=3)


class Pitfall(Strict):
    key: Slug
    title: Text
    tip: Text
    examples: list[Text] = Field(min_length=3)


class Difficulty(Strict):
    key: Slug
    title: Text
    description: Text
    objections: int = Field(ge=1, le=10)
    pass_score: int = Field(ge=0, le=100)
    max_pushbacks: int = Field(ge=0, le=5)
    good_moves: int = Field(default=3, ge=1, le=12)  # framework steps a prospect must hear before a concern settles


class CoachingFile(Strict):
    """How replies are judged and coached: examples per framework step and per pitfall."""

    steps: list[StepCoaching] = Field(min_length=1)
    pitfalls: list[Pitfall] = []
    neutral: list[Text] = []
    difficulties: list[Difficulty] = Field(min_length=1)
