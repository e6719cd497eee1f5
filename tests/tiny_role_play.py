"""Role-play files for the tiny library: a product brief, prospect lines and a persona with facts."""

from pathlib import Path

from tests.tiny_library import PERSONAS as TINY_PERSONAS

PRODUCT = """\
product:
  name: Tallyo
  pitch: One board for the office's requests.
  price_per_seat: 30
  proof_points:
    - A ten-person office saved 6 hours a week.
    - Set up in 2 days.
    - 95% of staff use it daily after a month.
  competitors:
    - {id: cheapo, name: Cheapo, price_per_seat: 10}
"""
PROSPECT_LINES = """\
objections:
  - id: budget.no_budget
    raise: ["There is no budget at {company} for this.", "Budget is gone until {budget_month}."]
    reason: ["We spent it all on {current_tool}."]
    again: ["Still no budget.", "The budget has not changed."]
    softer: ["Maybe in {budget_month}."]
  - id: price.too_expensive
    raise: ["{seat_price} a seat is too much.", "{monthly_cost} a month is too much for us."]
    reason: ["{competitor} costs {competitor_price}."]
    again: ["Still too expensive.", "The price is still the problem."]
    softer: ["If it pays back, maybe."]
answers:
  - id: current_tool
    cues: ["what + use"]
    lines: ["We use {current_tool}.", "It is {current_tool} for now."]
    again: ["Like I said, {current_tool}."]
"""
# The tiny library's persona, given the facts and lines role-play needs.
PERSONAS = TINY_PERSONAS + """\
    wrap_up_lines: ["So what do you want?", "What next?"]
    facts:
      seats: 12
      current_tool: Papertrail
      budget_month: March
      competitor: cheapo
    reactions:
      discount: ["So the price was padded?", "Money off already?"]
"""


def add_role_play(root: Path) -> Path:
    """Write the role-play files into a tiny library at `root`."""
    (root / "product.yaml").write_text(PRODUCT)
    (root / "prospect_lines.yaml").write_text(PROSPECT_LINES)
    (root / "personas.yaml").write_text(PERSONAS)
    return root
