"""Two app processes on one database: a rep's session continues from one to the other."""

import httpx
import pytest

from tests.servers import HASHING_SERVER, running_servers
from tests.test_practice_api import STRONG, WEAK

MANAGER = {"X-Manager-Secret": "tiny-manager-secret"}


@pytest.fixture
def two_servers(tiny_playbooks, database_url, tmp_path):
    env = {"OC_PLAYBOOKS_DIR": str(tiny_playbooks), "OC_DATABASE_URL": database_url,
           "OC_EMBEDDINGS_DIR": str(tmp_path / "embeddings"), "OC_DATA_DIR": str(tmp_path / "data"),
           "OC_ENVIRONMENT": "test", "OC_MANAGER_SECRET": "tiny-manager-secret", "OC_WATCH_PLAYBOOKS": "false"}
    with running_servers([(HASHING_SERVER, env, tmp_path / f"server{i}.log") for i in range(2)]) as servers:
        yield [url for _, url in servers]


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
