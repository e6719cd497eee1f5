"""The end-of-call card: score per objection, strongest and weakest step."""

from dataclasses import dataclass

from app.coaching.scorer import HIT
from app.library import Library
from app.store.models import Call


@dataclass(frozen=True)
class ObjectionResult:
    objection_id: str
    category: str
    canonical: str
    best_score: int
    replies: int


@dataclass(frozen=True)
class CallSummary:
    overall: int | None
    objections: list[ObjectionResult]
    step_averages: dict[str, float]
    strongest_step: str | None
    weakest_step: str | None


def summarise(call: Call, library: Library) -> CallSummary:
    return summarise_turns(call.turns, library)


def summarise_turns(turns, library: Library) -> CallSummary:
    """The card for any turns with a speaker, score, steps and objection_id: stored turns, or the API's
    `TurnOut`, so a review can show how an attempt still under way stands so far."""
    replies = [t for t in turns if t.speaker == "rep" and t.score is not None]
    by_objection: dict[str, list[int]] = {}
    for turn in replies:
        by_objection.setdefault(turn.objection_id, []).append(turn.score)
    results = []
    for objection_id, scores in by_objection.items():
        objection = library.objections.get(objection_id)
        results.append(ObjectionResult(
            objection_id, library.category_of.get(objection_id, "unknown"),
            objection.canonical if objection else objection_id, max(scores), len(scores)))
    totals: dict[str, list[float]] = {}
    for turn in replies:  # a step's average is the share of replies that hit it, as the rep saw them ticked
        for key, value in (turn.steps or {}).items():
            totals.setdefault(key, []).append(1.0 if float(value) >= HIT else 0.0)
    averages = {k: round(sum(v) / len(v), 3) for k, v in totals.items()}
    spread = averages and max(averages.values()) > min(averages.values())
    return CallSummary(
        overall=round(sum(r.best_score for r in results) / len(results)) if results else None,
        objections=results,
        step_averages=averages,
        strongest_step=max(averages, key=averages.get) if spread else None,  # no ranking when all are equal
        weakest_step=min(averages, key=averages.get) if spread else None,
    )
