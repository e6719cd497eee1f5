"""A real uvicorn server on a free loopback port, and Debian's Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import PROJECT_ROOT

CHROMIUM = "/usr/lib/chromium/chromium"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], log_path: Path) -> tuple[subprocess.Popen, str]:
    """Start `uvicorn app.main:app` as the Docker image and run.sh do, and wait until it answers /healthz."""
    port = _free_port()
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
        cwd=PROJECT_ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # the first start fine-tunes the model
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    process.terminate()
    raise RuntimeError("server did not become healthy in time")


@pytest.fixture(scope="session")
def live_server(real_embeddings_dir, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    env = {"OC_EMBEDDINGS_DIR": str(real_embeddings_dir), "OC_DATA_DIR": str(data), "OC_ENVIRONMENT": "test",
           "OC_MANAGER_SECRET": "browser-test-secret", "OC_TORCH_THREADS": "2"}
    process, url = start_server(env, data / "server.log")
    yield url
    process.terminate()
    process.wait(15)


@pytest.fixture(scope="session")
def admin_server(real_embeddings_dir, tmp_path_factory):
    """A second server on a copy of the playbooks, so editing tests never touch the repository's files."""
    root = tmp_path_factory.mktemp("admin")
    playbooks = root / "playbooks"
    shutil.copytree(PROJECT_ROOT / "playbooks", playbooks)
    env = {"OC_EMBEDDINGS_DIR": str(real_embeddings_dir), "OC_DATA_DIR": str(root / "data"),
           "OC_PLAYBOOKS_DIR": str(playbooks), "OC_ENVIRONMENT": "test",
           "OC_MANAGER_SECRET": "browser-test-secret", "OC_TORCH_THREADS": "2"}
    process, url = start_server(env, root / "server.log")
    yield url, playbooks
    process.terminate()
    process.wait(15)
