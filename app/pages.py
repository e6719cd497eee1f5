"""HTML pages: practice chat and library browser."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from app.api.deps import SessionsDep, SnapshotDep
from app.api.presenters import review_out
from app.api.schemas import MAX_REPLY_CHARS
from app.api.session_links import Token, open_link
from app.library.slots import money
from app.page_rendering import render_review

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
