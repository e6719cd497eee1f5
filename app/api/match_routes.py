"""Objection matching and the library listing."""

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from app.api.deps import LiveLibraryDep, RetrieverDep
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
from app.matching.retriever import MatchResult

router = APIRouter()


def rebuttal_out(library: Library, rebuttal: Rebuttal) -> RebuttalOut:
    framework = library.frameworks[rebuttal.framework]
    steps = [RebuttalStepOut(key=s.key, title=s.title, text=rebuttal.steps[s.key]) for s in framework.steps]
    return RebuttalOut(id=rebuttal.id, title=rebuttal.title, framework=framework.id, steps=steps)


def match_response(library: Library, result: MatchResult) -> MatchResponse:
    matches = []
    for found in result.matches:
        objection = library.objections[found.objection_id]
        matches.append(MatchOut(
            category=found.category, objection_id=found.objection_id, canonical=objection.canonical,
            phrasing=found.phrasing, score=found.score,
            rebuttals=[rebuttal_out(library, r) for r in objection.rebuttals],
        ))
    return MatchResponse(confident=result.confident, confidence=result.confidence,
                         category=result.category, matches=matches)


@router.post("/api/match", response_model=MatchResponse)
async def match_objection(body: MatchRequest, retriever: RetrieverDep) -> ModelResponse:
    result = await run_in_threadpool(retriever.match, body.text, body.k)
    return ModelResponse(match_response(retriever.library, result))


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
