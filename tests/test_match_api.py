"""The match API contract, its error shape and its handling of bad input."""

import pytest


def test_match_returns_the_closest_objection_with_structured_rebuttals(tiny_client):
    response = tiny_client.post("/api/match", json={"text": "the price is too expensive for us", "k": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["matches"][0]["category"] == "price"
    assert body["matches"][0]["objection_id"] == "price.too_expensive"
    assert len(body["matches"]) == 2
    rebuttal = body["matches"][0]["rebuttals"][0]
    assert [step["key"] for step in rebuttal["steps"]] == ["acknowledge", "ask", "reframe", "next_step"]
    assert all(step["text"] for step in rebuttal["steps"])
    assert 0.0 <= body["confidence"] <= 1.0


def test_matches_after_the_lead_are_ordered_best_first(tiny_client):
    body = tiny_client.post("/api/match", json={"text": "busy right now, no time", "k": 3}).json()
    scores = [m["score"] for m in body["matches"]]
    assert body["matches"][0]["category"] == "busy"
    assert scores[1:] == sorted(scores[1:], reverse=True)


def test_confident_flag_and_category_agree(tiny_client):
    body = tiny_client.post("/api/match", json={"text": "we have no budget left this year"}).json()
    assert body["confident"] is True and body["category"] == "budget"
    chat = tiny_client.post("/api/match", json={"text": "nice to meet you, how is the weather"}).json()
    assert chat["confident"] is False and chat["category"] is None
    assert chat["matches"], "matches are still listed for transparency"


def test_categories_and_health(tiny_client):
    categories = tiny_client.get("/api/categories").json()["categories"]
    assert {c["slug"] for c in categories} == {"budget", "price", "busy"}
    assert categories[0]["objections"][0]["phrasings"] >= 9
    health = tiny_client.get("/healthz").json()
    assert health["status"] == "ok" and health["categories"] == 3 and health["index_size"] > 0


@pytest.mark.parametrize("payload, field", [
    ({"text": ""}, "text"),
    ({"text": "   \n\t "}, "text"),
    ({"text": "x" * 1001}, "text"),
    ({}, "text"),
    ({"text": "fine", "k": 0}, "k"),
    ({"text": "fine", "k": 500}, "k"),
    ({"text": 12}, "text"),
])
def test_bad_input_gets_422_naming_the_field(tiny_client, payload, field):
    response = tiny_client.post("/api/match", json=payload)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["message"].startswith(f"{field}:")


def test_malformed_json_is_a_4xx_with_the_error_shape(tiny_client):
    response = tiny_client.post("/api/match", content=b'{"text": "no budget"',
                                headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    assert "not valid JSON" in response.json()["error"]["message"]
    empty = tiny_client.post("/api/match", content=b"", headers={"content-type": "application/json"})
    assert empty.status_code == 422 and "not valid JSON" in empty.json()["error"]["message"]


def test_the_api_docs_describe_the_match_body(tiny_client):
    """/api/match parses its own body (it is the hot path); the docs must still show what to send."""
    operation = tiny_client.get("/openapi.json").json()["paths"]["/api/match"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"text", "k"} and schema["required"] == ["text"]
    assert schema["properties"]["text"]["maxLength"] == 1000


def test_unknown_api_route_uses_the_error_shape(tiny_client):
    response = tiny_client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not Found"}}


def test_unknown_page_gets_a_friendly_html_page(tiny_client):
    response = tiny_client.get("/no-such-page")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Not found" in response.text


def test_an_oversized_body_is_refused_before_it_is_read(tiny_client):
    response = tiny_client.post("/api/match", content=b'{"text": "' + b"x" * 3_000_000 + b'"}',
                                headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_until_the_library_has_loaded_matching_answers_503(tiny_client, monkeypatch):
    from app.live_library import LiveLibrary

    monkeypatch.setattr(LiveLibrary, "loaded", property(lambda self: False))
    for response in (tiny_client.post("/api/match", json={"text": "no budget"}), tiny_client.get("/api/categories")):
        assert response.status_code == 503
        assert response.json()["error"]["message"] == "the objection library is still loading"


def test_the_fast_rendering_of_an_answer_matches_the_response_model(tiny_client):
    from app.api.presenters import match_json, match_response

    retriever = tiny_client.app.state.live_library.current
    for text in ["the price is too expensive for us", "busy right now, no time", "how is the weather", "no budget"]:
        result = retriever.match(text, 3)
        expected = match_response(retriever.library, result).model_dump_json().encode()
        assert match_json(retriever.library, result) == expected
        answer = tiny_client.post("/api/match", json={"text": text})
        assert answer.headers["content-type"] == "application/json"
        assert answer.json() == match_response(retriever.library, result).model_dump(mode="json")
