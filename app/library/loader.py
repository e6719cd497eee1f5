"""Load and check the whole playbook folder into one immutable `Library` snapshot."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.library.errors import LibraryError, PlaybookProblem
from app.library.role_play import ProductBrief, ProductFile, ProspectLinesFile
from app.library.role_play_checks import check_role_play
from app.library.schema import (
    CategoryFile,
    CoachingFile,
    Framework,
    FrameworksFile,
    LabelledSet,
    NegativesFile,
    Objection,
    Persona,
    PersonasFile,
)
from app.library.yaml_io import YamlSyntaxError, locate, read_yaml, read_yaml_fast

CATEGORIES_DIR = "categories"
FRAMEWORKS_FILE = "frameworks.yaml"
NEGATIVES_FILE = "not_objections.yaml"
CALIBRATION_FILE = "calibration.yaml"
PERSONAS_FILE = "personas.yaml"
COACHING_FILE = "coaching.yaml"
PRODUCT_FILE = "product.yaml"
PROSPECT_LINES_FILE = "prospect_lines.yaml"

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Library:
    """Everything the playbooks say, checked and indexed by id."""

    categories: dict[str, CategoryFile]
    frameworks: dict[str, Framework]
    negatives: list[str]
    calibration: LabelledSet | None
    personas: dict[str, Persona]
    coaching: CoachingFile | None
    category_files: dict[str, Path]
    fingerprint: str
    product: ProductBrief | None = None
    prospect_lines: ProspectLinesFile = ProspectLinesFile()
    objections: dict[str, Objection] = field(init=False)
    category_of: dict[str, str] = field(init=False)
    moved: dict[str, str] = field(init=False)  # a former objection id -> the id it has now

    def __post_init__(self) -> None:
        objections, category_of, moved = {}, {}, {}
        for slug, category in self.categories.items():
            for objection in category.objections:
                objections[objection.id] = objection
                category_of[objection.id] = slug
                moved.update(dict.fromkeys(objection.former_ids, objection.id))
        object.__setattr__(self, "objections", objections)
        object.__setattr__(self, "category_of", category_of)
        object.__setattr__(self, "moved", moved)

    def objection(self, objection_id: str | None) -> Objection | None:
        """The objection an id names, following a move; None for an id the library no longer has."""
        if objection_id is None:
            return None
        return self.objections.get(objection_id) or self.objections.get(self.moved.get(objection_id, ""))

    @property
    def phrasing_count(self) -> int:
        return sum(len(o.texts) for o in self.objections.values())


class _Collector:
    """Gathers problems while reading, so one run reports all of them.

    Files are parsed with the fast loader; only a file with a problem is parsed again
    round-trip, to find the line to point at.
    """

    def __init__(self) -> None:
        self.problems: list[PlaybookProblem] = []
        self._documents: dict[Path, Any] = {}

    def add(self, file: Path, message: str, *, entry=None, field=None, line=None) -> None:
        self.problems.append(PlaybookProblem(file, entry, field, line, message))

    def add_at(self, file: Path, loc: tuple, message: str, *, entry=None, field=None) -> None:
        """Add a problem at a location in the file, looking its line up only now that it is needed."""
        line, _ = locate(self.document(file), loc)
        self.add(file, message, entry=entry, field=field, line=line)

    def document(self, path: Path) -> Any:
        """The file parsed with line numbers."""
        if path not in self._documents:
            self._documents[path] = read_yaml(path)
        return self._documents[path]

    def parse(self, path: Path, model: type[Model]) -> Model | None:
        try:
            data = read_yaml_fast(path)
        except YamlSyntaxError as exc:
            self.add(path, str(exc), line=exc.line)
            return None
        if data is None:
            self.add(path, "file is empty")
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            document = self.document(path)
            for error in exc.errors():
                line, entry = locate(document, error["loc"])
                self.add(path, error["msg"], entry=entry, field=_dotted(error["loc"]), line=line)
            return None


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_library(directory: Path) -> Library:
    """Read every playbook file; raise `LibraryError` listing all problems if any file is wrong.

    Problems name files from the playbooks folder down ("playbooks/categories/price.yaml"), so
    an error shown to users reveals no server paths, and a staged copy reads as the real file.
    """
    directory = Path(directory)
    try:
        return _load_library(directory)
    except LibraryError as exc:
        raise LibraryError([problem.shown_from(directory) for problem in exc.problems]) from None


def _load_library(directory: Path) -> Library:
    found = _Collector()
    frameworks_path = directory / FRAMEWORKS_FILE
    if not frameworks_path.is_file():
        found.add(frameworks_path, "missing: the library needs its rebuttal frameworks")
        raise LibraryError(found.problems)
    frameworks_file = found.parse(frameworks_path, FrameworksFile)
    frameworks = {f.id: f for f in frameworks_file.frameworks} if frameworks_file else {}

    category_paths = sorted((directory / CATEGORIES_DIR).glob("*.yaml"))
    if not category_paths:
        found.add(directory / CATEGORIES_DIR, "no category files (*.yaml) found")
    categories: dict[str, Any] = {}
    category_files: dict[str, Path] = {}
    all_categories_read = True
    for path in category_paths:
        category = found.parse(path, CategoryFile)
        if category is None:
            all_categories_read = False
            continue
        if category.slug in categories:
            found.add_at(path, ("slug",), f"category '{category.slug}' is also defined in "
                         f"{category_files[category.slug].name}", field="slug")
            continue
        categories[category.slug] = category
        category_files[category.slug] = path

    negatives = _optional(found, directory / NEGATIVES_FILE, NegativesFile)
    calibration = _optional(found, directory / CALIBRATION_FILE, LabelledSet)
    personas = _optional(found, directory / PERSONAS_FILE, PersonasFile)
    coaching = _optional(found, directory / COACHING_FILE, CoachingFile)
    product = _optional(found, directory / PRODUCT_FILE, ProductFile)
    prospect_lines = _optional(found, directory / PROSPECT_LINES_FILE, ProspectLinesFile)
    if frameworks_file:
        _check_categories(found, categories, category_files, frameworks)
    if all_categories_read:
        _check_follow_ups(found, categories, category_files)
        _check_former_ids(found, categories, category_files)
    if calibration and all_categories_read:  # else every label of a broken file would be reported too
        _check_labels(found, directory / CALIBRATION_FILE, calibration, categories)
    if all_categories_read:
        files = {"personas": directory / PERSONAS_FILE, "lines": directory / PROSPECT_LINES_FILE,
                 "product": directory / PRODUCT_FILE}
        check_role_play(found, personas, product.product if product else None, prospect_lines,
                        {o.id for c in categories.values() for o in c.objections}, coaching, files)
    if found.problems:
        raise LibraryError(found.problems)
    return Library(
        categories=categories,
        frameworks=frameworks,
        negatives=[text for group in negatives.groups for text in group.texts] if negatives else [],
        calibration=calibration,
        personas={p.id: p for p in personas.personas} if personas else {},
        coaching=coaching,
        category_files=category_files,
        fingerprint=library_fingerprint(directory),
        product=product.product if product else None,
        prospect_lines=prospect_lines or ProspectLinesFile(),
    )


def _optional(found: _Collector, path: Path, model: type[Model]) -> Model | None:
    return found.parse(path, model) if path.is_file() else None


def _check_categories(found, categories, category_files, frameworks) -> None:
    """Rules that span entries or files: id prefixes, uniqueness, frameworks."""
    seen: dict[str, Path] = {}
    for slug, category in categories.items():
        path = category_files[slug]
        if slug != path.stem:
            found.add_at(path, ("slug",), f"slug '{slug}' must match the file name '{path.stem}'", field="slug")
        for i, objection in enumerate(category.objections):
            where = ("objections", i)
            _check_id(found, path, where, objection.id, f"{slug}.", seen)
            for j, rebuttal in enumerate(objection.rebuttals):
                rwhere = (*where, "rebuttals", j)
                _check_id(found, path, rwhere, rebuttal.id, f"{objection.id}.", seen)
                _check_steps(found, path, rwhere, rebuttal, frameworks)


def _check_follow_ups(found, categories, category_files) -> None:
    known = {o.id for c in categories.values() for o in c.objections}
    for slug, category in categories.items():
        for i, objection in enumerate(category.objections):
            for j, target in enumerate(objection.follow_ups):
                if target not in known:
                    found.add_at(category_files[slug], ("objections", i, "follow_ups", j),
                                 f"follow-up '{target}' is not an objection id in the library",
                                 entry=objection.id, field="follow_ups")


def _check_former_ids(found, categories, category_files) -> None:
    """A former id must name nothing else: not a current objection, not another moved one."""
    current = {o.id for c in categories.values() for o in c.objections}
    claimed: dict[str, str] = {}
    for slug, category in categories.items():
        for i, objection in enumerate(category.objections):
            for j, former in enumerate(objection.former_ids):
                where = ("objections", i, "former_ids", j)
                if former in current:
                    problem = f"former id '{former}' is still the id of an objection"
                elif former in claimed:
                    problem = f"former id '{former}' is already claimed by {claimed[former]}"
                else:
                    claimed[former] = objection.id
                    continue
                found.add_at(category_files[slug], where, problem, entry=objection.id, field="former_ids")


def _check_id(found, path, where, entry_id, prefix, seen) -> None:
    if not entry_id.startswith(prefix):
        found.add_at(path, (*where, "id"), f"id must start with '{prefix}'", entry=entry_id, field="id")
    if entry_id in seen:
        found.add_at(path, (*where, "id"), f"duplicate id, already used in {seen[entry_id].name}",
                     entry=entry_id, field="id")
    seen.setdefault(entry_id, path)


def _check_steps(found, path, where, rebuttal, frameworks) -> None:
    framework = frameworks.get(rebuttal.framework)
    if framework is None:
        found.add_at(path, (*where, "framework"),
                     f"unknown framework '{rebuttal.framework}' (known: {', '.join(sorted(frameworks))})",
                     entry=rebuttal.id, field="framework")
        return
    expected, given = framework.step_keys, list(rebuttal.steps)
    if set(expected) != set(given):
        missing = [k for k in expected if k not in given]
        extra = [k for k in given if k not in expected]
        detail = "; ".join([*([f"missing {', '.join(missing)}"] if missing else []),
                            *([f"unknown {', '.join(extra)}"] if extra else [])])
        found.add_at(path, (*where, "steps"), f"steps must be exactly those of framework '{framework.id}' ({detail})",
                     entry=rebuttal.id, field="steps")


def _check_labels(found, path, labelled: LabelledSet, categories) -> None:
    for i, item in enumerate(labelled.in_scope):
        if item.category not in categories:
            found.add_at(path, ("in_scope", i, "category"), f"unknown category '{item.category}'",
                         field=f"in_scope[{i}].category")


def library_fingerprint(directory: Path) -> str:
    """A hash of every YAML file in the folder: equal fingerprints, same library."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.yaml")):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_yaml_file(path: Path, model: type[Model]) -> Model:
    """Read one YAML file into `model`; raises `LibraryError` naming file, line and field."""
    found = _Collector()
    parsed = found.parse(Path(path), model)
    if parsed is None:
        raise LibraryError(found.problems)
    return parsed


def load_labelled_set(path: Path) -> LabelledSet:
    """Read a labelled utterance file (a dev set kept outside the playbooks)."""
    return load_yaml_file(path, LabelledSet)
