"""A real uvicorn server on a free loopback port, and Debian's Chromium driven by Playwright."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PROJECT_ROOT
from tests.servers import HASHING_SERVER, REAL_SERVER, running_server

CHROMIUM = "/usr/lib/chromium/chromium"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
expect.set_options(timeout=15_000)  # the machine is shared: a save-and-reload can take seconds under load


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"browser tests need Debian's chromium at {CHROMIUM}: apt-get install -y chromium")
    return {
        "executable_path": CHROMIUM,
        "args": ["--disable-gpu", "--disable-quic",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"],
    }


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _server_env(root: Path, **extra: str) -> dict[str, str]:
    return {"OC_DATA_DIR": str(root / "data"), "OC_EMBEDDINGS_DIR": str(root / "embeddings"),
            "OC_ENVIRONMENT": "test", "OC_MANAGER_SECRET": "browser-test-secret", **extra}


@pytest.fixture(scope="session")
def hashing_vectors(tmp_path_factory) -> Path:
    """One vector cache for the hashing servers: the second one starts without embedding the library again."""
    return tmp_path_factory.mktemp("hashing-vectors")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, hashing_vectors):
    """The shipped playbooks served with the hashing embedder: the pages and the plumbing, started in seconds."""
    root = tmp_path_factory.mktemp("server")
    env = _server_env(root, OC_EMBEDDINGS_DIR=str(hashing_vectors))
    with running_server(HASHING_SERVER, env, root / "server.log") as (_, url):
        yield url


@pytest.fixture(scope="session")
def admin_server(tmp_path_factory, hashing_vectors):
    """A second server on a copy of the playbooks, so editing tests never touch the repository's files."""
    root = tmp_path_factory.mktemp("admin")
    playbooks = root / "playbooks"
    shutil.copytree(PROJECT_ROOT / "playbooks", playbooks)
    env = _server_env(root, OC_PLAYBOOKS_DIR=str(playbooks), OC_EMBEDDINGS_DIR=str(hashing_vectors))
    with running_server(HASHING_SERVER, env, root / "server.log") as (_, url):
        yield url, playbooks


@pytest.fixture(scope="session")
def real_model_server(quality_model, real_live_library, tmp_path_factory):
    """`uvicorn app.main:app` as shipped, on the real model tuned for the shipped playbooks (cached by the run)."""
    root = tmp_path_factory.mktemp("real")
    env = _server_env(root, OC_EMBEDDINGS_DIR=str(quality_model.embeddings_dir),
                      OC_TUNED_MODELS_DIR=str(quality_model.tuned_dir))
    with running_server(REAL_SERVER, env, root / "server.log") as (_, url):
        yield url
