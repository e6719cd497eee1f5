"""A scored reply's explanation as plain data: the quotes behind each move and the points.

The same shape goes out in the score API and into a practice turn's stored coaching, so the
practice page and the review page render one thing.
"""

from app.coaching.scorer import ReplyScore


def quotes_data(result: ReplyScore) -> dict[str, dict]:
    return {move: {"text": f.clause.text, "start": f.clause.start, "end": f.clause.end, "words": f.words}
            for move, f in result.quotes.items()}


def points_data(result: ReplyScore) -> list[dict]:
    return [{"key": p.key, "label": p.label, "points": p.points, "out_of": p.out_of, "reason": p.reason}
            for p in result.points]
