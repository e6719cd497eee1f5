"""The score as points a rep can add up: each step, each pitfall and relevance, with the reason.

A step is worth its full points when recognised, and reframe and next step ask for a specific:
a reframe with no number or customer example, or a next step with no day or time, earns
SPECIFIC_SHARE of its points. Every flagged pitfall costs PITFALL_POINTS. Relevance gives up to
RELEVANCE_POINTS for staying nearer this objection's rebuttals than another category's, once the
reply makes at least one step (a lone emoji is near nothing in particular). The score is the sum,
kept within 0..100.
"""

from dataclasses import dataclass

from app.coaching.recogniser import Recognition

STEP_POINTS = {"acknowledge": 20, "ask": 20, "reframe": 25, "next_step": 25}
PITFALL_POINTS = 40
RELEVANCE_POINTS = 10
SPECIFIC_SHARE = 0.6
# Which cues make a step specific, and what the rep is told is missing without them.
SPECIFICS = {
    "reframe": ({"number", "customer_proof"}, "no number or customer example"),
    "next_step": ({"day_or_time"}, "no day or time"),
}


@dataclass(frozen=True)
class PointLine:
    key: str  # a step or pitfall key, or "relevance"
    label: str
    points: int  # negative for a pitfall
    out_of: int  # 0 for a pitfall
    reason: str


def specific_missing(recognition: Recognition, step: str) -> str | None:
    """What a recognised reframe or next step lacks to be specific, or None if nothing."""
    finding = recognition.findings.get(step)
    if finding is None or step not in SPECIFICS:
        return None
    wanted, missing = SPECIFICS[step]
    cues = next(j.cues for j in recognition.clauses if j.clause == finding.clause)
    return None if wanted & {c.name for c in cues} else missing


def step_line(recognition: Recognition, step: str, title: str) -> PointLine:
    out_of = STEP_POINTS.get(step, 0)
    finding = recognition.findings.get(step)
    if finding is None:
        return PointLine(step, title, 0, out_of, "not found in your reply")
    lacking = specific_missing(recognition, step)
    if lacking:
        return PointLine(step, title, round(out_of * SPECIFIC_SHARE), out_of, f"found, but {lacking}")
    return PointLine(step, title, out_of, out_of, "found")


def point_lines(recognition: Recognition, step_titles: dict[str, str], pitfall_titles: dict[str, str],
                on_concern: float) -> list[PointLine]:
    lines = [step_line(recognition, key, title) for key, title in step_titles.items()]
    for key, title in pitfall_titles.items():
        if key in recognition.findings:
            lines.append(PointLine(key, title, -PITFALL_POINTS, 0, f"“{recognition.findings[key].clause.text}”"))
    if not any(key in recognition.findings for key in step_titles):
        relevance, reason = 0, "no step of the framework to be relevant with"
    else:
        relevance = round(RELEVANCE_POINTS * on_concern)
        reason = ("close to how this concern is answered" if relevance >= RELEVANCE_POINTS / 2
                  else "sounds more like an answer to another concern")
    lines.append(PointLine("relevance", "Relevance", relevance, RELEVANCE_POINTS, reason))
    return lines


def total(lines: list[PointLine]) -> int:
    return max(0, min(100, sum(line.points for line in lines)))
