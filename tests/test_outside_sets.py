"""`coach.py eval --extra`: outside JSONL sets scored beside the dev set."""

import json
from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.embedding import EmbeddingCache
from app.embedding.hashing import HashingEmbedder
from app.library import load_library
from app.matching.outside_sets import NO_MATCH, NOT_AN_OBJECTION, OutsideSetError, evaluate_outside, load_outside_set
from app.matching.retriever import Retriever

LINES = [
    {"text": "we have no budget left this year", "expected": ["budget"], "kind": "plain"},
    {"text": "too expensive, the price is too high", "expected": ["budget", "price"], "kind": "plain"},
    {"text": "no budget, sorry", "expected": ["busy"], "kind": "brush_off"},
    {"text": "sure tell me more about it", "expected": [], "kind": "agreement_none"},
    {"text": "busy busy, in a meeting", "expected": [], "kind": "offcall_none"},
]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


@pytest.fixture
def tiny_retriever(tiny_playbooks, tmp_path) -> Retriever:
    cache = EmbeddingCache(tmp_path / "embeddings", HashingEmbedder())
    return Retriever.build(load_library(tiny_playbooks), cache, tmp_path / "index.faiss")


def test_right_means_any_expected_category_or_no_answer_for_none(tiny_retriever, tmp_path):
    report = evaluate_outside(tiny_retriever, load_outside_set(_write(tmp_path / "set.jsonl", LINES)))
    overall = report.overall
    assert (overall.objections, overall.non_objections) == (3, 2)
    assert overall.right == 2  # budget, then price accepted as the second expected slug
    assert overall.best_right == 2
    assert overall.rejected == 1  # the agreement line; the busy line gets a confident busy answer
    assert report.confusions["busy"] == {"budget": 1}
    assert report.confusions[NOT_AN_OBJECTION] == {"busy": 1}
    assert [g.name for g in report.groups] == ["agreement_none", "brush_off", "offcall_none", "plain"]
    plain = next(g for g in report.groups if g.name == "plain")
    assert plain.accuracy == 1.0 and plain.rejection is None
    assert [c.name for c in report.categories] == ["budget", "busy", NOT_AN_OBJECTION]


def test_without_kind_lines_are_grouped_by_where_they_came_from(tiny_retriever, tmp_path):
    rows = [{"text": "we have no budget", "expected": ["budget"], "source": "https://example.com/blog"},
            {"text": "hello who is this", "expected": [], "source": "someone/playbook:objections.md"},
            {"text": "price is way too much", "expected": ["price"]}]
    report = evaluate_outside(tiny_retriever, load_outside_set(_write(tmp_path / "set.jsonl", rows)))
    assert [(g.name, g.objections + g.non_objections) for g in report.groups] == [("repository", 1), ("web page", 1)]
    assert report.overall.objections == 2


def test_a_wrong_answer_that_is_no_answer_is_counted_as_no_match(tiny_retriever, tmp_path):
    rows = [{"text": "have a nice weekend", "expected": ["price"]}]
    report = evaluate_outside(tiny_retriever, load_outside_set(_write(tmp_path / "set.jsonl", rows)))
    assert report.confusions["price"] == {NO_MATCH: 1}


def test_unknown_categories_and_broken_lines_name_the_line(tmp_path):
    path = _write(tmp_path / "set.jsonl", [LINES[0], {"text": "x", "expected": ["nope"]}])
    with pytest.raises(OutsideSetError, match=r"set.jsonl:2: unknown category nope"):
        load_outside_set(path, {"budget", "price", "busy"})
    path.write_text('{"text": "a", "expected": []}\n{"text": "b", "expectd": []}\n')
    with pytest.raises(OutsideSetError, match=r"set.jsonl:2:"):
        load_outside_set(path)


def test_cli_reports_each_extra_set_beside_the_dev_set(tiny_settings, tiny_playbooks, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OC_EMBEDDINGS_DIR", str(tmp_path / "embeddings"))
    monkeypatch.setenv("OC_TUNE_EMBEDDINGS", "false")
    monkeypatch.setattr("app.embedding.factory.create_embedder", lambda settings: HashingEmbedder())
    dev = tmp_path / "dev.yaml"
    dev.write_text((tiny_playbooks / "calibration.yaml").read_text())
    first, second = _write(tmp_path / "a.jsonl", LINES), _write(tmp_path / "b.jsonl", LINES[:2])
    args = ["--playbooks", str(tiny_playbooks), "eval", "--dev", str(dev),
            "--extra", str(first), "--extra", str(second)]
    assert cli_main(args) == 0
    out = capsys.readouterr().out
    assert f"extra set {first}: 3 objections, 2 non-objections" in out
    assert f"extra set {second}: 2 objections, 0 non-objections" in out
    assert "busy                 budget 1" in out
    _write(second, [{"text": "x", "expected": ["nope"]}])
    assert cli_main(args) == 1
    assert "unknown category nope" in capsys.readouterr().err
