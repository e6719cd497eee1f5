"""SIGTERM stops a server promptly, tuning included: no process is left behind."""

import os
import signal
import time

import httpx

from tests.servers import HASHING_SERVER, running_server


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigterm_stops_the_server_and_its_tuning_process(tiny_playbooks, tmp_path):
    env = {"OC_PLAYBOOKS_DIR": str(tiny_playbooks), "OC_EMBEDDINGS_DIR": str(tmp_path / "embeddings"),
           "OC_DATA_DIR": str(tmp_path / "data"), "OC_ENVIRONMENT": "test",
           "OC_MANAGER_SECRET": "tiny-secret-0123456789", "OC_WATCH_PLAYBOOKS": "false"}
    with running_server([*HASHING_SERVER, "--slow-tuning"], env, tmp_path / "server.log") as (server, url):
        deadline = time.monotonic() + 60
        while (httpx.get(f"{url}/healthz").json()["tuning"]["step"] or 0) < 2:
            assert time.monotonic() < deadline, "the tuning process never reported progress"
            time.sleep(0.1)
        worker = int((tmp_path / "embeddings" / "tuned" / "worker.pid").read_text())
        assert alive(worker)
        asked = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        stopped_in = time.monotonic() - asked
    assert server.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal once shut down
    assert stopped_in < 15, f"the server took {stopped_in:.0f} s to stop"
    assert not alive(worker)
    assert (tmp_path / "embeddings" / "tuned" / "worker.stopped").exists()  # the shutdown asked it to stop
