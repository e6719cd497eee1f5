"""Coaching sessions: managers create and revoke, reps practise by link, coaches review by link."""

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from app.api.auth import ManagerDep
from app.api.deps import SessionsDep, SettingsDep, SnapshotDep
from app.api.errors import AppError
from app.api.presenters import all_overviews, call_out, comment_out, link_urls, review_out, transcript_response
from app.api.rate_limit import CreationLimit, ScoringLimit
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
from app.api.session_links import SessionId, Token, managed_session, open_link
from app.practice.coaching_sessions import CoachingSessions, VoiceRequired
from app.practice.service import CallSettings, PracticeError
from app.store.models import PracticeSession

router = APIRouter()


@router.post("/api/sessions", response_model=SessionLinks, status_code=201)
async def create_session(body: CreateSessionRequest, _: ManagerDep, sessions: SessionsDep, settings: SettingsDep,
                         __: CreationLimit) -> SessionLinks:
    call_settings = CallSettings(body.categories, body.difficulty, body.persona, objections=body.objections)
    try:
        created = await run_in_threadpool(lambda: sessions.create(
            title=body.title.strip(), rep_name=body.rep_name.strip(), settings=call_settings,
            expires_at=body.expires_at, voice_required=body.voice_required))
    except PracticeError as exc:
        raise AppError(422, str(exc), "invalid_input") from exc
    practice_url, review_url = link_urls(settings.public_origin, created.practice_token, created.review_token)
    return SessionLinks(id=created.session.id, practice_url=practice_url, review_url=review_url)


@router.get("/api/sessions", response_model=list[SessionOverviewOut])
async def list_sessions(_: ManagerDep, sessions: SessionsDep, snapshot: SnapshotDep,
                        settings: SettingsDep) -> list[SessionOverviewOut]:
    return await run_in_threadpool(all_overviews, sessions, snapshot, settings.public_origin)


@router.post("/api/sessions/{session_id}/revoke", status_code=204)
async def revoke_session(session_id: SessionId, _: ManagerDep, sessions: SessionsDep) -> None:
    if not await run_in_threadpool(sessions.store.revoke, session_id):
        raise AppError(404, f"no session with id '{session_id}'")


@router.get("/api/sessions/{session_id}/review", response_model=ReviewOut)
async def review_as_manager(session_id: SessionId, _: ManagerDep, sessions: SessionsDep,
                            snapshot: SnapshotDep) -> ReviewOut:
    session = await run_in_threadpool(managed_session, sessions, session_id)
    return await run_in_threadpool(review_out, sessions, session, snapshot)


@router.post("/api/sessions/{session_id}/comments", response_model=CommentOut, status_code=201)
async def comment_as_manager(session_id: SessionId, body: CommentRequest, _: ManagerDep,
                             sessions: SessionsDep) -> CommentOut:
    session = await run_in_threadpool(managed_session, sessions, session_id)
    return await run_in_threadpool(save_comment, sessions, session, body, "manager")


@router.get("/api/practice/{token}", response_model=CallOut)
async def current_attempt(token: Token, sessions: SessionsDep, snapshot: SnapshotDep) -> CallOut:
    session = await run_in_threadpool(open_link, sessions, token, "practice")
    call = await run_in_threadpool(sessions.current_call, session)
    return call_out(call, snapshot.retriever.library)


@router.post("/api/practice/{token}/replies", response_model=CallOut)
async def reply_in_session(token: Token, body: ReplyRequest, sessions: SessionsDep, snapshot: SnapshotDep,
                           _: ScoringLimit) -> CallOut:
    session = await run_in_threadpool(open_link, sessions, token, "practice")
    try:
        call = await run_in_threadpool(sessions.reply, session, body.text, body.voice_timing())
    except VoiceRequired as exc:
        raise AppError(422, str(exc), "voice_required") from exc
    except PracticeError as exc:
        raise AppError(409, str(exc)) from exc
    return call_out(call, snapshot.retriever.library)


@router.post("/api/practice/{token}/end", response_model=CallOut)
async def end_attempt(token: Token, sessions: SessionsDep, snapshot: SnapshotDep) -> CallOut:
    session = await run_in_threadpool(open_link, sessions, token, "practice")
    try:
        call = await run_in_threadpool(sessions.end, session)
    except PracticeError as exc:
        raise AppError(409, str(exc)) from exc
    return call_out(call, snapshot.retriever.library)


@router.post("/api/practice/{token}/attempts", response_model=CallOut, status_code=201)
async def new_attempt(token: Token, sessions: SessionsDep, snapshot: SnapshotDep, _: CreationLimit) -> CallOut:
    session = await run_in_threadpool(open_link, sessions, token, "practice")
    try:
        call = await run_in_threadpool(sessions.new_attempt, session)
    except PracticeError as exc:
        raise AppError(409, str(exc)) from exc
    return call_out(call, snapshot.retriever.library)


def save_comment(sessions: CoachingSessions, session: PracticeSession, body: CommentRequest, role: str) -> CommentOut:
    call = sessions.practice.store.get(body.call_id)
    if call is None or call.session_id != session.id:
        raise AppError(404, "call_id: no attempt with this id in this session")
    if not any(t.position == body.position for t in call.turns):
        raise AppError(422, f"position: attempt {call.attempt} has no turn {body.position}", "invalid_input")
    named = "author" in body.model_fields_set  # unnamed, a comment is signed with the role ("Manager", "Coach")
    author = (" ".join(body.author.split()) if named else "") or role.title()
    return comment_out(sessions.store.add_comment(session.id, call.id, body.position, author, body.text.strip(), role))


@router.get("/api/review/{token}", response_model=ReviewOut)
async def review(token: Token, sessions: SessionsDep, snapshot: SnapshotDep) -> ReviewOut:
    session = await run_in_threadpool(open_link, sessions, token, "review")
    return await run_in_threadpool(review_out, sessions, session, snapshot)


@router.post("/api/review/{token}/comments", response_model=CommentOut, status_code=201)
async def add_comment(token: Token, body: CommentRequest, sessions: SessionsDep) -> CommentOut:
    session = await run_in_threadpool(open_link, sessions, token, "review")
    return await run_in_threadpool(save_comment, sessions, session, body, "coach")


@router.get("/review/{token}/transcript.md", response_class=PlainTextResponse)
async def export_transcript(token: Token, sessions: SessionsDep, snapshot: SnapshotDep) -> PlainTextResponse:
    session = await run_in_threadpool(open_link, sessions, token, "review")
    return transcript_response(await run_in_threadpool(review_out, sessions, session, snapshot))


@router.get("/admin/sessions/{session_id}/transcript.md", response_class=PlainTextResponse)
async def export_transcript_as_manager(session_id: SessionId, _: ManagerDep, sessions: SessionsDep,
                                       snapshot: SnapshotDep) -> PlainTextResponse:
    session = await run_in_threadpool(managed_session, sessions, session_id)
    return transcript_response(await run_in_threadpool(review_out, sessions, session, snapshot))
