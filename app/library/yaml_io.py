"""Reading YAML with line numbers kept, so problems can point at the line to fix."""

from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None):
        self.line = line
        super().__init__(message)


def read_yaml_fast(path: Path) -> Any:
    """Parse one file with libyaml: far faster than round-trip, but without line numbers (docs/decisions.md)."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise YamlSyntaxError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", line) from exc
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError("file is not UTF-8 text", None) from exc


def read_yaml(path: Path) -> Any:
    """Parse one file round-trip, keeping each key's and item's line (used to point at problems)."""
    try:
        return YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlSyntaxError(f"invalid YAML: {exc.problem or exc.context}", line) from exc
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError("file is not UTF-8 text", None) from exc


def locate(document: Any, path: tuple[Any, ...]) -> tuple[int | None, str | None]:
    """Follow a pydantic error location into the parsed document.

    Returns the line of the deepest node reached and the id of the innermost entry
    (objection, rebuttal, persona...) that encloses it.
    """
    node, line, entry = document, None, None
    for part in path:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
        if isinstance(node, CommentedMap) and isinstance(node.get("id"), str):
            entry = node["id"]
    return line, entry
