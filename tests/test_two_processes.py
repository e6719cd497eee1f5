"""Two app processes on one database: a rep's session continues from one to the other."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import PROJECT_ROOT
from tests.test_practice_api import STRONG, WEAK

MANAGER = {"X-Manager-Secret": "tiny-manager-secret"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers(tiny_playbooks, database_url, tmp_path):
    env = {**os.environ, "OC_PLAYBOOKS_DIR": str(tiny_playbooks), "OC_DATABASE_URL": database_url,
           "OC_EMBEDDINGS_DIR": str(tmp_path / "embeddings"), "OC_ENVIRONMENT": "test",
           "OC_MANAGER_SECRET": "tiny-manager-secret", "OC_WATCH_PLAYBOOKS": "false"}
    servers, urls = [], []
    for _ in range(2):
        port = _free_port()
        servers.append(subprocess.Popen([sys.executable, "-m", "tests.serve_tiny", str(port)], cwd=PROJECT_ROOT,
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    for url, server in zip(urls, servers, strict=True):
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"test server did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    yield urls
    for server in servers:
        server.terminate()
        server.wait(10)


def test_a_session_continues_across_two_processes(two_servers):
    first, second = two_servers
    created = httpx.post(f"{first}/api/sessions", headers=MANAGER, json={
        "title": "Relay", "rep_name": "Kim", "persona": "tester", "difficulty": "easy", "objections": 2}).json()
    token = created["practice_url"].rsplit("/", 1)[1]
    review = created["review_url"].rsplit("/", 1)[1]
    httpx.post(f"{first}/api/practice/{token}/replies", json={"text": WEAK}).raise_for_status()
    on_second = httpx.get(f"{second}/api/practice/{token}").json()
    assert [t["speaker"] for t in on_second["turns"]].count("rep") == 1
    httpx.post(f"{second}/api/practice/{token}/replies", json={"text": STRONG}).raise_for_status()
    httpx.post(f"{first}/api/practice/{token}/replies", json={"text": STRONG}).raise_for_status()
    attempts = httpx.get(f"{second}/api/review/{review}").json()["attempts"]
    assert len(attempts) == 1 and attempts[0]["status"] == "booked"
    assert [t["text"] for t in attempts[0]["turns"] if t["speaker"] == "rep"] == [WEAK, STRONG, STRONG]
