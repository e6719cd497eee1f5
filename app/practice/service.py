"""Running practice calls: start one, take the rep's reply, let the prospect react, save every turn."""

import random
from collections.abc import Callable
from dataclasses import dataclass

from app.coaching.scorer import HIT, ReplyScore, ReplyScorer
from app.library import Library
from app.practice.prospect import MIXED, CallState, Prospect
from app.practice.voice_timing import VoiceTiming, timing_coaching
from app.store.calls import CallStore, ConcurrentReply, NewTurn
from app.store.models import Call

MAX_RETRIES = 5


class PracticeError(ValueError):
    """A request that does not fit this library or this call; the message says why."""


@dataclass(frozen=True)
class CallSettings:
    categories: list[str]
    difficulty: str
    persona_id: str
    seed: int | None = None
    objections: int | None = None  # overrides the difficulty's number of objections


class PracticeService:
    def __init__(self, store: CallStore, snapshot: Callable[[], tuple[Library, ReplyScorer]]):
        self.store = store
        self.snapshot = snapshot  # the live library may change between calls

    def check(self, settings: CallSettings, library: Library) -> None:
        unknown = [c for c in settings.categories if c != MIXED and c not in library.categories]
        if unknown:
            raise PracticeError(f"categories: unknown category {', '.join(unknown)}")
        if settings.persona_id not in library.personas:
            raise PracticeError(f"persona: unknown persona '{settings.persona_id}'")
        if settings.difficulty not in _difficulties(library):
            raise PracticeError(f"difficulty: unknown difficulty '{settings.difficulty}'")
        if not settings.categories:
            raise PracticeError("categories: choose at least one category, or mixed")

    def start(self, settings: CallSettings, *, session_id: str | None = None, attempt: int = 1) -> Call:
        library, _ = self.snapshot()
        self.check(settings, library)
        seed = settings.seed if settings.seed is not None else random.SystemRandom().randrange(2**31)
        categories = [c for c in settings.categories if c != MIXED] or [MIXED]
        prospect = self._prospect(library, settings.persona_id, settings.difficulty, categories, seed,
                                  settings.objections)
        state = CallState()
        opening = prospect.open(state)
        turns = [NewTurn("prospect", line, opening.objection_id) for line in opening.lines]
        return self.store.create(persona_id=settings.persona_id, difficulty=settings.difficulty,
                                 categories=categories, seed=seed, state=state.to_json(), turns=turns,
                                 session_id=session_id, attempt=attempt, objections=settings.objections)

    def reply(self, call_id: str, text: str, voice: VoiceTiming | None = None) -> tuple[Call, ReplyScore]:
        """Score the rep's reply to the objection on the table and append the prospect's reaction.

        A spoken reply brings its timings; they are kept with the turn and coached on, never scored.
        """
        for _ in range(MAX_RETRIES):
            call = self.store.get(call_id)
            if call is None:
                raise KeyError(call_id)
            if call.status != "active":
                raise PracticeError("this call has finished; start a new one to practise again")
            library, scorer = self.snapshot()
            state = CallState.from_json(call.state)
            objection = library.objections.get(state.current)
            if objection is None:
                raise PracticeError("the playbook no longer has this call's objection; start a new call")
            result = scorer.score(objection, text)
            prospect = self._prospect(library, call.persona_id, call.difficulty, call.categories, call.seed,
                                      call.objections)
            reaction = prospect.react(state, result.score, result.steps.get("next_step", 0) >= HIT)
            coaching = coaching_json(library, result)
            if voice is not None:
                coaching["timing"] = timing_coaching(voice)
            turns = [NewTurn("rep", text, objection.id, result.score, result.steps, coaching,
                             voice=voice.to_json() if voice else None)]
            turns += [NewTurn("prospect", line, reaction.objection_id) for line in reaction.lines]
            status = "active" if reaction.outcome == "continue" else reaction.outcome
            try:
                saved = self.store.append(call_id, call.turns[-1].position, turns, state=state.to_json(), status=status)
            except ConcurrentReply:
                continue  # another tab replied first: this reply answers the prospect's newer line
            return saved, result
        raise PracticeError("too many replies at once on this call; try again")

    @staticmethod
    def _prospect(library: Library, persona_id: str, difficulty: str, categories: list[str], seed: int,
                  objections: int | None) -> Prospect:
        persona = library.personas.get(persona_id) or next(iter(library.personas.values()))
        levels = _difficulties(library)
        level = levels.get(difficulty) or next(iter(levels.values()))
        if objections:
            level = level.model_copy(update={"objections": objections})
        return Prospect(library, persona, level, [c for c in categories if c in library.categories], seed)


def _difficulties(library: Library) -> dict:
    return {d.key: d for d in library.coaching.difficulties} if library.coaching else {}


def coaching_json(library: Library, result: ReplyScore) -> dict:
    rebuttal = result.model_rebuttal
    framework = library.frameworks[rebuttal.framework]
    return {
        "feedback": result.feedback,
        "tip": result.tip,
        "pitfalls": {k: v for k, v in result.pitfalls.items() if v >= HIT},
        "on_concern": result.on_concern,
        "model_rebuttal": {
            "id": rebuttal.id, "title": rebuttal.title,
            "steps": [{"key": s.key, "title": s.title, "text": rebuttal.steps[s.key]} for s in framework.steps],
        },
    }
