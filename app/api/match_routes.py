"""Objection matching and the library listing."""

from fastapi import APIRouter, Request

from app.api.deps import LiveLibraryDep, RetrieverDep, loaded
from app.api.hot_path import PlainRoute, documented_body, in_worker_thread, parse_body
from app.api.responses import ModelResponse
from app.api.schemas import (
    CategoriesResponse,
    CategoryOut,
    HealthResponse,
    MatchOut,
    MatchRequest,
    MatchResponse,
    ObjectionSummary,
    RebuttalOut,
    RebuttalStepOut,
)
from app.library import Library
from app.library.schema import Rebuttal
from app.matching.retriever import MatchResult, Retriever

router = APIRouter()
hot_router = APIRouter(route_class=PlainRoute)  # /api/match: see app.api.hot_path


def rebuttal_out(library: Library, rebuttal: Rebuttal) -> RebuttalOut:
    framework = library.frameworks[rebuttal.framework]
    steps = [RebuttalStepOut(key=s.key, title=s.title, text=rebuttal.steps[s.key]) for s in framework.steps]
    return RebuttalOut(id=rebuttal.id, title=rebuttal.title, framework=framework.id, steps=steps)


def match_response(library: Library, result: MatchResult) -> MatchResponse:
    rebuttals = rebuttals_by_objection(library)
    matches = [
        MatchOut(category=found.category, objection_id=found.objection_id,
                 canonical=library.objections[found.objection_id].canonical,
                 phrasing=found.phrasing, score=found.score, rebuttals=rebuttals[found.objection_id])
        for found in result.matches
    ]
    return MatchResponse(confident=result.confident, confidence=result.confidence,
                         category=result.category, matches=matches)


_rebuttals_built: tuple[str, dict[str, list[RebuttalOut]]] = ("", {})


def rebuttals_by_objection(library: Library) -> dict[str, list[RebuttalOut]]:
    """Every objection's rebuttals as response models, built once per library version.

    Building them for each answer took a third of a millisecond of a /api/match request;
    the models are never changed after they are built, so answers share them.
    """
    global _rebuttals_built
    fingerprint, built = _rebuttals_built
    if fingerprint != library.fingerprint:
        built = {oid: [rebuttal_out(library, r) for r in objection.rebuttals]
                 for oid, objection in library.objections.items()}
        _rebuttals_built = (library.fingerprint, built)  # one assignment: threads see old or new, whole
    return built


def answer_match(retriever: Retriever, text: str, k: int) -> ModelResponse:
    """Match and render the answer, all in the worker thread, so the event loop only sends bytes."""
    return ModelResponse(match_response(retriever.library, retriever.match(text, k)))


@hot_router.post("/api/match", response_model=MatchResponse, openapi_extra=documented_body(MatchRequest))
async def match_objection(request: Request) -> ModelResponse:
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
async def health(live: LiveLibraryDep, retriever: RetrieverDep) -> HealthResponse:
    library = retriever.library
    return HealthResponse(
        status="degraded" if live.last_error else "ok",
        categories=len(library.categories), phrasings=library.phrasing_count,
        index_size=retriever.index.size, library_fingerprint=library.fingerprint,
        last_error=live.last_error,
    )
