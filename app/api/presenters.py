"""Domain objects as response schemas: matches, rebuttals, practice calls, sessions and their reviews."""

from datetime import UTC, datetime

import orjson
from fastapi.responses import PlainTextResponse
from pydantic import TypeAdapter

from app.api.schemas import (
    CallOut,
    CommentOut,
    MatchOut,
    MatchResponse,
    ObjectionResultOut,
    PractiseNextOut,
    RebuttalOut,
    RebuttalStepOut,
    ReviewOut,
    SessionOverviewOut,
    SummaryOut,
    TimingSummaryOut,
    TurnOut,
)
from app.library import Library
from app.library.schema import Rebuttal
from app.matching.retriever import MatchResult
from app.practice.coaching_sessions import CoachingSessions
from app.practice.state import CallState
from app.practice.summary import summarise
from app.practice.transcript import transcript_markdown
from app.store.models import Call, Comment, PracticeSession


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
    (cheaper than the response models on the hot path; docs/decisions.md)."""
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


def call_out(call: Call, library: Library) -> CallOut:
    state = CallState.from_json(call.state)
    levels = library.coaching.difficulties if library.coaching else []
    difficulty = next((d for d in levels if d.key == call.difficulty), None)
    summary = None
    if call.status != "active":
        s = summarise(call, library)
        summary = SummaryOut(overall=s.overall, objections=[ObjectionResultOut(**r.__dict__) for r in s.objections],
                             step_averages=s.step_averages, strongest_step=s.strongest_step,
                             weakest_step=s.weakest_step, ended_by=s.ended_by,
                             practise_next=PractiseNextOut(**s.practise_next.__dict__) if s.practise_next else None,
                             timing=TimingSummaryOut(**s.timing.__dict__) if s.timing else None)
    return CallOut(
        id=call.id, attempt=call.attempt, status=call.status, persona=call.persona_id, difficulty=call.difficulty,
        categories=call.categories, seed=call.seed,
        objections_planned=call.objections or (difficulty.objections if difficulty else len(state.raised)),
        objections_raised=len(state.raised),
        turns=[TurnOut(position=t.position, speaker=t.speaker, text=t.text, objection_id=t.objection_id,
                       score=t.score, steps=t.steps, coaching=t.coaching, voice=t.voice) for t in call.turns],
        summary=summary,
    )


def link_urls(public_url: str | None, practice_token: str, review_token: str) -> tuple[str, str]:
    """Share links from the configured address, never from the request's Host header (which a client
    sets); with none configured they are relative, and the page they are shown on completes them."""
    base = (public_url or "").rstrip("/")
    return f"{base}/practice/{practice_token}", f"{base}/review/{review_token}"


def overview_out(sessions: CoachingSessions, session: PracticeSession, snapshot,
                 public_url: str | None) -> SessionOverviewOut:
    o = sessions.overview(session, snapshot.retriever.library, now=datetime.now(UTC))
    tokens = sessions.store.links_of(session)
    practice_url, review_url = link_urls(public_url, *tokens) if tokens else (None, None)
    return SessionOverviewOut(id=session.id, practice_url=practice_url, review_url=review_url,
                              title=session.title, rep_name=session.rep_name, status=o.status,
                              attempts=o.attempts, best_score=o.best_score, last_activity=o.last_activity,
                              category_scores=o.category_scores, created_at=session.created_at,
                              expires_at=session.expires_at, voice_required=session.voice_required)


def all_overviews(sessions: CoachingSessions, snapshot, public_url: str | None) -> list[SessionOverviewOut]:
    return [overview_out(sessions, row, snapshot, public_url) for row in sessions.store.all()]


def review_out(sessions: CoachingSessions, session: PracticeSession, snapshot) -> ReviewOut:
    library = snapshot.retriever.library
    calls = sessions.practice.store.for_session(session.id)
    overview = sessions.overview(session, library, now=datetime.now(UTC))
    comments = [comment_out(c) for c in sessions.store.comments(session.id)]
    return ReviewOut(title=session.title, rep_name=session.rep_name, status=overview.status,
                     attempts=[call_out(c, library) for c in calls], comments=comments)


def comment_out(c: Comment) -> CommentOut:
    return CommentOut(id=c.id, call_id=c.call_id, position=c.position, author=c.author, role=c.role, text=c.text,
                      created_at=c.created_at)


def transcript_response(data: ReviewOut) -> PlainTextResponse:
    return PlainTextResponse(transcript_markdown(data), media_type="text/markdown",
                             headers={"content-disposition": 'attachment; filename="transcript.md"'})
