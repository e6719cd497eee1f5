"""Import objection,rebuttal pairs from a CSV, the way teams keep them in spreadsheets.

Each row adds the objection text as a new phrasing of the nearest objection in the chosen
category, and the rebuttal as a new rebuttal pattern whose sentences are sorted into the
framework's steps by the reply scorer's sentence classifier. Rows that are near-identical to
an existing phrasing (or to an earlier row), or whose rebuttal misses a framework step, are
reported, not imported; an imported row the library report would flag carries a warning.
"""

import csv
import io
from dataclasses import dataclass, field

import numpy as np

from app.authoring.report import flag_if_misplaced
from app.coaching.scorer import ReplyScorer
from app.coaching.sentences import split_sentences
from app.library.editing import PlaybookEditor, RebuttalDraft, one_line
from app.matching.retriever import Retriever
from app.text_rules import control_character

DUPLICATE_SIMILARITY = 0.92
MAX_ROWS = 500
MAX_FIELD = 1000


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)  # row, objection_id, canonical, rebuttal title, warning
    duplicates: list[dict] = field(default_factory=list)  # row, text, existing, similarity
    rejected: list[dict] = field(default_factory=list)  # row, reason


def read_rows(data: bytes) -> list[tuple[int, str, str]]:
    """(line, objection, rebuttal) for each data row; raises ValueError naming the problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError("file: the CSV is not UTF-8 text") from exc
    bad = control_character(text.replace("\r", ""))
    if bad:
        raise ValueError(f"file: the CSV contains a control character ({bad}); only newlines and tabs are allowed")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if "objection" not in header or "rebuttal" not in header:
            raise ValueError("file: the first row must name the columns objection and rebuttal")
        o, r = header.index("objection"), header.index("rebuttal")
        rows = [(reader.line_num, row[o].strip() if len(row) > o else "", row[r].strip() if len(row) > r else "")
                for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:  # a cell over the csv module's limit, or a stray quote it cannot read
        raise ValueError(f"file: line {reader.line_num} could not be read as CSV ({exc})") from exc
    if len(rows) > MAX_ROWS:
        raise ValueError(f"file: {len(rows)} rows; import at most {MAX_ROWS} at a time")
    return rows


def split_into_steps(scorer: ReplyScorer, rebuttal: str) -> dict[str, str]:
    """Assign each sentence to the framework step it most resembles, in the framework's order."""
    sentences = split_sentences(rebuttal)
    steps: dict[str, list[str]] = {}
    for sentence, step in zip(sentences, scorer.likeliest_steps(sentences), strict=True):
        steps.setdefault(step, []).append(sentence)
    return {k: " ".join(steps[k]) for k in scorer.step_keys if k in steps}


def short_title(rebuttal: str, limit: int = 60) -> str:
    """A rebuttal's title from its opening: the first sentence, or its first words up to `limit`
    characters ending on a whole word, with an ellipsis when something was left out."""
    first = one_line(split_sentences(rebuttal)[0])
    if len(first) <= limit:
        return first
    cut = first[:limit + 1].rsplit(" ", 1)[0] if " " in first[:limit + 1] else first[:limit]
    return cut.rstrip(" ,;:-") + "…"


def plan_import(rows, slug: str, retriever: Retriever, scorer: ReplyScorer, editor: PlaybookEditor):
    """Work out what to add; returns the report and the list of changes to apply in one save."""
    report, changes = ImportReport(), []
    accepted: list[tuple[int, str, np.ndarray]] = []  # rows taken so far, so two alike rows count once
    library_rows, existing = retriever.objection_vectors()
    categories = np.array([retriever.corpus[i].category for i in library_rows])
    library = retriever.library
    for line, objection_text, rebuttal_text in rows:
        if not objection_text or not rebuttal_text:
            report.rejected.append({"row": line, "reason": "objection and rebuttal must both be filled in"})
            continue
        if len(objection_text) > MAX_FIELD or len(rebuttal_text) > MAX_FIELD:
            report.rejected.append({"row": line, "reason": f"a cell is over {MAX_FIELD} characters"})
            continue
        objection_text = one_line(objection_text)
        vector = retriever.embedder.encode([objection_text])[0]
        sims = existing @ vector
        best = int(sims.argmax())
        twin = _earlier_twin(objection_text, vector, accepted)
        if sims[best] >= DUPLICATE_SIMILARITY:
            twin = (retriever.corpus[library_rows[best]].text, float(sims[best]))
        if twin is not None:
            report.duplicates.append({"row": line, "text": objection_text, "existing": twin[0],
                                      "similarity": round(twin[1], 3)})
            continue
        steps = split_into_steps(scorer, rebuttal_text)
        missing = [k for k in scorer.step_keys if k not in steps]
        if missing:
            report.rejected.append({"row": line, "reason": f"the rebuttal has no {', '.join(missing)} step"})
            continue
        objection_id = retriever.objection_in_category(objection_text, slug)
        title = "Imported: " + short_title(rebuttal_text)
        changes.append(editor.add_phrasing(slug, objection_id, objection_text))
        changes.append(editor.save_rebuttal(slug, objection_id, RebuttalDraft(title=title, steps=steps)))
        accepted.append((line, objection_text, vector))
        flag = flag_if_misplaced(objection_text, objection_id, slug, sims, categories)
        warning = None if flag is None else (
            f"the library report will list this phrasing as nearer another category: it sounds more like "
            f"{_title(library, flag.nearer_category)} ({flag.other_score:.2f}) than "
            f"{_title(library, slug)} ({flag.own_score:.2f})")
        report.imported.append({"row": line, "objection_id": objection_id,
                                "canonical": library.objections[objection_id].canonical, "rebuttal": title,
                                "warning": warning})
    return report, changes


def _earlier_twin(text: str, vector: np.ndarray, accepted) -> tuple[str, float] | None:
    """An earlier row of the same file saying the same thing (its wording marked with its row)."""
    for line, other, other_vector in accepted:
        similarity = 1.0 if other.lower() == text.lower() else float(other_vector @ vector)
        if similarity >= DUPLICATE_SIMILARITY:
            return f"{other} (row {line} of this file)", similarity
    return None


def _title(library, slug: str) -> str:
    category = library.categories.get(slug)
    return f"{category.title} ({slug})" if category else slug
