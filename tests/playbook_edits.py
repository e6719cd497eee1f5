"""Break a playbook folder on purpose, then read the problems the loader names."""

from pathlib import Path

import pytest

from app.library import LibraryError, load_library


def problems(playbooks: Path) -> list[str]:
    with pytest.raises(LibraryError) as caught:
        load_library(playbooks)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)
