"""Rendering shared by the public pages and the manager's pages."""

from fastapi import Request

from app.api.schemas import ReviewOut
from app.practice.summary import summarise_turns


def render_review(request: Request, data: ReviewOut, snapshot, *, comments_url: str, transcript_url: str,
                  manager: bool = False):
    """The review page, for a coach with the review link or for the manager (whose view survives revoking)."""
    library = snapshot.retriever.library
    framework = library.frameworks[next(iter(library.frameworks))]
    comments: dict = {}
    for c in data.comments:
        comments.setdefault((c.call_id, c.position), []).append(c)
    progress = {call.id: summarise_turns(call.turns, library) for call in data.attempts}  # active ones too
    context = {"review": data, "comments": comments, "comments_url": comments_url, "transcript_url": transcript_url,
               "step_titles": {s.key: s.title for s in framework.steps}, "progress": progress,
               "manager": manager}
    return request.app.state.templates.TemplateResponse(request, "review.html", context)
