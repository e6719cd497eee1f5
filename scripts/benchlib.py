"""Shared pieces of the benchmark scripts: start the real server on loopback, summarise timings."""

import asyncio
import json
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


def request_bytes(method: str, path: str, body: dict | None) -> bytes:
    payload = json.dumps(body).encode() if body is not None else b""
    return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload


def status_and_length(head: bytes) -> tuple[int, int]:
    """The status and Content-Length of a response head (the JSON endpoints always send one)."""
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value for name, _, value in (line.partition(": ") for line in lines[1:])}
    return int(lines[0].split()[1]), int(headers["content-length"])


class LoopbackClient:
    """A bare HTTP/1.1 keep-alive connection for driving load.

    Against a trivial endpoint here, httpx's async client took 3.3 ms per round trip and this
    one 0.6 ms; on a 2-core machine that the server shares, the load generator's own cost
    would show up in every figure. This client only writes a request and reads a
    Content-Length body, which is all the JSON endpoints need.
    """

    def __init__(self, port: int):
        self.port = port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        """Send one request; return the status and the raw body (decoding it is client work)."""
        if self._streams is None:
            self._streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self._streams
        writer.write(request_bytes(method, path, body))
        status, length = status_and_length(await reader.readuntil(b"\r\n\r\n"))
        return status, await reader.readexactly(length)

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


class BlockingClient:
    """One keep-alive connection on a blocking socket, for timing single requests.

    It has no event loop to wake when the answer arrives: against the same server, taken in
    turns, it measured 0.75-0.95 ms a request less than `LoopbackClient` here. Single-request
    figures then show the server's time rather than the Python client's.
    """

    def __init__(self, port: int):
        self._socket = socket.create_connection(("127.0.0.1", port))
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        self._socket.sendall(request_bytes(method, path, body))
        received = b""
        while b"\r\n\r\n" not in received:
            received += self._receive()
        head, _, rest = received.partition(b"\r\n\r\n")
        status, length = status_and_length(head)
        while len(rest) < length:
            rest += self._receive()
        return status, rest

    def _receive(self) -> bytes:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        return chunk

    def close(self) -> None:
        self._socket.close()


def bare_embedder():
    """The model the server uses, loaded in this process, without batching or the query cache."""
    from app.cli import command_line_settings, live_library_for

    return live_library_for(command_line_settings(), retune=False).current.embedder.inner


def in_turns_with_bare_model(port: int, embedder, texts: list[str],
                             method: str = "POST", path: str = "/api/match") -> tuple[list[float], list[float]]:
    """Time one request per text (POST: the text as a match body), each followed by the bare model encoding it here.

    Taking the two in turns puts them under the same conditions: this VM's speed drifts by a
    fifth from one minute to the next, and every request reaches the model after an idle
    spell, which leaves its caches cold. Their ratio is then what the service itself adds.
    Requests go through `BlockingClient`; figures before 2026-11-27 used `LoopbackClient`,
    which adds 0.75-0.95 ms of its own.
    """
    connection = BlockingClient(port)
    requests, encodes = [], []
    for text in texts:
        started = time.perf_counter()
        status, body = connection.request(method, path, {"text": text} if method == "POST" else None)
        requests.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {body.decode(errors='replace')}")
        started = time.perf_counter()
        embedder.encode([text])  # the bare model has no query cache, so the same text costs it in full
        encodes.append((time.perf_counter() - started) * 1000)
    connection.close()
    return requests, encodes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER_FLAGS = ["--no-access-log"]  # as scripts/run.sh and the Dockerfile start it


def start_server(port: int, env: dict[str, str] | None = None, timeout: float = 600) -> tuple[subprocess.Popen, float]:
    """Start `uvicorn app.main:app`; return it and the seconds from process start to a first match answer."""
    started = time.perf_counter()
    command = [str(ROOT / ".venv/bin/uvicorn"), "app.main:app", "--port", str(port), *SERVER_FLAGS]
    server = subprocess.Popen(command, cwd=ROOT,
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
