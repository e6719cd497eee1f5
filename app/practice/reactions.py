"""How the prospect takes a pitfall: each one gets its own in-character reaction.

Caving ends the call. Every other pitfall is a strike on the current concern, and the call
ends once strikes pass the difficulty's patience. Arguing also cools the prospect for the rest
of the call, and an off-topic reply is steered back to the concern.
"""

from dataclasses import dataclass

from app.library.schema import Difficulty
from app.practice.lines import Voice
from app.practice.state import CallState

CONTINUE, BOOKED, ENDED = "continue", "booked", "ended"


@dataclass(frozen=True)
class ProspectTurn:
    lines: list[str]  # what the prospect says, in order
    objection_id: str | None  # the objection now on the table, if any
    outcome: str  # continue, booked or ended


def hang_up(voice: Voice, state: CallState, *before: str | None) -> ProspectTurn:
    """End the call; a hang-up line is always fresh, since it is said once a call."""
    state.ended_by = "prospect"
    line = voice.pick(voice.own("hangup")) or voice.render(voice.own("hangup")[0])
    return ProspectTurn([*filter(None, before), line], None, ENDED)


def react_to_pitfall(voice: Voice, state: CallState, pitfall: str, difficulty: Difficulty,
                     back_to: list[str]) -> ProspectTurn:
    """`back_to`: lines that steer an off-topic rep back (the concern again, or the wrap-up question)."""
    written = voice.reaction(pitfall)
    reaction = voice.pick(written) if written else voice.pick(voice.own("pushback"))
    if pitfall == "cave":
        state.ended_by = "prospect"
        return ProspectTurn([reaction], None, ENDED) if reaction else hang_up(voice, state)
    if reaction is None:  # the same mistake again, after every reaction to it was used: enough
        return hang_up(voice, state)
    state.pushbacks += 1
    if pitfall == "argue":
        state.coolness += 1
    if state.pushbacks > difficulty.max_pushbacks:
        return hang_up(voice, state, reaction)
    steer = voice.pick(back_to) if pitfall == "off_topic" else None
    return ProspectTurn([line for line in (reaction, steer) if line], state.current, CONTINUE)
