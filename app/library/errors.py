"""Playbook problems that name the file, the entry, the field and the line."""

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class PlaybookProblem:
    file: Path
    entry: str | None
    field: str | None
    line: int | None
    message: str

    def shown_from(self, directory: Path) -> "PlaybookProblem":
        """The same problem with its file named from `directory`'s own name down."""
        if not self.file.is_relative_to(directory):
            return self
        return replace(self, file=Path(directory.name) / self.file.relative_to(directory))

    def __str__(self) -> str:
        where = str(self.file) + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.entry:
            parts.append(f"entry {self.entry}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class LibraryError(Exception):
    """The playbooks cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[PlaybookProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
