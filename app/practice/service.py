"""Running practice calls: start one, take the rep's reply, let the prospect react, save every turn."""

import random
from collections.abc import Callable
from dataclasses import dataclass

from app.coaching.explained import points_data, quotes_data
from app.coaching.scorer import HIT, ReplyScore, ReplyScorer
from app.library import Library
from app.practice.prospect import MIXED, Prospect
from app.practice.reading import read_reply
from app.practice.state import OPENING, CallState
from app.practice.voice_timing import VoiceTiming, timing_coaching
from app.store.calls import CallStore, NewTurn
from app.store.models import Call


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
        pickup = prospect.pick_up(state)
        turns = [NewTurn("prospect", line) for line in pickup.lines]
        return self.store.create(persona_id=settings.persona_id, difficulty=settings.difficulty,
                                 categories=categories, seed=seed, state=state.to_json(), turns=turns,
                                 session_id=session_id, attempt=attempt, objections=settings.objections)

    def reply(self, call_id: str, text: str, voice: VoiceTiming | None = None, *,
              admit: Callable[[Call], None] | None = None) -> tuple[Call, ReplyScore | None]:
        """Score the rep's reply to the objection on the table and append the prospect's reaction.

        The first reply of a call is the rep's opener: no objection is on the table yet, so it
        is not scored (the score is None) and the prospect answers it with a first concern.
        One transaction: the call is read locked, so a second tab's reply waits and then
        answers the prospect's newer line. The reply is embedded before the lock is taken,
        the slow part, which does not depend on the call. `admit` checks the call the route
        may answer for (it raises to refuse), inside the same transaction. A spoken reply brings
        its timings; they are kept with the turn and coached on, never scored.
        """
        library, scorer = self.snapshot()
        vectors = scorer.reply_vectors(text)
        with self.store.locked(call_id) as call:
            if call is None:
                raise KeyError(call_id)
            if admit is not None:
                admit(call)
            if call.status != "active":
                raise PracticeError("this call has finished; start a new one to practise again")
            state = CallState.from_json(call.state)
            state.follow_moves(library.moved)
            prospect = self._prospect(library, call.persona_id, call.difficulty, call.categories, call.seed,
                                      call.objections)
            if state.phase == OPENING:
                result = None
                reaction = prospect.hear_opener(state)
                turns = [NewTurn("rep", text, voice=voice.to_json() if voice else None)]
            else:
                objection = library.objections.get(state.current or "")
                if objection is None:
                    raise PracticeError("the playbook no longer has this call's objection; start a new call")
                result = scorer.score(objection, text, vectors=vectors)
                reading = read_reply(result.steps, result.pitfalls, result.score, text,
                                     library.prospect_lines.answers)
                reaction = prospect.react(state, reading)
                coaching = coaching_json(library, result)
                if voice is not None:
                    coaching["timing"] = timing_coaching(voice)
                turns = [NewTurn("rep", text, objection.id, result.score, result.steps, coaching,
                                 voice=voice.to_json() if voice else None)]
            turns += [NewTurn("prospect", line, reaction.objection_id) for line in reaction.lines]
            status = "active" if reaction.outcome == "continue" else reaction.outcome
            self.store.add_turns(call, turns, state=state.to_json(), status=status)
        return call, result

    def end(self, call_id: str, *, admit: Callable[[Call], None] | None = None) -> Call:
        """The rep hangs up. Ending a call that has already finished changes nothing."""
        with self.store.locked(call_id) as call:
            if call is None:
                raise KeyError(call_id)
            if admit is not None:
                admit(call)
            if call.status == "active":
                state = CallState.from_json(call.state)
                state.ended_by = "rep"
                self.store.add_turns(call, [], state=state.to_json(), status="ended")
        return call

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
        "quotes": quotes_data(result),
        "points": points_data(result),
        "pitfalls": {k: v for k, v in result.pitfalls.items() if v >= HIT},
        "on_concern": result.on_concern,
        "model_rebuttal": {
            "id": rebuttal.id, "title": rebuttal.title,
            "steps": [{"key": s.key, "title": s.title, "text": rebuttal.steps[s.key]} for s in framework.steps],
        },
    }
