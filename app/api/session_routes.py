"""Coaching sessions: managers create and revoke, reps practise by link, coaches review by link."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from app.api.auth import ManagerDep
from app.api.deps import SessionsDep, SnapshotDep
from app.api.errors import AppError
from app.api.practice_routes import call_out
from app.api.schemas import (
    CallOut,
    CommentOut,
    CommentRequest,
    CreateSessionRequest,
    ReplyRequest,
    ReviewOut,
    SessionLinks,
    SessionOverviewOut,
)
from app.practice.coaching_sessions import CoachingSessions
from app.practice.service import CallSettings, PracticeError
from app.practice.transcript import transcript_markdown
from app.store.models import PracticeSession
from app.store.sessions import LinkGone

router = APIRouter()


def open_link(sessions: CoachingSessions, token: str, kind: str) -> PracticeSession:
    """The session behind a link: 404 if there is none, 410 once revoked or expired."""
    if len(token) > 100:
        raise AppError(404, "no practice session has this link")
    try:
        session = sessions.store.by_token(token, kind=kind)
    except LinkGone as exc:
        raise AppError(410, f"{exc}; ask your manager for a new one") from exc
    if session is None:
        raise AppError(404, "no practice session has this link; check it was copied whole")
    return session


def overview_out(sessions: CoachingSessions, session: PracticeSession, snapshot) -> SessionOverviewOut:
    o = sessions.overview(session, snapshot.retriever.library, now=datetime.now(UTC))
    return SessionOverviewOut(id=session.id, title=session.title, rep_name=session.rep_name, status=o.status,
                              attempts=o.attempts, best_score=o.best_score, last_activity=o.last_activity,
                              category_scores=o.category_scores, created_at=session.created_at,
                              expires_at=session.expires_at)


@router.post("/api/sessions", response_model=SessionLinks, status_code=201)
async def create_session(body: CreateSessionRequest, request: Request, _: ManagerDep,
                         sessions: SessionsDep) -> SessionLinks:
    settings = CallSettings(body.categories, body.difficulty, body.persona, objections=body.objections)
    try:
        created = await run_in_threadpool(lambda: sessions.create(
            title=body.title.strip(), rep_name=body.rep_name.strip(), settings=settings, expires_at=body.expires_at))
    except PracticeError as exc:
        raise AppError(422, str(exc), "invalid_input") from exc
    base = str(request.base_url).rstrip("/")
    return SessionLinks(id=created.session.id, practice_url=f"{base}/practice/{created.practice_token}",
                        review_url=f"{base}/review/{created.review_token}")


@router.get("/api/sessions", response_model=list[SessionOverviewOut])
async def list_sessions(_: ManagerDep, sessions: SessionsDep, snapshot: SnapshotDep) -> list[SessionOverviewOut]:
    rows = await run_in_threadpool(sessions.store.all)
    return [await run_in_threadpool(overview_out, sessions, row, snapshot) for row in rows]


@router.post("/api/sessions/{session_id}/revoke", status_code=204)
async def revoke_session(session_id: str, _: ManagerDep, sessions: SessionsDep) -> None:
    if not await run_in_threadpool(sessions.store.revoke, session_id):
        raise AppError(404, f"no session with id '{session_id}'")


@router.get("/api/practice/{token}", response_model=CallOut)
async def current_attempt(token: str, sessions: SessionsDep, snapshot: SnapshotDep) -> CallOut:
    session = await run_in_threadpool(open_link, sessions, token, "practice")
    call = await run_in_threadpool(sessions.current_call, session)
    return call_out(call, snapshot.retriever.library)


@router.post("/api/practice/{token}/replies", response_model=CallOut)
async def reply_in_session(token: str, body: ReplyRequest, sessions: SessionsDep, snapshot: SnapshotDep) -> CallOut:
    session = await run_in_threadpool(open_link, sessions, token, "practice")
    try:
        call = await run_in_threadpool(sessions.reply, session, body.text)
    except PracticeError as exc:
        raise AppError(409, str(exc)) from exc
    return call_out(call, snapshot.retriever.library)


@router.post("/api/practice/{token}/attempts", response_model=CallOut, status_code=201)
async def new_attempt(token: str, sessions: SessionsDep, snapshot: SnapshotDep) -> CallOut:
    session = await run_in_threadpool(open_link, sessions, token, "practice")
    try:
        call = await run_in_threadpool(sessions.new_attempt, session)
    except PracticeError as exc:
        raise AppError(409, str(exc)) from exc
    return call_out(call, snapshot.retriever.library)


def review_out(sessions: CoachingSessions, session: PracticeSession, snapshot) -> ReviewOut:
    library = snapshot.retriever.library
    calls = sessions.practice.store.for_session(session.id)
    overview = sessions.overview(session, library, now=datetime.now(UTC))
    comments = [CommentOut(id=c.id, call_id=c.call_id, position=c.position, author=c.author, text=c.text,
                           created_at=c.created_at) for c in sessions.store.comments(session.id)]
    return ReviewOut(title=session.title, rep_name=session.rep_name, status=overview.status,
                     attempts=[call_out(c, library) for c in calls], comments=comments)


@router.get("/api/review/{token}", response_model=ReviewOut)
async def review(token: str, sessions: SessionsDep, snapshot: SnapshotDep) -> ReviewOut:
    session = await run_in_threadpool(open_link, sessions, token, "review")
    return await run_in_threadpool(review_out, sessions, session, snapshot)


@router.post("/api/review/{token}/comments", response_model=CommentOut, status_code=201)
async def add_comment(token: str, body: CommentRequest, sessions: SessionsDep) -> CommentOut:
    session = await run_in_threadpool(open_link, sessions, token, "review")
    call = await run_in_threadpool(sessions.practice.store.get, body.call_id)
    if call is None or call.session_id != session.id:
        raise AppError(404, "call_id: no attempt with this id in this session")
    if not any(t.position == body.position for t in call.turns):
        raise AppError(422, f"position: attempt {call.attempt} has no turn {body.position}", "invalid_input")
    c = await run_in_threadpool(sessions.store.add_comment, session.id, call.id, body.position,
                                body.author.strip() or "Coach", body.text.strip())
    return CommentOut(id=c.id, call_id=c.call_id, position=c.position, author=c.author, text=c.text,
                      created_at=c.created_at)


@router.get("/review/{token}/transcript.md", response_class=PlainTextResponse)
async def export_transcript(token: str, sessions: SessionsDep, snapshot: SnapshotDep) -> PlainTextResponse:
    session = await run_in_threadpool(open_link, sessions, token, "review")
    data = await run_in_threadpool(review_out, sessions, session, snapshot)
    return PlainTextResponse(transcript_markdown(data), media_type="text/markdown",
                             headers={"content-disposition": 'attachment; filename="transcript.md"'})
