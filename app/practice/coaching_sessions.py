"""Coaching sessions: a manager's assignment, practised from one link and reviewed from another."""

from dataclasses import dataclass
from datetime import datetime

from app.library import Library
from app.practice.service import CallSettings, PracticeError, PracticeService
from app.practice.summary import summarise
from app.practice.voice_timing import VoiceTiming
from app.store.calls import ConcurrentReply, last_activity
from app.store.models import Call, PracticeSession
from app.store.sessions import NewSession, SessionStore, as_utc


class VoiceRequired(PracticeError):
    """A typed reply in a session whose manager asked for spoken answers."""


@dataclass(frozen=True)
class SessionOverview:
    session: PracticeSession
    status: str  # not started, in progress, done, revoked, expired
    attempts: int
    best_score: int | None
    last_activity: datetime | None
    category_scores: dict[str, int]  # mean best score per objection category, over all attempts


def attempt_status(calls: list[Call]) -> str:
    """Where the rep stands, read from the latest attempt: a second attempt under way is "in progress"
    even though the first is done; one opened but not yet answered leaves the earlier result standing."""
    latest = calls[-1] if calls else None
    if latest is not None and latest.status == "active" and _has_replies(latest):
        return "in progress"
    return "done" if any(c.status != "active" for c in calls) else "not started"


def _has_replies(call: Call) -> bool:
    return any(t.speaker == "rep" for t in call.turns)


class CoachingSessions:
    def __init__(self, store: SessionStore, practice: PracticeService):
        self.store = store
        self.practice = practice

    def create(self, *, title: str, rep_name: str, settings: CallSettings, expires_at: datetime | None,
               voice_required: bool = False) -> NewSession:
        library, _ = self.practice.snapshot()
        self.practice.check(settings, library)
        if settings.objections is None:
            raise PracticeError("objections: a session needs a number of objections per call")
        return self.store.create(title=title, rep_name=rep_name, categories=settings.categories,
                                 persona_id=settings.persona_id, difficulty=settings.difficulty,
                                 objections=settings.objections, expires_at=expires_at,
                                 voice_required=voice_required)

    def _settings(self, session: PracticeSession) -> CallSettings:
        return CallSettings(session.categories, session.difficulty, session.persona_id, objections=session.objections)

    def current_call(self, session: PracticeSession) -> Call:
        """The attempt the rep is on; the first one starts when the link is first opened."""
        latest = self.practice.store.latest_for_session(session.id)
        return latest or self._start_attempt(session, 1)

    def new_attempt(self, session: PracticeSession) -> Call:
        latest = self.practice.store.latest_for_session(session.id)
        if latest is not None and latest.status == "active":
            raise PracticeError("finish the current attempt before starting a new one")
        return self._start_attempt(session, (latest.attempt if latest else 0) + 1)

    def _start_attempt(self, session: PracticeSession, attempt: int) -> Call:
        try:
            return self.practice.start(self._settings(session), session_id=session.id, attempt=attempt)
        except ConcurrentReply:  # another tab opened the same attempt a moment ago
            latest = self.practice.store.latest_for_session(session.id)
            if latest is None:
                raise
            return latest

    def reply(self, session: PracticeSession, text: str, voice: VoiceTiming | None = None) -> Call:
        if session.voice_required and voice is None:
            raise VoiceRequired("this session asks for spoken answers: turn on voice mode and answer out loud")
        call = self.current_call(session)
        saved, _ = self.practice.reply(call.id, text, voice)
        return saved

    def end(self, session: PracticeSession) -> Call:
        """The rep ends the current attempt; a new attempt can then start."""
        return self.practice.end(self.current_call(session).id)

    def overview(self, session: PracticeSession, library: Library, *, now: datetime) -> SessionOverview:
        calls = self.practice.store.for_session(session.id)
        summaries = [summarise(c, library) for c in calls]
        replied = [c for c in calls if _has_replies(c)]
        if session.revoked_at is not None:
            status = "revoked"
        elif session.expires_at is not None and as_utc(session.expires_at) <= now:
            status = "expired"
        else:
            status = attempt_status(calls)
        finished = [s.overall for c, s in zip(calls, summaries, strict=True)
                    if c.status != "active" and s.overall is not None]
        by_category: dict[str, list[int]] = {}
        for summary in summaries:
            for result in summary.objections:
                by_category.setdefault(result.category, []).append(result.best_score)
        return SessionOverview(
            session=session, status=status, attempts=len(calls), best_score=max(finished) if finished else None,
            last_activity=max((last_activity(c) for c in replied), default=None),
            category_scores={k: round(sum(v) / len(v)) for k, v in sorted(by_category.items())},
        )
