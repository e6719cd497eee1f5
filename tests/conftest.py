import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.embedding.hashing import HashingEmbedder
from app.main import create_app
from app.settings import Settings
from tests.tiny_library import write_tiny_library

os.environ.setdefault("HF_HUB_OFFLINE", "1")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
OUTSIDE_SET = PROJECT_ROOT / "tests" / "data" / "match_outside.jsonl"
# The shared outside set holds quotations, so it is never copied here; tests use it where the
# checkout sits beside it, and skip otherwise.
SHARED_OUTSIDE_SET = PROJECT_ROOT.parent / "shared" / "eval" / "objections_public_dev.jsonl"
POSTGRES_URL = os.environ.get("OC_TEST_DATABASE_URL")  # set by .ci/run; see scripts/start_postgres.sh


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:
    """Each store and session test runs on SQLite and, where one is set up, on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'coach.db'}"
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not set up here: run scripts/start_postgres.sh and set OC_TEST_DATABASE_URL")
    from sqlalchemy import create_engine

    from app.store.models import Base

    engine = create_engine(POSTGRES_URL)
    Base.metadata.drop_all(engine)  # every test starts from an empty database
    engine.dispose()
    return POSTGRES_URL


@pytest.fixture
def tiny_playbooks(tmp_path: Path) -> Path:
    return write_tiny_library(tmp_path / "playbooks")


@pytest.fixture
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def tiny_settings(tmp_path: Path, tiny_playbooks: Path) -> Settings:
    return Settings(environment="test", playbooks_dir=tiny_playbooks, embeddings_dir=tmp_path / "embeddings",
                    data_dir=tmp_path / "data", manager_secret="tiny-manager-secret")


@pytest.fixture
def tiny_client(tiny_settings: Settings, hashing_embedder: HashingEmbedder):
    with TestClient(create_app(tiny_settings, embedder=hashing_embedder)) as client:
        yield client


@pytest.fixture(scope="session")
def real_embedder():
    """The real MiniLM, run as the service runs it (ONNX Runtime), for the tests about retrieval quality.

    Being the service's own path, it also reuses the vectors and index the browser tests'
    server already cached (measured in CI: 64 s of set-up went on embedding them again with PyTorch).
    """
    from app.embedding.onnx import OnnxEmbedder

    return OnnxEmbedder("all-MiniLM-L6-v2", threads=2)


@pytest.fixture(scope="session")
def real_embeddings_dir(tmp_path_factory) -> Path:
    """One cache (vectors, index, tuned model) for every test that uses the real model, so it tunes once."""
    return tmp_path_factory.mktemp("embeddings")


@pytest.fixture(scope="session")
def real_live_library(real_embedder, real_embeddings_dir):
    """The shipped playbooks on the real, fine-tuned model."""
    from app.live_library import LiveLibrary

    live = LiveLibrary(PROJECT_ROOT / "playbooks", real_embeddings_dir, real_embedder)
    live.load_first()
    return live
