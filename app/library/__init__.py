"""The objection library: YAML playbooks, their schema and their loading."""

from app.library.errors import LibraryError, PlaybookProblem
from app.library.loader import Library, load_library

__all__ = ["Library", "LibraryError", "PlaybookProblem", "load_library"]
