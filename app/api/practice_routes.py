"""Reply scoring and practice calls."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool

from app.api.deps import PracticeDep, SettingsDep, SnapshotDep
from app.api.errors import AppError
from app.api.presenters import call_out, rebuttal_out
from app.api.rate_limit import CreationLimit, ScoringLimit
from app.api.responses import ModelResponse
from app.api.schemas import (
    CallOut,
    PointsOut,
    QuoteOut,
    ReplyRequest,
    ScoreRequest,
    ScoreResponse,
    StartCallRequest,
)
from app.coaching.explained import points_data, quotes_data
from app.practice.service import CallSettings, PracticeError
from app.store.models import Call
from app.store.sessions import as_utc

router = APIRouter()
CallId = Annotated[str, PathParam(max_length=32, pattern=r"^[0-9a-f]+$", description="a practice call's id")]


@router.post("/api/score", response_model=ScoreResponse)
async def score_reply(body: ScoreRequest, snapshot: SnapshotDep, _: ScoringLimit) -> ModelResponse:
    if snapshot.scorer is None:
        raise AppError(503, "reply scoring needs playbooks/coaching.yaml")
    library = snapshot.retriever.library
    if (body.objection is None) == (body.objection_id is None):
        raise AppError(422, "give exactly one of objection (text) or objection_id", "invalid_input")
    confident = True
    if body.objection_id is not None:
        objection = library.objections.get(body.objection_id)
        if objection is None:
            raise AppError(422, f"objection_id: unknown objection '{body.objection_id}'", "invalid_input")
    else:
        assert body.objection is not None  # exactly one of the two was given (checked above)
        match = await run_in_threadpool(snapshot.retriever.match, body.objection, 1)
        objection = library.objections[match.matches[0].objection_id]
        confident = match.confident
    result = await run_in_threadpool(snapshot.scorer.score, objection, body.reply)
    rebuttal = rebuttal_out(library, result.model_rebuttal)
    return ModelResponse(ScoreResponse(
        score=result.score, category=result.category, objection_id=objection.id, objection_confident=confident,
        steps=result.steps, pitfalls=result.pitfalls,
        quotes={k: QuoteOut(**v) for k, v in quotes_data(result).items()},
        points=[PointsOut(**line) for line in points_data(result)],
        feedback=result.feedback, tip=result.tip,
        model_rebuttal=" ".join(step.text for step in rebuttal.steps), model_rebuttal_steps=rebuttal.steps,
    ))


def admit_free_call(call: Call | None, call_id: str, idle_hours: float) -> Call:
    """A free-practice call. Calls of a coaching session open only through its practice link,
    so revoking or expiring the session closes them too."""
    if call is None or call.session_id is not None:
        raise AppError(404, f"no practice call with id '{call_id}'")
    if as_utc(call.updated_at) < datetime.now(UTC) - timedelta(hours=idle_hours):
        raise AppError(410, f"this practice call expired after {idle_hours:g} hours without a reply; start a new one")
    return call


@router.post("/api/calls", response_model=CallOut, status_code=201)
async def start_call(body: StartCallRequest, practice: PracticeDep, snapshot: SnapshotDep,
                     _: CreationLimit) -> CallOut:
    settings = CallSettings(body.categories, body.difficulty, body.persona, body.seed)
    try:
        call = await run_in_threadpool(practice.start, settings)
    except PracticeError as exc:
        raise AppError(422, str(exc), "invalid_input") from exc
    return call_out(call, snapshot.retriever.library)


@router.get("/api/calls/{call_id}", response_model=CallOut)
async def get_call(call_id: CallId, practice: PracticeDep, snapshot: SnapshotDep, settings: SettingsDep) -> CallOut:
    call = await run_in_threadpool(practice.store.get, call_id)
    return call_out(admit_free_call(call, call_id, settings.anonymous_call_hours), snapshot.retriever.library)


@router.post("/api/calls/{call_id}/replies", response_model=CallOut)
async def reply_to_call(call_id: CallId, body: ReplyRequest, practice: PracticeDep, snapshot: SnapshotDep,
                        settings: SettingsDep, _: ScoringLimit) -> CallOut:
    def admit(call: Call) -> None:
        admit_free_call(call, call_id, settings.anonymous_call_hours)

    try:
        call, _score = await run_in_threadpool(
            lambda: practice.reply(call_id, body.text, body.voice_timing(), admit=admit))
    except KeyError as exc:
        raise AppError(404, f"no practice call with id '{call_id}'") from exc
    except PracticeError as exc:
        raise AppError(409, str(exc)) from exc
    return call_out(call, snapshot.retriever.library)


@router.post("/api/calls/{call_id}/end", response_model=CallOut)
async def end_call(call_id: CallId, practice: PracticeDep, snapshot: SnapshotDep, settings: SettingsDep) -> CallOut:
    """The rep hangs up: the call ends with its summary. Ending an ended call changes nothing."""
    def admit(call: Call) -> None:
        admit_free_call(call, call_id, settings.anonymous_call_hours)

    try:
        call = await run_in_threadpool(lambda: practice.end(call_id, admit=admit))
    except KeyError as exc:
        raise AppError(404, f"no practice call with id '{call_id}'") from exc
    except PracticeError as exc:
        raise AppError(409, str(exc)) from exc
    return call_out(call, snapshot.retriever.library)
