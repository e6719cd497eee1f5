"""Dependencies that hand the lifespan's objects to routes.

They are `async` on purpose: FastAPI runs a plain `def` dependency in its thread pool, and
two thread hand-offs per request cost more than everything these functions do.
"""

from typing import Annotated

from fastapi import Depends, Request

from app.api.errors import AppError
from app.live_library import LiveLibrary, Snapshot
from app.matching.retriever import Retriever
from app.practice.coaching_sessions import CoachingSessions
from app.practice.service import PracticeService
from app.settings import Settings


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_live_library(request: Request) -> LiveLibrary:
    return request.app.state.live_library


def loaded(live: LiveLibrary) -> LiveLibrary:
    """The live library once it has loaded; until then, a 503."""
    if not live.loaded:
        raise AppError(503, "the objection library is still loading")
    return live


async def get_retriever(live: Annotated[LiveLibrary, Depends(get_live_library)]) -> Retriever:
    return loaded(live).current


async def get_snapshot(live: Annotated[LiveLibrary, Depends(get_live_library)]) -> Snapshot:
    return loaded(live).snapshot


async def get_practice(request: Request) -> PracticeService:
    return request.app.state.practice


async def get_sessions(request: Request) -> CoachingSessions:
    return request.app.state.sessions


SettingsDep = Annotated[Settings, Depends(get_settings)]
LiveLibraryDep = Annotated[LiveLibrary, Depends(get_live_library)]
RetrieverDep = Annotated[Retriever, Depends(get_retriever)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
PracticeDep = Annotated[PracticeService, Depends(get_practice)]
SessionsDep = Annotated[CoachingSessions, Depends(get_sessions)]
