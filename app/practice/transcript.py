"""A coaching session as Markdown: every attempt, turn by turn, with scores and comments."""

STEP_TITLES = {"acknowledge": "acknowledge", "ask": "ask", "reframe": "reframe", "next_step": "next step"}


def _plain(text: str) -> str:
    """One line, with Markdown's own characters escaped so a rep's text cannot restructure the file."""
    escaped = "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)
    return " ".join(escaped.split())


def transcript_markdown(review) -> str:
    lines = [f"# {_plain(review.title)}", "", f"Rep: {_plain(review.rep_name)} · status: {review.status}", ""]
    comments: dict[tuple[str, int], list] = {}
    for c in review.comments:
        comments.setdefault((c.call_id, c.position), []).append(c)
    for call in review.attempts:
        overall = call.summary.overall if call.summary else None
        lines += [f"## Attempt {call.attempt} ({call.status}{f', score {overall}' if overall is not None else ''})", ""]
        for turn in call.turns:
            who = "Rep" if turn.speaker == "rep" else "Prospect"
            lines.append(f"- **{who}:** {_plain(turn.text)}")
            if turn.score is not None:
                missed = [STEP_TITLES.get(k, k) for k, v in (turn.steps or {}).items() if v < 0.5]
                lines.append(f"  - score {turn.score}/100" + (f"; missed: {', '.join(missed)}" if missed else ""))
            if turn.voice:
                lines.append(f"  - spoken: {turn.voice['latency_ms'] / 1000:.1f} s to start, "
                             f"{turn.voice['duration_ms'] / 1000:.1f} s long")
            for c in comments.get((call.id, turn.position), []):
                lines.append(f"  - comment by {_plain(c.author)} ({c.role}): {_plain(c.text)}")
        lines.append("")
    return "\n".join(lines)
