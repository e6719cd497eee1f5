"""The end-of-call card: score per objection, strongest and weakest step, and what to practise next."""

from dataclasses import dataclass, replace

from app.coaching.scorer import HIT
from app.library import Library
from app.practice.state import CallState
from app.practice.voice_timing import TimingSummary, VoiceTiming, summarise_timings
from app.store.models import Call


@dataclass(frozen=True)
class ObjectionResult:
    objection_id: str
    category: str
    canonical: str
    best_score: int
    replies: int
    category_title: str


@dataclass(frozen=True)
class PractiseNext:
    """The one step and the one category the rep should drill next, and a sentence that says so."""

    step: str | None
    step_title: str | None
    category: str | None
    category_title: str | None
    message: str


@dataclass(frozen=True)
class CallSummary:
    overall: int | None
    objections: list[ObjectionResult]
    step_averages: dict[str, float]
    strongest_step: str | None
    weakest_step: str | None
    practise_next: PractiseNext | None = None
    ended_by: str | None = None  # "rep" or "prospect"; None for a booked meeting or a call stored before
    timing: TimingSummary | None = None  # spoken replies only


def summarise(call: Call, library: Library) -> CallSummary:
    summary = summarise_turns(call.turns, library)
    ended_by = CallState.from_json(call.state).ended_by if call.status == "ended" else None
    return replace(summary, ended_by=ended_by)


def summarise_turns(turns, library: Library) -> CallSummary:
    """The card for any turns with a speaker, score, steps and objection_id: stored turns, or the API's
    `TurnOut`, so a review can show how an attempt still under way stands so far."""
    replies = [t for t in turns if t.speaker == "rep" and t.score is not None]
    by_objection: dict[str, list[int]] = {}
    for turn in replies:  # an old call may name an id that has since moved category, or is gone
        objection = library.objection(turn.objection_id)
        by_objection.setdefault(objection.id if objection else turn.objection_id, []).append(turn.score)
    results = []
    for objection_id, scores in by_objection.items():
        objection = library.objections.get(objection_id)
        slug = library.category_of.get(objection_id, "unknown")
        category = library.categories.get(slug)
        results.append(ObjectionResult(
            objection_id, slug, objection.canonical if objection else objection_id, max(scores), len(scores),
            category.title if category else slug.replace("_", " ").capitalize()))
    totals: dict[str, list[float]] = {}
    for turn in replies:  # a step's average is the share of replies that hit it, as the rep saw them ticked
        for key, value in (turn.steps or {}).items():
            totals.setdefault(key, []).append(1.0 if float(value) >= HIT else 0.0)
    averages = {k: round(sum(v) / len(v), 3) for k, v in totals.items()}
    spread = averages and max(averages.values()) > min(averages.values())
    weakest = min(averages, key=lambda k: averages[k]) if spread else None
    return CallSummary(
        overall=round(sum(r.best_score for r in results) / len(results)) if results else None,
        objections=results,
        step_averages=averages,
        strongest_step=max(averages, key=averages.__getitem__) if spread else None,  # no ranking when all are equal
        weakest_step=weakest,
        practise_next=practise_next(results, averages, weakest, library),
        timing=summarise_timings([t for t in (VoiceTiming.from_json(turn.voice) for turn in replies) if t]),
    )


def practise_next(results: list[ObjectionResult], averages: dict[str, float], weakest: str | None,
                  library: Library) -> PractiseNext | None:
    """The weakest step (or, when all steps averaged the same, the first one mostly missed) and the
    category of the lowest-scoring objection."""
    if not results:
        return None
    framework = next(iter(library.frameworks.values()), None)
    titles = {s.key: s.title for s in framework.steps} if framework else {}
    order = list(titles) or list(averages)
    step = weakest or next((k for k in order if averages.get(k, 1.0) < HIT), None)
    lowest = min(results, key=lambda r: r.best_score)
    step_title = titles.get(step, step.replace("_", " ").capitalize()) if step else None
    if step:
        message = f"Practise next: {step_title}, on {lowest.category_title} objections."
    else:
        message = (f"Practise next: {lowest.category_title} objections, "
                   f"where your best reply scored {lowest.best_score}.")
    return PractiseNext(step, step_title, lowest.category, lowest.category_title, message)
