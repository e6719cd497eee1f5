"""The role-play files: the shipped ones are complete, broken ones are named precisely, and they
never reach the matcher."""

from pathlib import Path

import pytest

from app.library import load_library
from app.library.corpus import build_corpus
from app.live_library import LiveLibrary
from app.practice.state import CallState
from tests.conftest import PROJECT_ROOT
from tests.playbook_edits import edit, line_of, problems
from tests.tiny_role_play import add_role_play


@pytest.fixture
def playbooks(tiny_playbooks: Path) -> Path:
    return add_role_play(tiny_playbooks)


def test_the_shipped_playbooks_voice_every_objection_for_every_persona():
    library = load_library(PROJECT_ROOT / "playbooks")
    product = library.product
    assert product is not None and 3 <= len(product.proof_points) <= 5
    assert {entry.id for entry in library.prospect_lines.objections} == set(library.objections)
    pitfalls = {p.key for p in library.coaching.pitfalls}
    for persona in library.personas.values():
        assert set(persona.reactions) == pitfalls, persona.id
        assert persona.wrap_up_lines, persona.id
        rival = next(c for c in product.competitors if c.id == persona.facts.competitor)
        assert rival.price_per_seat < product.price_per_seat, f"{persona.id}: the lines say the rival is cheaper"


def test_a_line_with_an_unknown_slot_is_named_with_file_line_entry_and_field(playbooks):
    lines = playbooks / "prospect_lines.yaml"
    edit(lines, "Still no budget.", "Still no budget for {colour}.")
    [problem] = problems(playbooks)
    assert f"prospect_lines.yaml:{line_of(lines, '{colour}')}" in problem
    assert "entry budget.no_budget" in problem and "field 'objections[0].again[0]'" in problem
    assert "unknown slot '{colour}'" in problem


def test_a_persona_without_a_fact_some_line_needs_is_named(playbooks):
    edit(playbooks / "personas.yaml", "      budget_month: March\n", "")
    found = problems(playbooks)
    assert len(found) == 1
    [problem] = found
    assert f"personas.yaml:{line_of(playbooks / 'personas.yaml', 'facts:')}" in problem
    assert "entry tester" in problem and "field 'facts.budget_month'" in problem
    assert "Budget is gone until {budget_month}." in problem and "prospect_lines.yaml entry budget.no_budget" in problem


def test_a_persona_line_is_checked_like_the_shared_ones(playbooks):
    edit(playbooks / "personas.yaml", '"What next?"', '"What next, {first_name}? Ask {approver}."')
    [problem] = problems(playbooks)
    assert "entry tester" in problem and "field 'facts.approver'" in problem and "its own wrap_up_lines[1]" in problem


def test_lines_for_an_unknown_objection_and_an_unknown_competitor_are_refused(playbooks):
    edit(playbooks / "prospect_lines.yaml", "  - id: price.too_expensive", "  - id: price.too_pricey")
    edit(playbooks / "personas.yaml", "competitor: cheapo", "competitor: nobody")
    found = "\n".join(problems(playbooks))
    assert "entry price.too_pricey" in found and "is not an objection id in the library" in found
    assert "field 'facts.competitor'" in found and "competitor 'nobody' is not in product.yaml" in found


def test_a_product_brief_needs_numbers_in_its_proof_and_a_reaction_needs_a_known_pitfall(playbooks):
    product = playbooks / "product.yaml"
    edit(product, "Set up in 2 days.", "Set up in no time.")
    edit(playbooks / "personas.yaml", "      discount:", "      haggle:")
    found = "\n".join(problems(playbooks))
    assert f"product.yaml:{line_of(product, 'no time')}" in found and "field 'product.proof_points[1]'" in found
    assert "a proof point needs a number" in found
    assert "'haggle' is not a pitfall in coaching.yaml" in found


def test_lines_needing_the_brief_without_a_product_file_are_refused(playbooks):
    (playbooks / "product.yaml").unlink()
    found = "\n".join(problems(playbooks))
    assert "entry tester" in found and "needs the product brief, and there is no product.yaml" in found


def test_prospect_lines_and_the_brief_never_reach_the_matcher(playbooks, tmp_path, hashing_embedder):
    library = load_library(playbooks)
    corpus = [entry.text for entry in build_corpus(library)]
    spoken = [line for entry in library.prospect_lines.objections
              for line in (*entry.raise_, *entry.reason, *entry.again, *entry.softer)]
    assert not set(spoken) & set(corpus)
    edit(playbooks / "prospect_lines.yaml", "Still too expensive.", "Far too expensive, still.")
    edit(playbooks / "product.yaml", "price_per_seat: 30", "price_per_seat: 35")
    assert [entry.text for entry in build_corpus(load_library(playbooks))] == corpus  # same tuning input


def test_an_edited_brief_goes_live_on_reload(playbooks, tmp_path, hashing_embedder):
    live = LiveLibrary(playbooks, tmp_path / "embeddings", hashing_embedder)
    live.load_first()
    assert live.current.library.product.price_per_seat == 30
    edit(playbooks / "product.yaml", "price_per_seat: 30", "price_per_seat: 35")
    assert live.reload() and live.current.library.product.price_per_seat == 35
    edit(playbooks / "product.yaml", "price_per_seat: 35", "price_per_seat: free")
    assert not live.reload() and "product.yaml" in live.last_error
    assert live.current.library.product.price_per_seat == 35  # the last good brief keeps serving


def test_call_states_from_before_and_after_this_version_load():
    old = {"current": "price.too_expensive", "raised": ["price.too_expensive"], "used_lines": ["Hi."],
           "pushbacks": 1, "passed": [], "step": 2}
    state = CallState.from_json(old)
    assert state.phase == "objection" and state.progress == 0 and state.pushbacks == 1
    newer = CallState.from_json({**old, "mood": "sunny", "phase": "wrap_up"})
    assert newer.phase == "wrap_up" and not hasattr(newer, "mood")
    assert CallState.from_json(None) == CallState()


def test_no_shipped_line_quotes_the_rep():
    """A line said after any reply must not put words in the rep's mouth ("Everybody says 'seamless'")."""
    from app.library.role_play_checks import own_lines, shared_lines
    from tests.test_role_play_walk import QUOTED

    library = load_library(PROJECT_ROOT / "playbooks")
    written = [text for _, _, text in shared_lines(library.prospect_lines)]
    written += [text for persona in library.personas.values() for _, text in own_lines(persona)]
    assert len(written) > 500
    assert [text for text in written if QUOTED.search(text)] == []
