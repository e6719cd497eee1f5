"""Shared pieces of the benchmark scripts: start the real server on loopback, summarise timings."""

import socket
import statistics
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PERSONA = "ops_manager_logistics"  # one of the shipped personas
PRACTICE_REPLIES = [  # good, feature dump, partial, caving, good: the mix a floor of reps produces
    "I hear you, that's fair. Can I ask what's behind it? A team your size saved ten hours a week. "
    "Could we take fifteen minutes Thursday at ten?",
    "Our platform has AI dashboards, forty integrations, automated workflows and a mobile app.",
    "Totally understand. What would need to change for this to be worth a look next quarter?",
    "Ok, sorry to bother you.",
    "Fair point. A firm like yours recovered the cost in six weeks. Can I show you on Tuesday at two?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict[str, str] | None = None, timeout: float = 600) -> tuple[subprocess.Popen, float]:
    """Start `uvicorn app.main:app`; return it and the seconds from process start to a first match answer."""
    started = time.perf_counter()
    server = subprocess.Popen([str(ROOT / ".venv/bin/uvicorn"), "app.main:app", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError("the server exited while starting")
        try:
            r = httpx.post(f"http://127.0.0.1:{port}/api/match", json={"text": "no budget this year"}, timeout=5)
            if r.status_code == 200:
                return server, time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    server.terminate()
    raise RuntimeError(f"server did not answer within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(15)


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (f"p50 {statistics.median(ordered):.1f} ms, p95 {pick(0.95):.1f} ms, "
            f"p99 {pick(0.99):.1f} ms, max {ordered[-1]:.1f} ms (n={len(ordered)})")
