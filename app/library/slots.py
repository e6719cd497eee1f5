"""Slots in prospect lines: which exist, what each one needs, and how a persona fills them.

A slot is `{name}` in a line. The loader refuses an unknown slot and a persona that lacks a
fact a line needs, so filling a checked line never fails at call time.
"""

from string import Formatter

from app.library.role_play import ProductBrief
from app.library.schema import Persona

PRODUCT = "product.yaml"  # what a slot needs when it reads the product brief

# slot -> what it needs: persona facts by name, or PRODUCT. Persona basics need nothing.
SLOT_NEEDS: dict[str, tuple[str, ...]] = {
    "name": (), "first_name": (), "role": (), "company": (), "industry": (),
    "team": ("team",), "seats": ("seats",), "current_tool": ("current_tool",), "tool_years": ("tool_years",),
    "approver": ("approver",), "approver_title": ("approver_title",),
    "colleague": ("colleague",), "colleague_title": ("colleague_title",),
    "budget_month": ("budget_month",), "contract_end": ("contract_end",), "project": ("project",),
    "pain": ("pain",), "goal": ("goal",),
    "product": (PRODUCT,), "seat_price": (PRODUCT,),
    "monthly_cost": (PRODUCT, "seats"), "yearly_cost": (PRODUCT, "seats"),
    "competitor": (PRODUCT, "competitor"), "competitor_price": (PRODUCT, "competitor"),
}


class SlotError(ValueError):
    """A line whose braces do not form slots, or that names a slot that does not exist."""


def slots_in(template: str) -> list[str]:
    """The slots a line uses, in order; raises SlotError for a stray brace or an unknown slot."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as exc:
        raise SlotError(f"braces do not form a slot ({exc}); write slots as {{company}}") from None
    found = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in SLOT_NEEDS or spec or conversion:
            known = ", ".join(sorted(SLOT_NEEDS))
            raise SlotError(f"unknown slot '{{{name}}}' (known: {known})")
        found.append(name)
    return found


def money(amount: float, currency: str) -> str:
    """$40, $1,800 or $39.50: how a price reads in a line."""
    return f"{currency}{amount:,.0f}" if float(amount).is_integer() else f"{currency}{amount:,.2f}"


def slot_values(persona: Persona, product: ProductBrief | None) -> dict[str, str]:
    """Every slot this persona can fill; a slot whose facts are missing is simply absent."""
    facts = persona.facts
    values = {"name": persona.name, "first_name": facts.first_name or persona.name.split()[0],
              "role": persona.role, "company": persona.company, "industry": persona.industry}
    for key in SLOT_NEEDS:
        value = getattr(facts, key, None) if key in type(facts).model_fields else None
        if value is not None and key not in values:
            values[key] = str(value)
    if product is not None:
        values["product"] = product.name
        values["seat_price"] = money(product.price_per_seat, product.currency)
        if facts.seats is not None:
            values["monthly_cost"] = money(product.price_per_seat * facts.seats, product.currency)
            values["yearly_cost"] = money(product.price_per_seat * facts.seats * 12, product.currency)
        rival = next((c for c in product.competitors if c.id == facts.competitor), None)
        if rival is not None:
            values["competitor"] = rival.name
            values["competitor_price"] = money(rival.price_per_seat, product.currency)
    return values


def fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


def missing_for(template: str, persona: Persona, product: ProductBrief | None) -> list[str]:
    """What this persona (or the library) lacks to say this line: fact names, or PRODUCT.

    A competitor id missing from the brief is not reported here: the loader names it on its own.
    """
    have = set(slot_values(persona, product))
    missing: list[str] = []
    for slot in slots_in(template):
        if slot in have:
            continue
        for need in SLOT_NEEDS[slot]:
            lacking = need == PRODUCT and product is None or need != PRODUCT and getattr(persona.facts, need) is None
            if lacking and need not in missing:
                missing.append(need)
    return missing
