"""Edits managers make through the admin page, written back into the YAML they came from.

Round-trip YAML keeps comments, key order and layout; the edited library is validated as a
whole before the file is replaced atomically, and an edit made against an older version of
the file is refused rather than silently overwriting someone else's change.
"""

import hashlib
import io
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from app.atomic import atomic_write_text
from app.file_lock import exclusive
from app.library.loader import CATEGORIES_DIR, Library, load_library
from app.library.schema import MIN_PHRASINGS


class EditError(ValueError):
    """The edit does not fit the library; the message says why."""


class EditConflict(Exception):
    """The file changed on disk since the editor loaded it."""


@dataclass(frozen=True)
class RebuttalDraft:
    title: str
    steps: dict[str, str]
    framework: str = "aarn"
    id: str | None = None  # set to edit an existing rebuttal


def file_version(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines someone wrote by hand
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def one_line(text) -> str:
    """A phrasing as one line: a prospect says it in one breath, so line breaks and runs of spaces go."""
    return " ".join(str(text).split())


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "rebuttal"


class PlaybookEditor:
    def __init__(self, playbooks_dir: Path):
        self.playbooks_dir = Path(playbooks_dir)

    def category_path(self, slug: str) -> Path:
        if len(slug) > 60 or not re.fullmatch(r"[a-z][a-z0-9_]*", slug):
            raise EditError(f"category: no playbook for category '{slug[:60]}'")
        path = self.playbooks_dir / CATEGORIES_DIR / f"{slug}.yaml"
        if not path.is_file():
            raise EditError(f"category: no playbook for category '{slug}'")
        return path

    def version(self, slug: str) -> str:
        return file_version(self.category_path(slug))

    def add_phrasing(self, slug: str, objection_id: str, text: str) -> Callable[[CommentedMap], None]:
        def apply(document: CommentedMap) -> None:
            objection = _find_objection(document, objection_id)
            wording = one_line(text)
            existing = {one_line(p).lower() for p in [objection["canonical"], *objection["phrasings"]]}
            if wording.lower() in existing:
                raise EditError(f"phrasing: \"{wording}\" is already a phrasing of this objection")
            objection["phrasings"].append(DoubleQuotedScalarString(wording))
        return apply

    def replace_phrasing(self, slug: str, objection_id: str, old: str,
                         new: str | None) -> Callable[[CommentedMap], None]:
        """Reword a phrasing, or remove it when `new` is None.

        Phrasings are found by their words, not their exact spacing: one written across lines in
        the YAML reaches the page's select box (and comes back) with its line breaks as spaces.
        """
        def apply(document: CommentedMap) -> None:
            phrasings = _find_objection(document, objection_id)["phrasings"]
            for i, existing in enumerate(phrasings):
                if one_line(existing) == one_line(old):
                    if new is None:
                        if len(phrasings) <= MIN_PHRASINGS:
                            raise EditError(f"remove_phrasing: an objection needs at least {MIN_PHRASINGS} "
                                            "phrasings; add another one before removing this one")
                        del phrasings[i]
                    else:
                        phrasings[i] = DoubleQuotedScalarString(one_line(new))
                    return
            field = "replaces" if new is not None else "remove_phrasing"
            raise EditError(f"{field}: this objection has no phrasing \"{one_line(old)[:80]}\"; "
                            "reload the page to see the current list")
        return apply

    def save_rebuttal(self, slug: str, objection_id: str, draft: RebuttalDraft) -> Callable[[CommentedMap], None]:
        def apply(document: CommentedMap) -> None:
            objection = _find_objection(document, objection_id)
            entry = CommentedMap()
            entry["id"] = draft.id or _fresh_id(objection, _slugify(draft.title))
            entry["title"] = draft.title.strip()
            entry["framework"] = draft.framework
            entry["steps"] = CommentedMap((k, DoubleQuotedScalarString(v.strip())) for k, v in draft.steps.items())
            if draft.id is None:
                objection["rebuttals"].append(entry)
                return
            for i, existing in enumerate(objection["rebuttals"]):
                if existing.get("id") == draft.id:
                    objection["rebuttals"][i] = entry
                    return
            raise EditError(f"rebuttal: {objection_id} has no rebuttal '{draft.id}'")
        return apply

    def render(self, slug: str, change: Callable[[CommentedMap], None]) -> str:
        """The category file's text with the change applied (nothing is written)."""
        yaml = _yaml()
        document = yaml.load(self.category_path(slug).read_text(encoding="utf-8"))
        change(document)
        out = io.StringIO()
        yaml.dump(document, out)
        return out.getvalue()

    @contextmanager
    def staged(self, slug: str, text: str) -> Iterator[Path]:
        """A temporary copy of the playbooks with one category file replaced, for validation or preview."""
        with tempfile.TemporaryDirectory(prefix="playbooks-") as tmp:
            staged = Path(tmp) / "playbooks"
            shutil.copytree(self.playbooks_dir, staged)
            (staged / CATEGORIES_DIR / f"{slug}.yaml").write_text(text, encoding="utf-8")
            yield staged

    def validate(self, slug: str, text: str) -> Library:
        """Load the whole library as it would be with this text; raises LibraryError if it is invalid."""
        with self.staged(slug, text) as staged:
            return load_library(staged)

    def save(self, slug: str, change: Callable[[CommentedMap], None], expected_version: str) -> str:
        """Apply, validate and atomically write; returns the file's new version.

        The version check, the render and the write happen under the file's lock, so of two
        managers saving against one version, one wins and the other is told, never silently lost.
        """
        path = self.category_path(slug)
        with exclusive(path):
            if file_version(path) != expected_version:
                raise EditConflict(f"someone else saved {path.name} after you opened it; reload the page to see "
                                   "their change, then make your edit again")
            text = self.render(slug, change)
            self.validate(slug, text)
            atomic_write_text(path, text)
            return file_version(path)


def _find_objection(document: CommentedMap, objection_id: str) -> CommentedMap:
    for objection in document.get("objections", []):
        if objection.get("id") == objection_id:
            return objection
    raise EditError(f"objection_id: no objection '{objection_id}' in this category")


def _fresh_id(objection: CommentedMap, name: str) -> str:
    taken = {r.get("id") for r in objection["rebuttals"]}
    base = f"{objection['id']}.{name}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
