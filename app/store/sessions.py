"""Coaching sessions: creating them with their two links, finding them by token, comments."""

import base64
import hashlib
import hmac
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
    practice_token: str
    review_token: str


def link_key(manager_secret: str) -> bytes:
    """The key share-link tokens are derived with; the database only ever holds their hashes."""
    return hmac.new(manager_secret.encode(), b"objection-coach share links", hashlib.sha256).digest()


class SessionStore:
    def __init__(self, sessions: sessionmaker[Session], key: bytes):
        self.sessions = sessions
        self.key = key

    def link_token(self, session_id: str, kind: str) -> str:
        """A link's token, derived from the session so a manager can copy it again later (192 bits)."""
        mac = hmac.new(self.key, f"{kind}:{session_id}".encode(), hashlib.sha256).digest()[:24]
        return base64.urlsafe_b64encode(mac).decode()

    def links_of(self, row: PracticeSession) -> tuple[str, str] | None:
        """The practice and review tokens, or None for a session whose links cannot be derived.

        Sessions made before links were derived, or under another manager secret, keep working
        from the links handed out then; only copying them again is not possible.
        """
        practice, review = self.link_token(row.id, "practice"), self.link_token(row.id, "review")
        if hash_token(practice) != row.practice_token_hash or hash_token(review) != row.review_token_hash:
            return None
        return practice, review

    def create(self, *, title: str, rep_name: str, categories: list[str], persona_id: str, difficulty: str,
               objections: int, expires_at: datetime | None, voice_required: bool = False) -> NewSession:
        session_id = secrets.token_hex(16)
        practice, review = self.link_token(session_id, "practice"), self.link_token(session_id, "review")
        row = PracticeSession(id=session_id, title=title, rep_name=rep_name, categories=categories,
                              persona_id=persona_id, difficulty=difficulty, objections=objections,
                              practice_token_hash=hash_token(practice), review_token_hash=hash_token(review),
                              expires_at=expires_at, voice_required=voice_required)
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
            return bool(result.rowcount)  # type: ignore[attr-defined]  # an UPDATE's CursorResult

    def add_comment(self, session_id: str, call_id: str, position: int, author: str, text: str,
                    role: str = "coach") -> Comment:
        comment = Comment(session_id=session_id, call_id=call_id, position=position, author=author, role=role,
                          text=text)
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
