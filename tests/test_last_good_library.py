"""A start with broken playbooks serves the last library that loaded, says why, and takes the fix."""

import pytest
from fastapi.testclient import TestClient

from app.library import LibraryError
from app.main import create_app
from tests.test_live_reload import SECRET, wait_for


def test_a_start_on_a_broken_playbook_serves_the_last_good_library_until_it_is_fixed(tiny_settings, tiny_playbooks,
                                                                                        hashing_embedder):
    with TestClient(create_app(tiny_settings, embedder=hashing_embedder)) as client:
        good = client.get("/healthz").json()["library_fingerprint"]
    price = tiny_playbooks / "categories" / "price.yaml"
    fine = price.read_text()
    price.write_text(fine.replace("title: Price", "title: [Price"))

    with TestClient(create_app(tiny_settings, embedder=hashing_embedder)) as client:
        health = client.get("/healthz").json()
        assert health["status"] == "degraded" and health["library_fingerprint"] == good
        assert "price.yaml:" in health["last_error"] and "invalid YAML" in health["last_error"]
        match = client.post("/api/match", json={"text": "the price is too expensive"}).json()
        assert match["matches"][0]["category"] == "price"
        page = client.get("/admin", headers=SECRET).text
        assert "keeps serving the last good library" in page and "price.yaml" in page

        price.write_text(fine.replace("      - pricey for what it is\n",
                                      "      - pricey for what it is\n      - a fixed price line\n"))
        assert wait_for(lambda: client.get("/healthz").json()["status"] == "ok")
        assert client.get("/healthz").json()["library_fingerprint"] != good
        assert client.post("/api/match", json={"text": "a fixed price line"}).json()["matches"][0][
            "phrasing"] == "a fixed price line"


def test_a_first_start_on_broken_playbooks_has_nothing_to_serve(tiny_settings, tiny_playbooks, hashing_embedder):
    price = tiny_playbooks / "categories" / "price.yaml"
    price.write_text(price.read_text().replace("title: Price", "title: [Price"))
    with (
        pytest.raises(LibraryError, match="price.yaml"),
        TestClient(create_app(tiny_settings, embedder=hashing_embedder)),
    ):
        pass
