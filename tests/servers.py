"""Start a real server process on a free loopback port for a test, and always stop it."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import PROJECT_ROOT

HASHING_SERVER = [sys.executable, "-m", "tests.serve_hashing", "{port}"]
REAL_SERVER = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", "{port}",
               "--no-access-log"]  # as run.sh and the Docker image start it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(process: subprocess.Popen, grace: float = 10.0) -> int:
    """SIGTERM, then SIGKILL after `grace` seconds; returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


@contextmanager
def running_server(command: list[str], env: dict[str, str], log_path: Path, *,
                   deadline: float = 120) -> Iterator[tuple[subprocess.Popen, str]]:
    """The server `command` starts (its "{port}" filled in with a free one), once it answers /healthz."""
    with running_servers([(command, env, log_path)], deadline=deadline) as servers:
        yield servers[0]


@contextmanager
def running_servers(specs: list[tuple[list[str], dict[str, str], Path]], *,
                    deadline: float = 120) -> Iterator[list[tuple[subprocess.Popen, str]]]:
    """Several servers (command, env, log path), started together; every one is stopped afterwards."""
    started: list[tuple[subprocess.Popen, str, Path]] = []
    logs = []
    try:
        for command, env, log_path in specs:
            port = free_port()
            logs.append(log_path.open("w"))
            process = subprocess.Popen([arg.replace("{port}", str(port)) for arg in command], cwd=PROJECT_ROOT,
                                       env={**os.environ, **env}, stdout=logs[-1], stderr=subprocess.STDOUT)
            started.append((process, f"http://127.0.0.1:{port}", log_path))
        for process, url, log_path in started:
            _wait_healthy(process, url, log_path, time.monotonic() + deadline)
        yield [(process, url) for process, url, _ in started]
    finally:
        for process, _, _ in started:
            stop_process(process)
        for log in logs:
            log.close()


def _wait_healthy(process: subprocess.Popen, url: str, log_path: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not become healthy in time: {log_path.read_text()[-3000:]}")


@contextmanager
def tiny_library_server(root: Path, secret: str, **env: str) -> Iterator[tuple[str, Path]]:
    """The hashing-embedder server on a fresh copy of the tiny library under `root`: (address, playbooks)."""
    from tests.tiny_library import write_tiny_library

    playbooks = root / "playbooks"
    if not playbooks.exists():
        write_tiny_library(playbooks)
    settings = {"OC_PLAYBOOKS_DIR": str(playbooks), "OC_EMBEDDINGS_DIR": str(root / "embeddings"),
                "OC_DATA_DIR": str(root / "data"), "OC_ENVIRONMENT": "test", "OC_MANAGER_SECRET": secret,
                "OC_WATCH_PLAYBOOKS": "false", **env}
    with running_server(HASHING_SERVER, settings, root / "server.log") as (_, url):
        yield url, playbooks
