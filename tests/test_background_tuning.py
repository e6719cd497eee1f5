"""Serve at once, improve in the background: the provisional model, the swap, restarts, shutdown.

The hashing embedder stands in for the model and a fake tuner for the tuning process; both
go through the same interfaces as the real ones (see test_tuning_process for the real tuner).
"""

import threading
import time

from fastapi.testclient import TestClient

from app.background_tuning import BackgroundTuning
from app.embedding.hashing import HashingEmbedder
from app.live_library import LiveLibrary
from app.main import create_app
from tests.fake_tuner import FakeTuner

BUDGET_LINE = "we have no budget left this year"
NOTICE = "still being tuned"


def wait_for(predicate, timeout=10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def tuning(client) -> dict:
    return client.get("/healthz").json()["tuning"]


def test_first_start_serves_at_once_then_swaps_the_tuned_model_in_without_a_failed_request(tiny_settings):
    gate = threading.Event()
    tuner = FakeTuner(gate=gate)
    with TestClient(create_app(tiny_settings, embedder=HashingEmbedder(), tuner=tuner)) as client:
        assert tuning(client)["provisional"] is True and tuning(client)["model"] == "base"
        match = client.post("/api/match", json={"text": BUDGET_LINE}).json()
        assert match["confident"] and match["category"] == "budget"  # answered on the base model's own calibration
        assert wait_for(lambda: tuning(client).get("step") == 3)  # the tuner holds before its last step
        progress = tuning(client)
        assert progress["state"] == "running" and progress["steps"] == 4 and progress["epochs"] == 1
        assert NOTICE in client.get("/").text and NOTICE in client.get("/library").text

        failures, stop = [], threading.Event()

        def ask():
            while not stop.is_set():
                response = client.post("/api/match", json={"text": BUDGET_LINE})
                if response.status_code != 200 or response.json()["category"] != "budget":
                    failures.append(response.text)

        readers = [threading.Thread(target=ask) for _ in range(2)]
        for reader in readers:
            reader.start()
        gate.set()
        assert wait_for(lambda: tuning(client)["state"] == "idle")
        stop.set()
        for reader in readers:
            reader.join()
        assert failures == []
        swapped = tuning(client)
        assert swapped["provisional"] is False and swapped["model"] == tuner.jobs[0].fingerprint
        assert NOTICE not in client.get("/").text


def test_a_restart_after_an_edit_serves_the_last_tuned_model_and_retunes(tiny_settings, tiny_playbooks):
    with TestClient(create_app(tiny_settings, embedder=HashingEmbedder(), tuner=FakeTuner())) as client:
        assert wait_for(lambda: tuning(client)["state"] == "idle")
        first_model = tuning(client)["model"]
    budget = tiny_playbooks / "categories" / "budget.yaml"
    budget.write_text(budget.read_text().replace("- budget is gone", "- the budget is all gone now"))

    gate = threading.Event()
    with TestClient(create_app(tiny_settings, embedder=HashingEmbedder(), tuner=FakeTuner(gate=gate))) as client:
        restarted = tuning(client)
        assert restarted["model"] == first_model and restarted["provisional"] is True
        assert client.post("/api/match", json={"text": "the budget is all gone now"}).json()["matches"][0][
            "objection_id"] == "budget.no_budget"  # the new phrasing serves on the old tuned model
        gate.set()
        assert wait_for(lambda: tuning(client)["state"] == "idle")
        retuned = tuning(client)
        assert retuned["model"] != first_model and retuned["provisional"] is False
    tuned = tiny_settings.embeddings_dir / "tuned"
    assert [p.name for p in tuned.iterdir() if p.is_dir()] == [f"hashing-256-{retuned['model']}"]  # old one removed


def test_an_edit_while_serving_retunes_in_the_background(tiny_settings, tiny_playbooks):
    settings = tiny_settings.model_copy(update={"watch_playbooks": False})
    tuner = FakeTuner()
    with TestClient(create_app(settings, embedder=HashingEmbedder(), tuner=tuner)) as client:
        assert wait_for(lambda: tuning(client)["state"] == "idle")
        price = tiny_playbooks / "categories" / "price.yaml"
        price.write_text(price.read_text().replace("      - pricey for what it is\n",
                                                   "      - pricey for what it is\n      - a new price line\n"))
        assert client.post("/api/admin/reload", headers={"X-Manager-Secret": "tiny-manager-secret"}).json()["reloaded"]
        assert wait_for(lambda: len(tuner.jobs) == 2 and tuning(client)["state"] == "idle")
        assert tuning(client)["model"] == tuner.jobs[1].fingerprint != tuner.jobs[0].fingerprint


def test_shutting_down_stops_a_tuning_run(tiny_settings):
    tuner = FakeTuner(gate=threading.Event())  # never released
    app = create_app(tiny_settings, embedder=HashingEmbedder(), tuner=tuner)
    with TestClient(app) as client:
        assert wait_for(lambda: tuning(client)["state"] == "running")
    assert app.state.tuning.status.state == "stopped"
    assert list((tiny_settings.embeddings_dir / "tuned").glob("*/tuning.json")) == []


def test_processes_sharing_the_folder_tune_once(tiny_playbooks, tmp_path):
    gate = threading.Event()
    first_tuner, second_tuner = FakeTuner(gate=gate), FakeTuner()
    workers = []
    for tuner in (first_tuner, second_tuner):
        live = LiveLibrary(tiny_playbooks, tmp_path / "embeddings", HashingEmbedder(), tune=True)
        live.load_first()
        workers.append(BackgroundTuning(live, tuner, poll_seconds=0.05))
    first, second = workers
    first.start()
    assert wait_for(lambda: first.status.state == "running")
    second.start()
    assert wait_for(lambda: second.status.state == "waiting")
    gate.set()
    assert first.wait(10).state == "idle" and second.wait(10).state == "idle"
    assert second_tuner.jobs == []  # it took the first process's model
    assert first.live.snapshot.model == second.live.snapshot.model == first_tuner.jobs[0].fingerprint
