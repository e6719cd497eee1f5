"""Saving and loading practice calls. Every turn is committed as it happens."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.store.models import Call, Turn, utcnow


class ConcurrentReply(Exception):
    """Another request opened the same attempt of a session first."""


@dataclass
class NewTurn:
    speaker: str
    text: str
    objection_id: str | None = None
    score: int | None = None
    steps: dict | None = None
    coaching: dict | None = field(default=None)
    voice: dict | None = None  # timings of a spoken reply


class CallStore:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def create(self, *, persona_id: str, difficulty: str, categories: list[str], seed: int, state: dict,
               turns: list[NewTurn], session_id: str | None = None, attempt: int = 1,
               objections: int | None = None) -> Call:
        call = Call(id=secrets.token_hex(16), session_id=session_id, attempt=attempt, persona_id=persona_id,
                    difficulty=difficulty, categories=categories, seed=seed, state=state, objections=objections)
        call.turns = [_turn(i, t) for i, t in enumerate(turns)]
        try:
            with self.sessions() as db, db.begin():
                db.add(call)
        except IntegrityError as exc:  # this session's attempt was just opened by another request
            raise ConcurrentReply(session_id or call.id) from exc
        created = self.get(call.id)
        if created is None:
            raise RuntimeError(f"call {call.id} vanished right after it was written")
        return created

    def get(self, call_id: str) -> Call | None:
        with self.sessions() as db:
            return db.scalar(select(Call).where(Call.id == call_id).options(selectinload(Call.turns)))

    @contextmanager
    def locked(self, call_id: str) -> Iterator[Call | None]:
        """One transaction that holds the call (None if there is none) from reading it to the commit.

        PostgreSQL locks the row (SELECT ... FOR UPDATE); SQLite, which has no row locks, takes
        its write lock up front (BEGIN IMMEDIATE), so a second reply waits instead of failing
        on a stale read. The call and its turns are loaded once; `add_turns` changes them in
        place, and they stay readable after the commit.
        """
        with self.sessions() as db, db.begin():
            if db.get_bind().dialect.name == "sqlite":
                db.execute(text("BEGIN IMMEDIATE"))
            yield db.scalar(select(Call).where(Call.id == call_id).options(selectinload(Call.turns))
                            .with_for_update(of=Call))

    @staticmethod
    def add_turns(call: Call, turns: list[NewTurn], *, state: dict, status: str) -> None:
        """Append turns to a call held by `locked`; they are written when its transaction commits."""
        after = call.turns[-1].position if call.turns else -1
        call.turns.extend(_turn(after + 1 + i, t) for i, t in enumerate(turns))
        call.state, call.status, call.updated_at = state, status, utcnow()

    def delete_idle_free_calls(self, idle_since: datetime) -> int:
        """Delete free-practice calls (no session) untouched since `idle_since`; returns how many."""
        with self.sessions() as db, db.begin():
            idle = select(Call.id).where(Call.session_id.is_(None), Call.updated_at < idle_since)
            return db.execute(delete(Call).where(Call.id.in_(idle))).rowcount  # type: ignore[attr-defined]  # a DELETE's CursorResult

    def latest_for_session(self, session_id: str) -> Call | None:
        with self.sessions() as db:
            query = select(Call).where(Call.session_id == session_id).order_by(Call.attempt.desc()).limit(1)
            return db.scalar(query.options(selectinload(Call.turns)))

    def for_session(self, session_id: str) -> list[Call]:
        with self.sessions() as db:
            query = select(Call).where(Call.session_id == session_id).order_by(Call.attempt)
            return list(db.scalars(query.options(selectinload(Call.turns))))


def _turn(position: int, new: NewTurn, call_id: str | None = None) -> Turn:
    turn = Turn(position=position, speaker=new.speaker, text=new.text, objection_id=new.objection_id,
                score=new.score, steps=new.steps, coaching=new.coaching, voice=new.voice, created_at=utcnow())
    if call_id:
        turn.call_id = call_id
    return turn


def last_activity(call: Call) -> datetime:
    return call.turns[-1].created_at if call.turns else call.created_at
