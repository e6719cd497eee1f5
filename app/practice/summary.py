"""The end-of-call card: score per objection, strongest and weakest step."""

from dataclasses import dataclass

from app.library import Library
from app.practice.voice_timing import TimingSummary, VoiceTiming, summarise_timings
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
    timing: TimingSummary | None = None  # spoken replies only


def summarise(call: Call, library: Library) -> CallSummary:
    replies = [t for t in call.turns if t.speaker == "rep" and t.score is not None]
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
    for turn in replies:
        for key, value in (turn.steps or {}).items():
            totals.setdefault(key, []).append(float(value))
    averages = {k: round(sum(v) / len(v), 3) for k, v in totals.items()}
    spread = averages and max(averages.values()) > min(averages.values())
    return CallSummary(
        overall=round(sum(r.best_score for r in results) / len(results)) if results else None,
        objections=results,
        step_averages=averages,
        strongest_step=max(averages, key=averages.get) if spread else None,  # no ranking when all are equal
        weakest_step=min(averages, key=averages.get) if spread else None,
        timing=summarise_timings([t for t in (VoiceTiming.from_json(turn.voice) for turn in replies) if t]),
    )
