"""Property-based requests from the app's own OpenAPI schema, over every route (the manager's with
the secret): whatever arrives, the answer is never a 500, and every /api error has one shape.

Schemathesis draws valid and invalid requests for each operation. Half the drawn identifiers are
swapped for ones the app knows (a live session's tokens, its call, the playbook's current
version), so requests reach the code behind "not found" too: edits get written, replies scored.
Runs are derandomised, so CI sees the same requests every time; about 20 s on two cores.
"""

from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.embedding.hashing import HashingEmbedder
from app.library.editing import PlaybookEditor
from app.main import create_app
from app.settings import Settings
from tests.test_practice_api import STRONG
from tests.test_sessions import MANAGER, create
from tests.tiny_library import write_tiny_library

EXAMPLES_PER_OPERATION = 25


class LifespanElsewhere(Exception):
    """The TestClient below runs the app's lifespan once; schemathesis must not start a second."""


@pytest.fixture(scope="module")
def running_app(tmp_path_factory):
    """The app on the tiny library with the hashing embedder, its lifespan run, limits out of the way."""
    root = tmp_path_factory.mktemp("bad-input")
    settings = Settings(environment="test", playbooks_dir=write_tiny_library(root / "playbooks"),
                        embeddings_dir=root / "embeddings", data_dir=root / "data",
                        manager_secret=MANAGER["X-Manager-Secret"], watch_playbooks=False,
                        limit_creations=1_000_000, limit_scoring=1_000_000, limit_auth_failures=1_000_000)
    app = create_app(settings, embedder=HashingEmbedder())
    with TestClient(app) as client:
        yield app, known_values(client, settings.playbooks_dir)


def known_values(client: TestClient, playbooks: Path) -> dict[str, st.SearchStrategy]:
    """Values the app will recognise, by field name, to mix into the drawn requests."""
    _, practice, review = create(client)
    revoked, revoked_practice, revoked_review = create(client, title="Revoked")
    client.post(f"/api/sessions/{revoked['id']}/revoke", headers=MANAGER)
    managed, managed_practice, _ = create(client, title="Managed")  # the drawn requests may revoke it
    calls = [client.get(f"/api/practice/{token}").json()["id"] for token in (practice, managed_practice)]
    free = client.post("/api/calls", json={"persona": "tester", "difficulty": "easy", "seed": 1}).json()
    editor = PlaybookEditor(playbooks)
    text = st.text(max_size=120)
    words = st.from_regex(r"[a-z]{2,9}( [a-z]{2,9}){1,8}", fullmatch=True)
    slugs = st.sampled_from(["price", "budget", "busy"])
    change = st.one_of(
        st.one_of(words, text).map(lambda t: {"phrasing": t}),
        st.sampled_from(["too expensive for us", "busy, call later", "no such phrasing"]).map(
            lambda t: {"remove_phrasing": t}),
        st.tuples(text, st.lists(st.one_of(words, text), min_size=4, max_size=4)).map(
            lambda drawn: {"rebuttal": {"title": drawn[0], "steps": dict(zip(STEP_KEYS, drawn[1], strict=True))}}))
    return {
        "practice_token": st.sampled_from([practice, revoked_practice]),
        "review_token": st.sampled_from([review, revoked_review]),
        "session_id": st.sampled_from([managed["id"], revoked["id"]]),
        "session_call_id": st.just(calls[0]),
        "managed_call_id": st.just(calls[1]),
        "free_call_id": st.just(free["id"]),
        "slug": slugs,
        "category": slugs,
        "edit_target": st.tuples(slugs, change).map(lambda drawn: {
            "slug": drawn[0], "objection_id": OBJECTIONS[drawn[0]], "version": editor.version(drawn[0]),  # read now
            **drawn[1]}),
        "persona": st.just("tester"),
        "difficulty": st.sampled_from(["easy", "normal"]),
        "categories": st.sampled_from([["mixed"], ["price", "budget"]]),
        "position": st.sampled_from([0, 1, 2]),
        "expires_at": st.just(None),
        "file": st.lists(st.tuples(st.one_of(words, text), st.one_of(st.just(STRONG), text)), max_size=4).map(csv_file),
    }


OBJECTIONS = {"price": "price.too_expensive", "budget": "budget.no_budget", "busy": "busy.bad_time"}
STEP_KEYS = ["acknowledge", "ask", "reframe", "next_step"]


def csv_file(rows: list[tuple[str, str]]) -> bytes:
    """A CSV the import will read past its header: drawn cells, quoted as a spreadsheet would."""
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'
    return ("objection,rebuttal\n" + "".join(f"{cell(o)},{cell(r)}\n" for o, r in rows)).encode("utf-8", "replace")


def known_for(path: str, known: dict[str, st.SearchStrategy]) -> dict[str, st.SearchStrategy]:
    """The token and call a route can actually open: a review link's on review routes, a free call's
    on the free-practice routes, the managed session's call on the manager's."""
    call = "free" if path.startswith("/api/calls") else "managed" if path.startswith("/api/sessions") else "session"
    token = "review" if "/review/" in path else "practice"
    return {**known, "token": known[f"{token}_token"], "call_id": known[f"{call}_call_id"]}


CHANGES = ("phrasing", "remove_phrasing", "rebuttal")  # an edit carries exactly one


def sometimes_known(value, known: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """The drawn value or, for fields the app knows, a known one (listed first, so drawn most often).

    Nested objects likewise; an edit is sometimes aimed at a real objection at the file's current
    version, with one drawn change, so that it gets saved.
    """
    if not isinstance(value, dict):
        return st.just(value)
    fields = {}
    for key, inner in value.items():
        drawn = sometimes_known(inner, known)
        fields[key] = st.one_of(known[key], drawn) if key in known else drawn
    whole = st.fixed_dictionaries(fields)
    if not {"slug", "version", "objection_id"} <= set(value):
        return whole
    aimed = st.tuples(whole, known["edit_target"]).map(
        lambda drawn: {**{k: v for k, v in drawn[0].items() if k not in CHANGES and k != "replaces"}, **drawn[1]})
    return st.one_of(aimed, whole)


@pytest.fixture(scope="module")
def api_schema(running_app):
    app, known = running_app

    async def same_app_without_lifespan(scope, receive, send):
        if scope["type"] == "lifespan":
            raise LifespanElsewhere  # refused before any message: servers then serve without a lifespan
        await app(scope, receive, send)

    schema = schemathesis.openapi.from_asgi("/openapi.json", same_app_without_lifespan)

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        return sometimes_known(path_parameters, known_for(context.operation.path, known))

    @schema.hook
    def flatmap_body(context, body):
        return sometimes_known(body, known_for(context.operation.path, known))

    @schema.hook
    def flatmap_query(context, query):
        return sometimes_known(query, known)

    return schema


def operations() -> list[str]:
    """Every operation in the schema, named "METHOD /path"; the app is built (not started) to list them."""
    spec = create_app(Settings(environment="test", manager_secret=MANAGER["X-Manager-Secret"])).openapi()
    return [f"{method.upper()} {path}" for path, methods in spec["paths"].items() for method in methods]


@pytest.mark.parametrize("operation", operations())
def test_no_request_gets_a_server_error(operation, api_schema):
    method, path = operation.split(" ", 1)

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=api_schema[path][method].as_strategy())
    def never_a_server_error(case):
        response = case.call(headers=MANAGER)
        request = f"{case.method} {case.formatted_path} query={case.query} body={str(case.body)[:300]}"
        assert response.status_code < 500, f"{request} -> {response.status_code} {response.text[:500]}"
        if case.path.startswith("/api") and response.status_code >= 400:
            body = response.json()
            assert list(body) == ["error"] and sorted(body["error"]) == ["code", "message"], (request, body)
            assert body["error"]["message"], request

    never_a_server_error()
