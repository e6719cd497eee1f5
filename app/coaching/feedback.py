"""Coaching in the rep's own words: a line per step and pitfall that quotes the reply, and one tip.

A hit step quotes the clause that earned it; a missed step says what the reply did instead
(opened with a pitch, asked only for a meeting, hung up); a pitfall quotes what triggered it.
The tip is the single change worth the most for this reply, and its example comes from this
objection's closest model rebuttal, so it fits the concern on the table.
"""

from dataclasses import dataclass

from app.coaching.points import PITFALL_POINTS, SPECIFICS, PointLine, specific_missing
from app.coaching.recogniser import NEUTRAL, QUESTION_CUES, ClauseJudgement, Recognition
from app.library.schema import CoachingFile, Rebuttal

ADVICE_FOR_MISSING_SPECIFIC = {
    "reframe": "back it with one number or a customer like them",
    "next_step": "give it a day and a time",
}


@dataclass(frozen=True)
class Coaching:
    feedback: list[str]
    tip: str


def _quote(text: str) -> str:
    return f"“{text}”"


def _words(words: list[str]) -> str:
    """The cue words, leaving out one already inside another ("fifty" in "fifty percent off")."""
    shown = [w for w in words if not any(w != other and w.lower() in other.lower() for other in words)][:3]
    return f" (the words that counted: {', '.join(_quote(w) for w in shown)})" if shown else ""


def _questions(recognition: Recognition) -> list[ClauseJudgement]:
    return [j for j in recognition.clauses if QUESTION_CUES & {c.name for c in j.cues}]


def _missed_step(key: str, recognition: Recognition, titles: dict[str, str]) -> str:
    """What the reply did where the step should have been."""
    found = recognition.findings
    if key == "acknowledge":
        first = next((j for j in recognition.clauses if j.move != NEUTRAL), None)
        if first:
            return f"your reply opens with {_quote(first.clause.text)} without first showing you heard the concern."
        return "nothing in your reply shows you heard the concern."
    if key == "ask":
        questions = [j for j in _questions(recognition) if j.move != "ask"]
        meeting = next((j for j in questions if j.move == "next_step"), None)
        if meeting:
            return f"your question {_quote(meeting.clause.text)} asks for a meeting, not about their situation."
        if questions:
            return f"your question {_quote(questions[0].clause.text)} does not explore their concern."
        return "there is no question in your reply: you answered before finding out what is behind the concern."
    if key == "reframe":
        if "feature_dump" in found:
            return f"{_quote(found['feature_dump'].clause.text)} lists features instead of answering the concern."
        if "discount" in found:
            return "you offered a lower price instead of showing what it is worth to them."
        return "nothing in your reply answers the concern with value or proof."
    for pitfall, doing in (("cave", "ends the conversation"), ("pressure", "pushes for a commitment")):
        if pitfall in found:
            return f"{_quote(found[pitfall].clause.text)} {doing} instead of proposing a small next step."
    return "your reply does not propose a next step with a time."


def feedback_lines(recognition: Recognition, lines: list[PointLine], coaching: CoachingFile,
                   titles: dict[str, str]) -> list[str]:
    praise = {s.key: s.praise for s in coaching.steps}
    feedback = []
    for line in lines:
        finding = recognition.findings.get(line.key)
        if line.key in praise:
            if finding is None:
                feedback.append(f"{line.label} missing: {_missed_step(line.key, recognition, titles)}")
            elif line.points < line.out_of:
                lacking = specific_missing(recognition, line.key)
                feedback.append(f"{line.label}: {_quote(finding.clause.text)} counts, but with {lacking} "
                                f"it earns {line.points} of {line.out_of}.")
            else:
                quoted = _quote(finding.clause.text)
                feedback.append(f"{line.label}: {quoted} {praise[line.key]}{_words(finding.words)}")
        elif finding is not None:
            feedback.append(f"{line.label}: {_quote(finding.clause.text)} costs {PITFALL_POINTS} points"
                            f"{_words(finding.words)}.")
    return feedback


def _example(rebuttal: Rebuttal, step: str) -> str:
    text = rebuttal.steps.get(step)
    return f" For this objection, something like: {_quote(text)}" if text else ""


def next_time_tip(recognition: Recognition, lines: list[PointLine], coaching: CoachingFile,
                  rebuttal: Rebuttal) -> str:
    """The one change worth most: a pitfall to drop, then the step losing most points, then a specific."""
    for pitfall in coaching.pitfalls:
        if pitfall.key in recognition.findings:
            return f"Instead of {_quote(recognition.findings[pitfall.key].clause.text)}: {pitfall.tip}"
    tips = {s.key: s.tip for s in coaching.steps}
    steps = [line for line in lines if line.key in tips]
    worst = max(steps, key=lambda line: line.out_of - line.points, default=None)
    if worst is not None and worst.points == 0 and worst.out_of:
        return tips[worst.key] + _example(rebuttal, worst.key)
    if worst is not None and worst.points < worst.out_of and worst.key in SPECIFICS:
        quoted = _quote(recognition.findings[worst.key].clause.text)
        return f"Make {quoted} specific: {ADVICE_FOR_MISSING_SPECIFIC[worst.key]}.{_example(rebuttal, worst.key)}"
    relevance = next((line for line in lines if line.key == "relevance"), None)
    if relevance is not None and relevance.points < relevance.out_of / 2:
        return "Tie your answer to the concern they actually raised." + _example(rebuttal, "reframe")
    return "Strong reply: every step, with specifics. Keep it this short and it will land on a real call."


def coach(recognition: Recognition, lines: list[PointLine], coaching: CoachingFile, titles: dict[str, str],
          rebuttal: Rebuttal) -> Coaching:
    return Coaching(feedback_lines(recognition, lines, coaching, titles),
                    next_time_tip(recognition, lines, coaching, rebuttal))
