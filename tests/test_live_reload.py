"""Managers change the playbooks while the service runs: reload, edits through the API, safety."""

import threading
import time

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

SECRET = {"X-Manager-Secret": "tiny-manager-secret"}


@pytest.fixture
def client(tiny_settings, hashing_embedder):
    with TestClient(create_app(tiny_settings, embedder=hashing_embedder)) as client:
        yield client


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def top_objection(client, text):
    return client.post("/api/match", json={"text": text}).json()["matches"][0]["objection_id"]


def test_editing_a_file_on_disk_changes_matches_without_restart(client, tiny_playbooks):
    assert top_objection(client, "zebra zeppelin") != "busy.bad_time"
    busy = tiny_playbooks / "categories" / "busy.yaml"
    busy.write_text(busy.read_text().replace("      - swamped and busy\n",
                                             "      - swamped and busy\n      - zebra zeppelin\n"))
    assert wait_for(lambda: top_objection(client, "zebra zeppelin") == "busy.bad_time")


def test_an_invalid_file_keeps_the_last_good_library_and_reports_why(client, tiny_playbooks):
    before = client.get("/healthz").json()["library_fingerprint"]
    price = tiny_playbooks / "categories" / "price.yaml"
    price.write_text(price.read_text().replace("title: Price", "title: [Price"))
    assert wait_for(lambda: client.get("/healthz").json()["status"] == "degraded")
    health = client.get("/healthz").json()
    assert health["library_fingerprint"] == before
    assert "price.yaml:" in health["last_error"] and "invalid YAML" in health["last_error"]
    assert client.post("/api/match", json={"text": "price is too high"}).json()["matches"][0]["category"] == "price"
    page = client.get("/admin", headers=SECRET)
    assert "keeps serving the last good library" in page.text and "price.yaml" in page.text

    reload = client.post("/api/admin/reload", headers=SECRET).json()
    assert reload["reloaded"] is False and "price.yaml" in reload["error"]


def test_saving_a_rebuttal_keeps_comments_and_goes_live(client, tiny_playbooks):
    price = tiny_playbooks / "categories" / "price.yaml"
    version = client.get("/admin?category=price", headers=SECRET).text.split('data-version="')[1].split('"')[0]
    steps = {"acknowledge": "Fair, price matters.", "ask": "What are you comparing it with?",
             "reframe": "A shop your size recovered the cost in six weeks.",
             "next_step": "Can we look at it Monday at nine?"}
    response = client.post("/api/admin/edits", headers=SECRET, json={
        "slug": "price", "version": version, "objection_id": "price.too_expensive",
        "rebuttal": {"title": "Payback period", "steps": steps}})
    assert response.status_code == 200, response.text
    assert response.json()["reloaded"] is True
    text = price.read_text()
    assert text.startswith("# price objections\n")  # the comment survived the round trip
    assert "id: price.too_expensive.payback_period" in text and "recovered the cost in six weeks" in text
    match = client.post("/api/match", json={"text": "the price is too expensive"}).json()
    titles = [r["title"] for r in match["matches"][0]["rebuttals"]]
    assert "Payback period" in titles

    stale = client.post("/api/admin/edits", headers=SECRET, json={
        "slug": "price", "version": version, "objection_id": "price.too_expensive", "phrasing": "dear dear dear"})
    assert stale.status_code == 409 and "someone else saved" in stale.json()["error"]["message"]


def test_an_edit_that_breaks_the_library_is_refused_and_nothing_is_written(client, tiny_playbooks):
    price = tiny_playbooks / "categories" / "price.yaml"
    before = price.read_text()
    version = client.get("/admin?category=price", headers=SECRET).text.split('data-version="')[1].split('"')[0]
    response = client.post("/api/admin/edits", headers=SECRET, json={
        "slug": "price", "version": version, "objection_id": "price.too_expensive",
        "rebuttal": {"title": "Half done", "steps": {"acknowledge": "Fair enough."}}})
    assert response.status_code == 422
    assert "missing ask, reframe, next_step" in response.json()["error"]["message"]
    assert price.read_text() == before


def test_preview_shows_the_effect_of_an_edit_without_saving(client, tiny_playbooks):
    version = client.get("/admin?category=busy", headers=SECRET).text.split('data-version="')[1].split('"')[0]
    edit = {"slug": "busy", "version": version, "objection_id": "busy.bad_time", "phrasing": "quokka quartet"}
    preview = client.post("/api/admin/preview", headers=SECRET, json={"utterance": "quokka quartet", "edit": edit})
    assert preview.status_code == 200
    assert preview.json()["matches"][0]["objection_id"] == "busy.bad_time"
    assert "quokka" not in (tiny_playbooks / "categories" / "busy.yaml").read_text()


def test_admin_needs_the_manager_secret(client):
    assert client.post("/api/admin/reload").status_code == 401
    assert client.post("/api/admin/reload", headers={"X-Manager-Secret": "wrong"}).status_code == 401
    assert client.get("/admin", follow_redirects=False).headers["location"] == "/admin/login"
    assert client.post("/admin/login", data={"secret": "wrong"}).status_code == 401
    logged_in = client.post("/admin/login", data={"secret": "tiny-manager-secret"})
    assert logged_in.status_code == 200 and "Playbooks" in logged_in.text  # followed the redirect with the cookie
    assert client.post("/api/admin/reload").status_code == 200


def test_export_returns_the_yaml_file(client, tiny_playbooks):
    response = client.get("/api/admin/export/budget", headers=SECRET)
    assert response.text == (tiny_playbooks / "categories" / "budget.yaml").read_text()
    assert "attachment" in response.headers["content-disposition"]
    assert client.get("/api/admin/export/nope", headers=SECRET).status_code == 422


def test_reads_during_reloads_see_old_or_new_library_never_an_error(client, tiny_playbooks):
    errors, fingerprints, stop = [], set(), threading.Event()

    def read():
        while not stop.is_set():
            response = client.post("/api/match", json={"text": "too busy to talk"})
            if response.status_code != 200:
                errors.append(response.text)
            fingerprints.add(client.get("/healthz").json()["library_fingerprint"])

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    busy = tiny_playbooks / "categories" / "busy.yaml"
    for n in range(4):
        busy.write_text(busy.read_text().replace("      - swamped and busy\n",
                                                 f"      - swamped and busy\n      - busy line {n}\n"))
        assert client.post("/api/admin/reload", headers=SECRET).json()["reloaded"]
    stop.set()
    for reader in readers:
        reader.join()
    assert errors == []
    assert len(fingerprints) >= 2


def test_rewording_and_removing_phrasings(client, tiny_playbooks):
    def version():
        return client.get("/admin?category=budget", headers=SECRET).text.split('data-version="')[1].split('"')[0]

    reword = client.post("/api/admin/edits", headers=SECRET, json={
        "slug": "budget", "version": version(), "objection_id": "budget.no_budget",
        "replaces": "budget is gone", "phrasing": "the budget has all gone"})
    assert reword.status_code == 200
    text = (tiny_playbooks / "categories" / "budget.yaml").read_text()
    assert '"the budget has all gone"' in text and "- budget is gone\n" not in text
    removal = client.post("/api/admin/edits", headers=SECRET, json={
        "slug": "budget", "version": version(), "objection_id": "budget.no_budget",
        "remove_phrasing": "zero budget for tools"})
    assert removal.status_code == 422 and "at least 8" in removal.json()["error"]["message"]  # would leave 7
