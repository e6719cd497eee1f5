import os
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.embedding.hashing import HashingEmbedder
from app.main import create_app
from app.settings import Settings
from tests.tiny_library import write_tiny_library

os.environ.setdefault("HF_HUB_OFFLINE", "1")
pytest.register_assert_rewrite("tests.playbook_edits")  # its asserts explain themselves like a test's
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


@pytest.fixture
def settings(tiny_settings: Settings, database_url: str) -> Settings:
    """The tiny library on each test database, for the store and session tests; other files override it."""
    return tiny_settings.model_copy(update={"watch_playbooks": False, "database_url": database_url})


@pytest.fixture
def client(settings: Settings, hashing_embedder: HashingEmbedder):
    """The app on `settings`, its lifespan running; a file needing another app defines its own `client`."""
    with TestClient(create_app(settings, embedder=hashing_embedder)) as client:
        yield client


# The real model, tuned on the shipped playbooks, for the tests marked `quality`. The tuned model
# and its vectors are kept in pytest's cache, keyed by the training fingerprint, so a run tunes
# only when the library, the base model or the tuning plan changed. On a cold cache the tuning
# starts as soon as collection ends, in its own process at low priority, while the other tests
# run; the quality tests run last and wait for it.


class _QualityModel:
    """Where the real, tuned model lives for this run, and the tuning run that may be making it."""

    def __init__(self, config: pytest.Config, base_dir: Path):
        cache = getattr(config, "cache", None)  # absent under -p no:cacheprovider
        root = Path(cache.mkdir("objection-coach")) if cache else base_dir
        self.tuned_dir = root / "tuned"
        self.embeddings_dir = root / "embeddings"
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._tuner = None

    def live_library(self):
        from app.embedding.onnx import OnnxEmbedder
        from app.live_library import LiveLibrary

        # Run as the service runs it: ONNX Runtime, one thread.
        return LiveLibrary(PROJECT_ROOT / "playbooks", self.embeddings_dir, OnnxEmbedder("all-MiniLM-L6-v2", threads=1),
                           tune=True, tuned_dir=self.tuned_dir)

    def start_tuning(self) -> None:
        from app.embedding.tuner import ProcessTuner
        from app.library import load_library

        live = self.live_library()
        job = live.tuning_job(load_library(live.playbooks_dir))
        if job is None:
            return
        self._tuner = ProcessTuner()

        def run():
            try:
                self._tuner.run(job, progress=lambda _: None)
            except BaseException as exc:  # reported by the fixture that needs the model
                self.error = exc

        self._thread = threading.Thread(target=run, name="quality-model-tuning", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread:
            self._thread.join()
        if self.error:
            raise RuntimeError(f"tuning the real model failed: {self.error!r}")

    def stop(self) -> None:
        if self._tuner:
            self._tuner.stop()
        if self._thread:
            self._thread.join(30)


_quality_model: _QualityModel | None = None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Quality tests last: the other tests run while their model is being tuned."""
    items.sort(key=lambda item: item.get_closest_marker("quality") is not None)


def pytest_collection_finish(session: pytest.Session) -> None:
    global _quality_model
    if session.config.option.collectonly or not any(i.get_closest_marker("quality") for i in session.items):
        return
    _quality_model = _QualityModel(session.config, session.config._tmp_path_factory.mktemp("quality"))
    _quality_model.start_tuning()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _quality_model:
        _quality_model.stop()  # an interrupted run leaves no tuning process behind


@pytest.fixture(scope="session")
def quality_model() -> _QualityModel:
    if _quality_model is None:
        pytest.fail("the quality fixtures serve only tests marked `quality`")
    _quality_model.wait()
    return _quality_model


@pytest.fixture(scope="session")
def real_live_library(quality_model):
    """The shipped playbooks on the real model, tuned for them."""
    live = quality_model.live_library()
    live.build()
    assert not live.snapshot.provisional, "the model tuned for the shipped playbooks is serving"
    return live
