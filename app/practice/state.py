"""Where a practice call stands, stored as JSON with the call."""

from dataclasses import dataclass, field, fields

OPENING = "opening"  # the prospect picked up; the rep's next reply is the opener
OBJECTION = "objection"  # a concern is on the table
WRAP_UP = "wrap_up"  # every concern settled; the prospect waits for a next step


@dataclass
class CallState:
    current: str | None = None  # objection id the prospect is pressing (the last one, during wrap-up)
    raised: list[str] = field(default_factory=list)  # objection ids raised so far, in order
    used_lines: list[str] = field(default_factory=list)  # prospect lines said, never repeated
    pushbacks: int = 0  # strikes on the current concern: weak replies and pitfalls
    passed: list[str] = field(default_factory=list)  # objection ids settled
    step: int = 0  # advances the random generator
    # Calls stored before the role-play engine lack the fields below; they started on an objection.
    phase: str = OBJECTION
    progress: int = 0  # good moves heard on the current concern
    coolness: int = 0  # each argument costs one more good move for the rest of the call
    ended_by: str | None = None  # "rep" when the rep ended the call, "prospect" when the prospect did

    def to_json(self) -> dict:
        return self.__dict__.copy()

    @classmethod
    def from_json(cls, data: dict | None) -> "CallState":
        """Tolerates states written by older and newer versions: unknown keys are dropped, missing ones default."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def follow_moves(self, moved: dict[str, str]) -> None:
        """Objection ids stored before the library moved them to another category become their ids now."""
        def now(objection_id: str) -> str:
            return moved.get(objection_id, objection_id)

        self.current = now(self.current) if self.current else None
        self.raised = [now(o) for o in self.raised]
        self.passed = [now(o) for o in self.passed]
