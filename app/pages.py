"""HTML pages: practice chat and library browser."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from app.api.deps import SessionsDep, SnapshotDep
from app.api.schemas import MAX_REPLY_CHARS, ReviewOut
from app.api.session_routes import Token, open_link, review_out
from app.library.slots import money
from app.practice.summary import summarise_turns

router = APIRouter()


def _practice_context(snapshot) -> dict:
    library = snapshot.retriever.library
    return {
        "categories": list(library.categories.values()),
        "personas": list(library.personas.values()),
        "difficulties": library.coaching.difficulties if library.coaching else [],
        "persona_cards": {p.id: p.model_dump(include={"name", "role", "company", "industry", "company_size", "voice"})
                          for p in library.personas.values()},
        "product": library.product,
        "money": money,
        "reply_limit": MAX_REPLY_CHARS,
        "session": None,
        **lookup_context(library, browse_url="/library"),
    }


def lookup_context(library, *, browse_url: str) -> dict:
    """What the lookup box needs: category titles, and where "browse this category" links go."""
    return {"lookup_categories": {slug: c.title for slug, c in library.categories.items()}, "browse_url": browse_url}


@router.get("/", response_class=HTMLResponse)
async def practice_page(request: Request, snapshot: SnapshotDep):
    return request.app.state.templates.TemplateResponse(request, "practice.html", _practice_context(snapshot))


@router.get("/practice/{token}", response_class=HTMLResponse)
async def session_practice_page(token: Token, request: Request, sessions: SessionsDep, snapshot: SnapshotDep):
    session = await run_in_threadpool(open_link, sessions, token, "practice")
    context = {**_practice_context(snapshot), "session": session, "token": token}
    return request.app.state.templates.TemplateResponse(request, "practice.html", context)


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


@router.get("/review/{token}", response_class=HTMLResponse)
async def review_page(token: Token, request: Request, sessions: SessionsDep, snapshot: SnapshotDep):
    session = await run_in_threadpool(open_link, sessions, token, "review")
    data = await run_in_threadpool(review_out, sessions, session, snapshot)
    return render_review(request, data, snapshot, comments_url=f"/api/review/{token}/comments",
                         transcript_url=f"/review/{token}/transcript.md")


@router.get("/library", response_class=HTMLResponse)
async def library_page(request: Request, snapshot: SnapshotDep):
    library = snapshot.retriever.library
    return request.app.state.templates.TemplateResponse(
        request, "library.html", {"library": library, "categories": list(library.categories.values()),
                                  **lookup_context(library, browse_url="")})
