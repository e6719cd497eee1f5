"""Finding a coaching session from a share link's token or, for its manager, from its id."""

from typing import Annotated

from fastapi import Path as PathParam

from app.api.errors import AppError
from app.practice.coaching_sessions import CoachingSessions
from app.store.models import PracticeSession
from app.store.sessions import LinkGone

Token = Annotated[str, PathParam(max_length=100, pattern=r"^[A-Za-z0-9_-]+$", description="a share link's token")]
SessionId = Annotated[str, PathParam(max_length=32, pattern=r"^[0-9a-f]+$", description="a session's id")]


def open_link(sessions: CoachingSessions, token: str, kind: str) -> PracticeSession:
    """The session behind a link: 404 if there is none, 410 once revoked or expired."""
    try:
        session = sessions.store.by_token(token, kind=kind)
    except LinkGone as exc:
        raise AppError(410, f"{exc}; ask your manager for a new one") from exc
    if session is None:
        raise AppError(404, "no practice session has this link; check it was copied whole")
    return session


def managed_session(sessions: CoachingSessions, session_id: str) -> PracticeSession:
    """A session as its manager sees it: revoked or expired, it is still there to review."""
    session = sessions.store.get(session_id)
    if session is None:
        raise AppError(404, f"no session with id '{session_id}'")
    return session
