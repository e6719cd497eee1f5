"""Tables. Practice calls and their turns; coaching sessions and comments build on them."""

from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    __tablename__ = "schema_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class PracticeSession(Base):
    """A practice a manager assigns to a rep, reached through two links whose tokens are stored hashed."""

    __tablename__ = "practice_sessions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    rep_name: Mapped[str] = mapped_column(String(120))
    categories: Mapped[list] = mapped_column(JSON)
    persona_id: Mapped[str] = mapped_column(String(60))
    difficulty: Mapped[str] = mapped_column(String(20))
    objections: Mapped[int] = mapped_column(Integer)
    practice_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    review_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    voice_required: Mapped[bool] = mapped_column(Boolean, default=False)  # replies must be spoken
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Comment(Base):
    """A coach's note on one turn of one attempt."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("practice_sessions.id", ondelete="CASCADE"), index=True)
    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default="coach")  # set by the route, never by the writer
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Call(Base):
    """One practice call: its settings, where the simulation stands, and its transcript."""

    __tablename__ = "calls"
    __table_args__ = (UniqueConstraint("session_id", "attempt"),  # two tabs cannot both open attempt 2
                      Index("ix_calls_updated_at", "updated_at"))  # finding expired free-practice calls
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("practice_sessions.id", ondelete="CASCADE"),
                                                   index=True, default=None)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    objections: Mapped[int | None] = mapped_column(Integer, default=None)  # overrides the difficulty's count
    persona_id: Mapped[str] = mapped_column(String(60))
    difficulty: Mapped[str] = mapped_column(String(20))
    categories: Mapped[list] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active, booked, ended
    state: Mapped[dict] = mapped_column(JSON)  # the simulation's position, see app.practice.simulation
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    turns: Mapped[list["Turn"]] = relationship(order_by="Turn.position", cascade="all, delete-orphan",
                                               back_populates="call")


class Turn(Base):
    """One line of the transcript. The unique position makes two concurrent writers collide, not interleave."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("call_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(10))  # prospect or rep
    text: Mapped[str] = mapped_column(Text)
    objection_id: Mapped[str | None] = mapped_column(String(160), default=None)
    score: Mapped[int | None] = mapped_column(Integer, default=None)
    steps: Mapped[dict | None] = mapped_column(JSON, default=None)
    coaching: Mapped[dict | None] = mapped_column(JSON, default=None)  # feedback, tip, pitfalls, model rebuttal
    voice: Mapped[dict | None] = mapped_column(JSON, default=None)  # a spoken reply's timings; no audio is kept
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    call: Mapped[Call] = relationship(back_populates="turns")
