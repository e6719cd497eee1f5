"""Coaching sessions: creating them with their two links, finding them by token, comments."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from app.store.models import Comment, PracticeSession, utcnow


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LinkGone(Exception):
    """The link was revoked or has expired."""


@dataclass(frozen=True)
class NewSession:
    session: PracticeSession
    practice_token: str  # shown once, never stored
    review_token: str


class SessionStore:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def create(self, *, title: str, rep_name: str, categories: list[str], persona_id: str, difficulty: str,
               objections: int, expires_at: datetime | None) -> NewSession:
        practice, review = secrets.token_urlsafe(24), secrets.token_urlsafe(24)  # 192 random bits each
        row = PracticeSession(id=secrets.token_hex(16), title=title, rep_name=rep_name, categories=categories,
                              persona_id=persona_id, difficulty=difficulty, objections=objections,
                              practice_token_hash=hash_token(practice), review_token_hash=hash_token(review),
                              expires_at=expires_at)
        with self.sessions() as db, db.begin():
            db.add(row)
        return NewSession(row, practice, review)

    def by_token(self, token: str, *, kind: str) -> PracticeSession | None:
        """The session a link opens, or None; raises LinkGone for a revoked or expired one."""
        column = PracticeSession.practice_token_hash if kind == "practice" else PracticeSession.review_token_hash
        with self.sessions() as db:
            row = db.scalar(select(PracticeSession).where(column == hash_token(token)))
        if row is None:
            return None
        if row.revoked_at is not None:
            raise LinkGone("this link was revoked by the manager")
        if row.expires_at is not None and as_utc(row.expires_at) <= datetime.now(UTC):
            raise LinkGone("this link has expired")
        return row

    def get(self, session_id: str) -> PracticeSession | None:
        with self.sessions() as db:
            return db.get(PracticeSession, session_id)

    def all(self) -> list[PracticeSession]:
        with self.sessions() as db:
            return list(db.scalars(select(PracticeSession).order_by(PracticeSession.created_at.desc())))

    def revoke(self, session_id: str) -> bool:
        with self.sessions() as db, db.begin():
            result = db.execute(update(PracticeSession).where(PracticeSession.id == session_id)
                                .values(revoked_at=utcnow()))
            return result.rowcount > 0

    def add_comment(self, session_id: str, call_id: str, position: int, author: str, text: str) -> Comment:
        comment = Comment(session_id=session_id, call_id=call_id, position=position, author=author, text=text)
        with self.sessions() as db, db.begin():
            db.add(comment)
        return comment

    def comments(self, session_id: str) -> list[Comment]:
        with self.sessions() as db:
            query = select(Comment).where(Comment.session_id == session_id).order_by(Comment.created_at, Comment.id)
            return list(db.scalars(query))


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
