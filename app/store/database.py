"""Engine set-up and the schema's versioned migrations."""

import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.store.models import Base, SchemaVersion

# Each entry upgrades the schema by one version; append, never edit. Version 1 is the base tables.
MIGRATIONS: list[list[str]] = [
    [],
    ["ALTER TABLE comments ADD COLUMN role VARCHAR(20) NOT NULL DEFAULT 'coach'",
     "CREATE INDEX IF NOT EXISTS ix_calls_updated_at ON calls (updated_at)"],
    ["ALTER TABLE turns ADD COLUMN voice JSON",
     "ALTER TABLE practice_sessions ADD COLUMN voice_required BOOLEAN NOT NULL DEFAULT FALSE"],
]


def create_db_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine, attempts: int = 5) -> int:
    """Create or upgrade the schema; returns the version now in place.

    Several workers starting at once on a fresh database race to create the same tables; the
    loser's error only means another process got there first, so it looks again.
    """
    for attempt in range(attempts):
        try:
            return _migrate_once(engine)
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _migrate_once(engine: Engine) -> int:
    Base.metadata.create_all(engine)  # creates missing tables only
    with Session(engine) as session, session.begin():
        row = session.scalar(select(SchemaVersion).with_for_update())
        if row is None:
            row = SchemaVersion(id=1, version=len(MIGRATIONS))
            session.add(row)
            return row.version
        for statements in MIGRATIONS[row.version:]:
            for statement in statements:
                session.execute(text(statement))
            row.version += 1
        return row.version


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
