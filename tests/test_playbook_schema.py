"""Playbook validation: the shipped library is sound, and broken files are named precisely."""

import re
from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.library import LibraryError, load_library
from app.library.loader import load_labelled_set
from tests.conftest import PROJECT_ROOT

REQUIRED_SLUGS = {"budget", "price", "competitor_pricing", "timing", "authority", "no_need", "status_quo",
                  "send_info", "busy", "trust", "contract", "complexity"}


def test_shipped_library_has_every_required_category_with_enough_material():
    library = load_library(PROJECT_ROOT / "playbooks")
    assert REQUIRED_SLUGS <= set(library.categories)
    for objection in library.objections.values():
        assert len(objection.phrasings) >= 8, objection.id
        assert len(objection.rebuttals) >= 2, objection.id
        for rebuttal in objection.rebuttals:
            assert list(rebuttal.steps) == library.frameworks[rebuttal.framework].step_keys
    assert len(library.negatives) >= 100
    assert library.calibration is not None


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def _texts(labelled) -> list[str]:
    return [u.text for u in [*labelled.in_scope, *labelled.out_of_scope]]


def test_held_out_sets_share_no_utterance_with_the_library():
    """The dev and calibration sets measure unseen wording; a copy in the library would flatter both."""
    library = load_library(PROJECT_ROOT / "playbooks")
    in_library = {_plain(t) for o in library.objections.values() for t in o.texts} | {_plain(t) for t in library.negatives}
    for held_out in (load_labelled_set(PROJECT_ROOT / "tests" / "data" / "match_dev.yaml"), library.calibration):
        copied = [text for text in _texts(held_out) if _plain(text) in in_library]
        assert copied == []


def test_dev_set_shares_no_utterance_with_the_calibration_set():
    """The threshold is fitted on the calibration set; the same line in the dev set would grade it on its homework.

    Lines count as the same when they hold the same words in any order ("sorry, we don't take
    sales calls" and "we don't take sales calls, sorry").
    """
    def words(text: str) -> tuple[str, ...]:
        return tuple(sorted(_plain(text).split()))

    calibration = {words(text) for text in _texts(load_library(PROJECT_ROOT / "playbooks").calibration)}
    dev = load_labelled_set(PROJECT_ROOT / "tests" / "data" / "match_dev.yaml")
    assert [text for text in _texts(dev) if words(text) in calibration] == []


def _problems(playbooks: Path) -> list[str]:
    with pytest.raises(LibraryError) as caught:
        load_library(playbooks)
    return [str(p) for p in caught.value.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_unknown_field_is_named_with_file_entry_and_line(tiny_playbooks):
    budget = tiny_playbooks / "categories" / "budget.yaml"
    _edit(budget, "    canonical:", "    canonicle: typo here\n    canonical:")
    [problem] = _problems(tiny_playbooks)
    line = budget.read_text().splitlines().index("    canonicle: typo here") + 1
    assert f"budget.yaml:{line}" in problem
    assert "entry budget.no_budget" in problem
    assert "field 'objections[0].canonicle'" in problem
    assert "Extra inputs are not permitted" in problem


def test_too_few_phrasings_is_reported(tiny_playbooks):
    busy = tiny_playbooks / "categories" / "busy.yaml"
    _edit(busy, "      - swamped and busy\n", "")
    _edit(busy, "      - can't talk, busy\n", "")
    [problem] = _problems(tiny_playbooks)
    assert "busy.yaml" in problem and "objections[0].phrasings" in problem and "at least 8" in problem


def test_duplicate_ids_across_files_are_an_error(tiny_playbooks):
    (tiny_playbooks / "categories" / "busy.yaml").write_text(
        (tiny_playbooks / "categories" / "busy.yaml").read_text().replace("busy.bad_time", "busy.dup"))
    copy = (tiny_playbooks / "categories" / "busy.yaml").read_text().replace("slug: busy", "slug: busy2")
    (tiny_playbooks / "categories" / "busy2.yaml").write_text(copy.replace("busy.dup", "busy2.dup"))
    _edit(tiny_playbooks / "categories" / "busy2.yaml", "  - id: busy2.dup\n", "  - id: busy.dup\n")
    problems = _problems(tiny_playbooks)
    assert any("busy2.yaml" in p and "entry busy.dup" in p and "duplicate id, already used in busy.yaml" in p
               for p in problems)


def test_rebuttal_steps_must_follow_the_framework(tiny_playbooks):
    price = tiny_playbooks / "categories" / "price.yaml"
    _edit(price, "          next_step: Could we", "          close: Could we")
    [problem] = _problems(tiny_playbooks)
    assert "entry price.too_expensive.r1" in problem
    assert "missing next_step; unknown close" in problem


def test_yaml_syntax_error_gives_the_line(tiny_playbooks):
    price = tiny_playbooks / "categories" / "price.yaml"
    price.write_text(price.read_text().replace("title: Price", "title: [Price"))
    [problem] = _problems(tiny_playbooks)
    assert "price.yaml:" in problem and "invalid YAML" in problem


def test_unknown_follow_up_is_an_error(tiny_playbooks):
    _edit(tiny_playbooks / "categories" / "price.yaml", "[budget.no_budget]", "[budget.nope]")
    [problem] = _problems(tiny_playbooks)
    assert "follow-up 'budget.nope' is not an objection id" in problem


def test_cli_validate_fails_with_a_message_naming_the_file(tiny_playbooks, capsys):
    assert cli_main(["--playbooks", str(tiny_playbooks), "validate"]) == 0
    assert "3 categories" in capsys.readouterr().out
    _edit(tiny_playbooks / "categories" / "busy.yaml", "title: Busy", "title: ''")
    assert cli_main(["--playbooks", str(tiny_playbooks), "validate"]) == 1
    err = capsys.readouterr().err
    assert "busy.yaml:" in err and "field 'title'" in err
