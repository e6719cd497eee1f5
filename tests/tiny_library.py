"""A small, hand-written playbook folder for plumbing tests with the hashing embedder."""

from pathlib import Path

FRAMEWORKS = """\
frameworks:
  - id: aarn
    name: Acknowledge, Ask, Reframe, Next step
    steps:
      - {key: acknowledge, title: Acknowledge, definition: Show you heard it.,
         examples: [I hear you, that makes sense.]}
      - {key: ask, title: Ask, definition: Ask an open question., examples: [What is behind that?]}
      - {key: reframe, title: Reframe, definition: Give value or proof.,
         examples: [A team like yours saved ten hours a week.]}
      - {key: next_step, title: Next step, definition: Propose a time., examples: [Does Tuesday at ten work?]}
"""


def _rebuttal(objection_id: str, n: int) -> str:
    return f"""\
      - id: {objection_id}.r{n}
        title: Pattern {n}
        framework: aarn
        steps:
          acknowledge: Fair enough, plenty of teams say that.
          ask: What would make it worth a look?
          reframe: One customer saved twelve hours a week in the first month.
          next_step: Could we take fifteen minutes on Thursday at ten?
"""


def category_yaml(slug: str, objection: str, phrasings: list[str], follow_ups: str = "") -> str:
    lines = "".join(f"      - {p}\n" for p in phrasings)
    return (
        f"# {slug} objections\nslug: {slug}\ntitle: {slug.title()}\ndescription: The {slug} category.\n"
        f"objections:\n  - id: {slug}.{objection}\n    canonical: {phrasings[0]}\n    phrasings:\n{lines}"
        f"{follow_ups}    rebuttals:\n{_rebuttal(f'{slug}.{objection}', 1)}{_rebuttal(f'{slug}.{objection}', 2)}"
    )


BUDGET = ["we have no budget", "there is no budget left this year", "budget is gone", "no money in the budget",
          "our budget is empty", "zero budget for tools", "budget was cut to nothing", "we spent the budget"]
PRICE = ["your price is too high", "that price is expensive", "too expensive for us", "the price seems steep",
         "price is way too much", "expensive price tag", "costs too much money per seat", "pricey for what it is"]
BUSY = ["I am busy right now", "busy, call later", "too busy to talk", "in a meeting, busy",
        "really busy today", "busy busy sorry", "can't talk, busy", "swamped and busy"]
NEGATIVES = """\
groups:
  - name: agreement
    texts: [sure tell me more, that sounds great, yes go ahead, ok interesting tell me more]
  - name: small_talk
    texts: [how is the weather there, have a nice weekend, nice to meet you, hello who is this]
"""
CALIBRATION = """\
in_scope:
  - {text: no budget at all, category: budget}
  - {text: the budget is empty this year, category: budget}
  - {text: price too high, category: price}
  - {text: it is too expensive, category: price}
  - {text: busy now, category: busy}
  - {text: too busy sorry, category: busy}
out_of_scope:
  - text: sure tell me more about it
  - text: nice weather today
  - text: that sounds great
  - text: hello nice to meet you
"""
PERSONAS = """\
personas:
  - id: tester
    name: Terry Test
    role: Office Manager
    industry: Testing
    company: Testco
    company_size: 10-50 employees
    temperament: Short and direct.
    voice: {gender: female, accent: en-GB, rate: 1.2, pitch: 0.9}
    opening_lines: ["Hello, Testco, Terry speaking.", "Yes? Who is this?"]
    softening_lines: ["Okay, that is fair.", "Alright, I see your point.", "Hm, go on then."]
    pushback_lines: [That does not answer my question., I am not convinced., You did not hear me.]
    closing_lines: ["Fine, send the invite for Thursday.", "Okay, book the meeting."]
    hangup_lines: ["I have to go, bye.", "Not for us, goodbye."]
"""
COACHING = """\
steps:
  - key: acknowledge
    praise: You showed you heard the concern.
    tip: Start by saying the concern is fair before anything else.
    examples: ["I hear you, that makes sense.", "Fair enough, many teams say that.", "Totally understand that worry."]
  - key: ask
    praise: Good open question.
    tip: Ask an open question about what is behind the concern.
    examples: [What is behind that?, Can I ask what you compare it with?, What would make it worth a look?]
  - key: reframe
    praise: You answered with proof.
    tip: Give one concrete result from a similar customer.
    examples: [A team like yours saved ten hours a week., One customer cut costs by a third.,
               Most clients see results in a month.]
  - key: next_step
    praise: Clear next step.
    tip: Propose a specific time for a short follow-up.
    examples: [Does Tuesday at ten work?, Can we take fifteen minutes on Thursday?, How about a short call next week?]
pitfalls:
  - key: discount
    title: Instant discount
    tip: Do not drop the price before you understand the concern.
    examples: [I can give you fifty percent off right now., We will throw in three months free.,
               Let me cut the price for you today.]
neutral: [Thanks for picking up., So yeah., This is Sam from Testco.]
difficulties:
  - {key: easy, title: Easy, description: Two objections., objections: 2, pass_score: 40, max_pushbacks: 2}
  - {key: normal, title: Normal, description: "Two objections, stricter.", objections: 2, pass_score: 55,
     max_pushbacks: 1}
"""


def write_tiny_library(root: Path) -> Path:
    """Write the tiny library under `root` and return its path."""
    (root / "categories").mkdir(parents=True, exist_ok=True)
    (root / "frameworks.yaml").write_text(FRAMEWORKS)
    (root / "categories" / "budget.yaml").write_text(category_yaml("budget", "no_budget", BUDGET))
    (root / "categories" / "price.yaml").write_text(
        category_yaml("price", "too_expensive", PRICE, "    follow_ups: [budget.no_budget]\n"))
    (root / "categories" / "busy.yaml").write_text(category_yaml("busy", "bad_time", BUSY))
    (root / "not_objections.yaml").write_text(NEGATIVES)
    (root / "calibration.yaml").write_text(CALIBRATION)
    (root / "personas.yaml").write_text(PERSONAS)
    (root / "coaching.yaml").write_text(COACHING)
    return root
