"""HTML pages: practice chat and library browser."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.api.deps import SnapshotDep

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def practice_page(request: Request, snapshot: SnapshotDep):
    library = snapshot.retriever.library
    context = {
        "categories": list(library.categories.values()),
        "personas": list(library.personas.values()),
        "difficulties": library.coaching.difficulties if library.coaching else [],
        "persona_cards": {p.id: p.model_dump(include={"name", "role", "company", "industry"})
                          for p in library.personas.values()},
    }
    return request.app.state.templates.TemplateResponse(request, "practice.html", context)


@router.get("/library", response_class=HTMLResponse)
async def library_page(request: Request, snapshot: SnapshotDep):
    library = snapshot.retriever.library
    return request.app.state.templates.TemplateResponse(
        request, "library.html", {"library": library, "categories": list(library.categories.values())})
