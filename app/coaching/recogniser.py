"""Which moves a reply makes, where, and which words made each decision.

Each clause is given the move the classifier ranks first (neutral talk included). A move's
strength is its best clause's share against that clause's strongest rival, so it reaches 0.5
exactly where the move wins a clause. Three rules follow the move definitions: an ask is a
question, so a clause with neither a question mark nor a question's opening words counts for ask
at half strength; caving is giving up, so a reply that still proposes a next step has not caved;
and a few words that open a reply which goes on to a step ("No worries, Jess.", "Sure.") are the
rep taking the concern in, so they acknowledge it rather than cave or fill.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.coaching.clauses import Clause
from app.coaching.cues import CueMatch, find_cues
from app.coaching.moves import MoveClassifier

HIT = 0.5
NEUTRAL = "neutral"
QUESTION_CUES = {"question_mark", "open_question", "yes_no_question"}
# Pitfalls are weighed down before a clause's move is picked: a wrongly flagged pitfall costs a
# good reply 40 points, a wrongly missed one only the warning (see docs/decisions.md, issue 15).
PITFALL_PRIOR = 0.5
STEPS_AND_NEUTRAL = {"acknowledge", "ask", "reframe", "next_step", NEUTRAL}
LATER_STEPS = {"ask", "reframe", "next_step"}
NOT_RECEIVING = QUESTION_CUES | {"line_trouble", "small_talk"}  # a question or an aside is not a receipt
OPENER_WORDS = 6  # an opener longer than this says more than "I heard you"


@dataclass(frozen=True)
class ClauseJudgement:
    clause: Clause
    move: str  # the move this clause makes, or neutral
    strengths: dict[str, float]
    cues: list[CueMatch]


@dataclass(frozen=True)
class Finding:
    """A recognised move and its reason: the clause that made it and the cue words that pulled for it."""

    move: str
    strength: float
    clause: Clause
    words: list[str]


@dataclass(frozen=True)
class Recognition:
    clauses: list[ClauseJudgement]
    strengths: dict[str, float]  # every move, 0..1; HIT or more means recognised
    findings: dict[str, Finding]  # the recognised moves only


def _rival_shares(row: np.ndarray) -> np.ndarray:
    """Each move's probability against the strongest other move's: above 0.5 only for the winner."""
    top_two = np.sort(row)[-2:]
    rivals = np.where(row == top_two[1], top_two[0], top_two[1])
    return row / np.maximum(row + rivals, 1e-12)


def judge_clauses(clauses: list[Clause], vectors: np.ndarray, classifier: MoveClassifier) -> list[ClauseJudgement]:
    """The move each clause makes; `vectors` are the clauses' embeddings, in order."""
    cues = [find_cues(c.text) for c in clauses]
    probabilities = classifier.probabilities(vectors, cues)
    prior = np.array([PITFALL_PRIOR if m not in STEPS_AND_NEUTRAL else 1.0 for m in classifier.moves])
    probabilities = probabilities * prior
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    judgements = []
    for clause, clause_cues, row in zip(clauses, cues, probabilities, strict=True):
        shares: dict[str, float] = dict(zip(classifier.moves, _rival_shares(row).tolist(), strict=True))
        if "ask" in shares and not QUESTION_CUES & {c.name for c in clause_cues}:
            shares["ask"] *= 0.5
        move = max(shares, key=lambda m: shares[m])
        judgements.append(ClauseJudgement(clause, move if shares[move] >= HIT else NEUTRAL, shares, clause_cues))
    return judgements


def _not_caving(judgement: ClauseJudgement) -> ClauseJudgement:
    """A retreat ("I won't keep you") in a reply that still proposes a next step has not given up."""
    strengths = {**judgement.strengths, "cave": min(judgement.strengths["cave"], HIT - 0.01)}
    return ClauseJudgement(judgement.clause, NEUTRAL, strengths, judgement.cues)


def acknowledging_openers(judgements: list[ClauseJudgement]) -> list[ClauseJudgement]:
    """Short retreat or filler clauses before a reply's first later step count as acknowledging."""
    first_step = next((i for i, j in enumerate(judgements) if j.move in LATER_STEPS), None)
    if first_step is None:
        return judgements
    judged = []
    for i, judgement in enumerate(judgements):
        if (i < first_step and judgement.move in ("cave", NEUTRAL)
                and len(judgement.clause.text.split()) <= OPENER_WORDS
                and judgement.strengths["acknowledge"] >= max(judgement.strengths[m] for m in LATER_STEPS)
                and not NOT_RECEIVING & {c.name for c in judgement.cues}):
            strengths = {**judgement.strengths, "cave": min(judgement.strengths["cave"], HIT - 0.01),
                         "acknowledge": max(judgement.strengths["acknowledge"], HIT)}
            judgement = ClauseJudgement(judgement.clause, "acknowledge", strengths, judgement.cues)
        judged.append(judgement)
    return judged


def recognise(clauses: list[Clause], vectors: np.ndarray, classifier: MoveClassifier,
              moves: Sequence[str]) -> Recognition:
    judgements = judge_clauses(clauses, vectors, classifier)
    if any(j.move == "next_step" for j in judgements):
        judgements = [_not_caving(j) if j.move == "cave" else j for j in judgements]
    judgements = acknowledging_openers(judgements)
    strengths, findings = {}, {}
    for move in moves:
        best = max(judgements, key=lambda j: float(j.strengths.get(move, 0.0)))
        strengths[move] = round(best.strengths.get(move, 0.0), 3)
        if best.move == move:
            words = [c.words for c in classifier.supporting(move, best.cues)]
            findings[move] = Finding(move, strengths[move], best.clause, words)
    return Recognition(judgements, strengths, findings)
