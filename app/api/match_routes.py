"""Objection matching and the library listing."""

from fastapi import APIRouter, Request, Response

from app.api.deps import LiveLibraryDep, RetrieverDep, loaded
from app.api.hot_path import PlainRoute, documented_body, in_worker_thread, parse_body
from app.api.presenters import match_json
from app.api.schemas import (
    CategoriesResponse,
    CategoryOut,
    HealthResponse,
    MatchRequest,
    MatchResponse,
    ObjectionSummary,
    TuningOut,
)
from app.matching.retriever import Retriever

router = APIRouter()
hot_router = APIRouter(route_class=PlainRoute)  # /api/match: see app.api.hot_path


def answer_match(retriever: Retriever, text: str, k: int) -> Response:
    """Match and render the answer, all in the worker thread, so the event loop only sends bytes."""
    return Response(match_json(retriever.library, retriever.match(text, k)), media_type="application/json")


@hot_router.post("/api/match", response_model=MatchResponse, openapi_extra=documented_body(MatchRequest))
async def match_objection(request: Request) -> Response:
    retriever = loaded(request.app.state.live_library).current
    body = await parse_body(request, MatchRequest)
    return await in_worker_thread(answer_match, retriever, body.text, body.k)


@router.get("/api/categories", response_model=CategoriesResponse)
async def list_categories(retriever: RetrieverDep) -> CategoriesResponse:
    categories = [
        CategoryOut(slug=c.slug, title=c.title, description=c.description, objections=[
            ObjectionSummary(id=o.id, canonical=o.canonical, phrasings=len(o.texts), rebuttals=len(o.rebuttals))
            for o in c.objections
        ])
        for c in retriever.library.categories.values()
    ]
    return CategoriesResponse(categories=categories)


@router.get("/healthz", response_model=HealthResponse)
async def health(request: Request, live: LiveLibraryDep) -> HealthResponse:
    snapshot = loaded(live).snapshot
    library = snapshot.retriever.library
    tuning = request.app.state.tuning.status
    return HealthResponse(
        status="degraded" if live.last_error else "ok",
        categories=len(library.categories), phrasings=library.phrasing_count,
        index_size=snapshot.retriever.index.size, library_fingerprint=library.fingerprint,
        last_error=live.last_error,
        tuning=TuningOut(**tuning.as_dict(), provisional=snapshot.provisional),
    )
