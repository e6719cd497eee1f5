"""How well the coach recognises each move, on rep lines written apart from the coaching examples.

The dev set (tests/data/coaching_dev.yaml) labels single lines with the one move they make and
whole replies with all of theirs. A move is recognised when its strength reaches the hit line,
as the rep sees it: a step ticked, a pitfall flagged.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from app.coaching.scorer import HIT, ReplyScore, ReplyScorer
from app.library import Library
from app.library.loader import load_yaml_file
from app.library.schema import EntryId, Objection, Slug, Strict, Text

NEUTRAL = "neutral"


class DevLine(Strict):
    objection: EntryId
    move: Slug
    text: Text


class DevReply(Strict):
    objection: EntryId
    moves: list[Slug] = Field(min_length=1)
    text: Text


class CoachingDevSet(Strict):
    lines: list[DevLine] = Field(min_length=1)
    replies: list[DevReply] = Field(min_length=1)


def load_dev_set(path: Path) -> CoachingDevSet:
    return load_yaml_file(path, CoachingDevSet)


def recognised(result: ReplyScore) -> set[str]:
    """The moves the rep is told about: steps ticked and pitfalls flagged."""
    return {k for k, v in result.steps.items() if v >= HIT} | {k for k, v in result.pitfalls.items() if v >= HIT}


@dataclass
class MoveReport:
    moves: list[str]
    recall: dict[str, tuple[int, int]]  # move -> (lines recognised, lines with that move)
    false_flags: dict[str, tuple[int, int]]  # move -> (lines flagged without it, lines without it)
    neutral_clean: tuple[int, int]  # neutral lines given no move at all
    exact_lines: tuple[int, int]
    exact_replies: tuple[int, int]
    missed: Counter = field(default_factory=Counter)  # (true move, what was recognised instead)
    extra: Counter = field(default_factory=Counter)  # (true move, move recognised as well or instead)
    reply_errors: Counter = field(default_factory=Counter)  # ("missing"/"extra", move) on whole replies


def share(counts: tuple[int, int]) -> float:
    return counts[0] / counts[1] if counts[1] else 0.0


def _objection(library: Library, objection_id: str) -> Objection:
    """The dev set keeps the ids it was labelled with; an objection that moved category is followed."""
    objection = library.objection(objection_id)
    if objection is None:
        raise ValueError(f"coaching dev set names objection '{objection_id}', which the library does not have")
    return objection


def evaluate_moves(scorer: ReplyScorer, library: Library, dev: CoachingDevSet) -> MoveReport:
    moves = [*scorer.step_keys, *scorer.pitfall_keys]
    hits: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    negatives: Counter[str] = Counter()
    totals = Counter(line.move for line in dev.lines)
    neutral_clean = exact_lines = exact_replies = 0
    report = MoveReport(moves, {}, {}, (0, 0), (0, 0), (0, 0))
    for line in dev.lines:
        found = recognised(scorer.score(_objection(library, line.objection), line.text))
        expected = set() if line.move == NEUTRAL else {line.move}
        hits[line.move] += line.move in found
        exact_lines += found == expected
        neutral_clean += line.move == NEUTRAL and not found
        for move in moves:
            if move != line.move:
                negatives[move] += 1
                flags[move] += move in found
        if line.move != NEUTRAL and line.move not in found:
            report.missed[(line.move, "+".join(sorted(found)) or "nothing")] += 1
        for move in found - expected:
            report.extra[(line.move, move)] += 1
    for reply in dev.replies:
        found = recognised(scorer.score(_objection(library, reply.objection), reply.text))
        exact_replies += found == set(reply.moves)
        report.reply_errors.update(("missing", m) for m in set(reply.moves) - found)
        report.reply_errors.update(("extra", m) for m in found - set(reply.moves))
    report.recall = {m: (hits[m], totals[m]) for m in moves}
    report.false_flags = {m: (flags[m], negatives[m]) for m in moves}
    report.neutral_clean = (neutral_clean, totals[NEUTRAL])
    report.exact_lines = (exact_lines, len(dev.lines))
    report.exact_replies = (exact_replies, len(dev.replies))
    return report
