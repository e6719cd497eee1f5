"""Objection matching and the library listing."""

import orjson
from fastapi import APIRouter, Request, Response
from pydantic import TypeAdapter

from app.api.deps import LiveLibraryDep, RetrieverDep, loaded
from app.api.hot_path import PlainRoute, documented_body, in_worker_thread, parse_body
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
    TuningOut,
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


def rebuttals_out(library: Library, objection_id: str) -> list[RebuttalOut]:
    return [rebuttal_out(library, r) for r in library.objections[objection_id].rebuttals]


def match_response(library: Library, result: MatchResult) -> MatchResponse:
    """The answer as a response model (the admin preview); /api/match sends the same through `match_json`."""
    matches = [
        MatchOut(category=found.category, objection_id=found.objection_id,
                 canonical=library.objections[found.objection_id].canonical,
                 phrasing=found.phrasing, score=found.score, rebuttals=rebuttals_out(library, found.objection_id))
        for found in result.matches
    ]
    return MatchResponse(confident=result.confident, confidence=result.confidence,
                         category=result.category, matches=matches)


def match_json(library: Library, result: MatchResult) -> bytes:
    """`match_response(library, result)` as JSON, byte for byte, with the rebuttals spliced in ready-made
    (a third of the time the response models take)."""
    rebuttals = rebuttal_json_by_objection(library)
    return orjson.dumps({
        "confident": result.confident, "confidence": result.confidence, "category": result.category,
        "matches": [{"category": found.category, "objection_id": found.objection_id,
                     "canonical": library.objections[found.objection_id].canonical,
                     "phrasing": found.phrasing, "score": found.score, "rebuttals": rebuttals[found.objection_id]}
                    for found in result.matches],
    })


_REBUTTAL_LIST = TypeAdapter(list[RebuttalOut])
_rebuttal_json: tuple[str, dict[str, orjson.Fragment]] = ("", {})


def rebuttal_json_by_objection(library: Library) -> dict[str, orjson.Fragment]:
    """Every objection's rebuttals as JSON, serialised once per library version."""
    global _rebuttal_json
    fingerprint, built = _rebuttal_json
    if fingerprint != library.fingerprint:
        built = {oid: orjson.Fragment(_REBUTTAL_LIST.dump_json(rebuttals_out(library, oid)))
                 for oid in library.objections}
        _rebuttal_json = (library.fingerprint, built)  # one assignment: threads see old or new, whole
    return built


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
