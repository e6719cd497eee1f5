"""Rules that span the role-play files: every slot exists, every persona can say every line it may get.

Prospect lines are shared by all personas, so a line needing `{contract_end}` makes that fact
required for every persona; the error points at the persona that lacks it and names the line.
"""

from collections.abc import Iterator
from pathlib import Path

from app.library.role_play import ProductBrief, ProspectLinesFile
from app.library.schema import CoachingFile, Persona, PersonasFile
from app.library.slots import PRODUCT, SlotError, missing_for, slots_in

PERSONA_LINE_FIELDS = ("opening_lines", "softening_lines", "pushback_lines", "closing_lines", "hangup_lines",
                       "wrap_up_lines")
OBJECTION_LINE_FIELDS = ("raise", "reason", "again", "softer")


def shared_lines(lines: ProspectLinesFile) -> Iterator[tuple[tuple, str, str]]:
    """(location in the file, entry id, line) for every line in prospect_lines.yaml."""
    for i, entry in enumerate(lines.objections):
        for key in OBJECTION_LINE_FIELDS:
            for j, text in enumerate(entry.model_dump(by_alias=True)[key]):
                yield ("objections", i, key, j), entry.id, text
    for i, topic in enumerate(lines.answers):
        for key in ("lines", "again"):
            for j, text in enumerate(getattr(topic, key)):
                yield ("answers", i, key, j), topic.id, text


def own_lines(persona: Persona) -> Iterator[tuple[tuple, str]]:
    """(location inside the persona, line) for every line a persona says."""
    for key in PERSONA_LINE_FIELDS:
        for j, text in enumerate(getattr(persona, key)):
            yield (key, j), text
    for pitfall, texts in persona.reactions.items():
        for j, text in enumerate(texts):
            yield ("reactions", pitfall, j), text


def _dotted(loc: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def check_role_play(found, personas: PersonasFile | None, product: ProductBrief | None,
                    lines: ProspectLinesFile | None, objection_ids: set[str], coaching: CoachingFile | None,
                    files: dict[str, Path]) -> None:
    """Report every problem through `found` (the loader's collector)."""
    personas_path, lines_path, product_path = files["personas"], files["lines"], files["product"]
    usable: list[tuple[str, str, str]] = []  # (file label, where, line) of lines whose slots are known
    if lines is not None:
        _check_line_ids(found, lines_path, lines, objection_ids)
        for loc, entry, text in shared_lines(lines):
            if _slots_ok(found, lines_path, loc, entry, text):
                usable.append((f"{lines_path.name} entry {entry}", _dotted(loc), text))
    if product is not None:
        _check_competitor_ids(found, product_path, product)
    if personas is None:
        return
    pitfalls = {p.key for p in coaching.pitfalls} if coaching else None
    for i, persona in enumerate(personas.personas):
        where = ("personas", i)
        for pitfall in persona.reactions:
            if pitfalls is not None and pitfall not in pitfalls:
                found.add_at(personas_path, (*where, "reactions", pitfall),
                             f"'{pitfall}' is not a pitfall in coaching.yaml (known: {', '.join(sorted(pitfalls))})",
                             entry=persona.id, field=f"reactions.{pitfall}")
        competitor = persona.facts.competitor
        if competitor and product is not None and competitor not in {c.id for c in product.competitors}:
            found.add_at(personas_path, (*where, "facts", "competitor"),
                         f"competitor '{competitor}' is not in {product_path.name}",
                         entry=persona.id, field="facts.competitor")
        own = []
        for loc, text in own_lines(persona):
            if _slots_ok(found, personas_path, (*where, *loc), persona.id, text):
                own.append((f"its own {_dotted(loc)}", _dotted(loc), text))
        _check_facts(found, personas_path, where, persona, product, [*usable, *own], product_path.name)


def _slots_ok(found, path: Path, loc: tuple, entry: str, text: str) -> bool:
    try:
        slots_in(text)
    except SlotError as exc:
        found.add_at(path, loc, str(exc), entry=entry, field=_dotted(loc[2:] if loc[0] == "personas" else loc))
        return False
    return True


def _check_facts(found, path, where, persona: Persona, product, lines, product_name: str) -> None:
    reported: set[str] = set()
    for label, _, text in lines:
        for need in missing_for(text, persona, product):
            if need in reported:
                continue
            reported.add(need)
            if need == PRODUCT:
                message = f"the line \"{text}\" ({label}) needs the product brief, and there is no {product_name}"
                found.add_at(path, where, message, entry=persona.id, field="facts")
            else:
                message = f"missing fact '{need}': the line \"{text}\" ({label}) needs it"
                found.add_at(path, (*where, "facts"), message, entry=persona.id, field=f"facts.{need}")


def _check_line_ids(found, path: Path, lines: ProspectLinesFile, objection_ids: set[str]) -> None:
    seen: set[str] = set()
    for i, entry in enumerate(lines.objections):
        if entry.id not in objection_ids:
            found.add_at(path, ("objections", i, "id"), f"'{entry.id}' is not an objection id in the library",
                         entry=entry.id, field="id")
        if entry.id in seen:
            found.add_at(path, ("objections", i, "id"), "lines for this objection are given twice",
                         entry=entry.id, field="id")
        seen.add(entry.id)
    topics: set[str] = set()
    for i, topic in enumerate(lines.answers):
        if topic.id in topics:
            found.add_at(path, ("answers", i, "id"), "answer topic given twice", entry=topic.id, field="id")
        topics.add(topic.id)


def _check_competitor_ids(found, path: Path, product: ProductBrief) -> None:
    seen: set[str] = set()
    for i, competitor in enumerate(product.competitors):
        if competitor.id in seen:
            found.add_at(path, ("product", "competitors", i, "id"), "duplicate competitor id",
                         entry=competitor.id, field="id")
        seen.add(competitor.id)
