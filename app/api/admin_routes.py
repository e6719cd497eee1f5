"""Manager-only API: reload, edit playbooks with preview, import and export, library report."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import PlainTextResponse
from ruamel.yaml.comments import CommentedMap
from starlette.concurrency import run_in_threadpool

from app.api.auth import ManagerDep
from app.api.deps import LiveLibraryDep, SnapshotDep
from app.api.errors import AppError
from app.api.presenters import match_response
from app.api.schemas import EditRequest, EditResponse, MatchResponse, PreviewRequest, ReloadResponse
from app.authoring.importing import plan_import, read_rows
from app.authoring.report import library_report
from app.library import LibraryError
from app.library.editing import EditConflict, EditError, PlaybookEditor, RebuttalDraft
from app.live_library import LiveLibrary

router = APIRouter(prefix="/api/admin")
Slug = Annotated[str, PathParam(max_length=60, pattern=r"^[a-z][a-z0-9_]*$", description="a category's slug")]
MAX_UPLOAD_BYTES = 1_000_000


def _change(editor: PlaybookEditor, edit: EditRequest):
    if sum(x is not None for x in (edit.phrasing, edit.rebuttal, edit.remove_phrasing)) != 1:
        raise AppError(422, "give exactly one of phrasing, remove_phrasing or rebuttal", "invalid_input")
    if edit.remove_phrasing is not None:
        return editor.replace_phrasing(edit.slug, edit.objection_id, edit.remove_phrasing, None)
    if edit.replaces is not None:
        return editor.replace_phrasing(edit.slug, edit.objection_id, edit.replaces, edit.phrasing)
    if edit.phrasing is not None:
        return editor.add_phrasing(edit.slug, edit.objection_id, edit.phrasing)
    if edit.rebuttal is None:  # unreachable: exactly one of the three is set (checked above)
        raise AppError(422, "give exactly one of phrasing, remove_phrasing or rebuttal", "invalid_input")
    draft = RebuttalDraft(title=edit.rebuttal.title, steps=edit.rebuttal.steps, id=edit.rebuttal.id)
    return editor.save_rebuttal(edit.slug, edit.objection_id, draft)


def _library_problem(exc: LibraryError) -> AppError:
    return AppError(422, "the edited library would be invalid: " + "; ".join(str(p) for p in exc.problems),
                    "invalid_playbook")


def _edit_errors(fn):
    """Run an edit, turning editing errors into clear 4xx answers."""
    try:
        return fn()
    except EditError as exc:
        raise AppError(422, str(exc), "invalid_input") from exc
    except EditConflict as exc:
        raise AppError(409, str(exc), "conflict") from exc
    except LibraryError as exc:
        raise _library_problem(exc) from exc


async def _reload(live: LiveLibrary) -> tuple[bool, str | None]:
    reloaded = await run_in_threadpool(live.reload)
    return reloaded, live.last_error


@router.post("/reload", response_model=ReloadResponse)
async def reload_library(_: ManagerDep, live: LiveLibraryDep) -> ReloadResponse:
    reloaded, error = await _reload(live)
    return ReloadResponse(reloaded=reloaded, error=error, library_fingerprint=live.current.library.fingerprint)


@router.post("/edits", response_model=EditResponse)
async def save_edit(body: EditRequest, _: ManagerDep, live: LiveLibraryDep) -> EditResponse:
    editor = PlaybookEditor(live.playbooks_dir)
    version = await run_in_threadpool(_edit_errors, lambda: editor.save(body.slug, _change(editor, body), body.version))
    reloaded, error = await _reload(live)
    return EditResponse(slug=body.slug, version=version, reloaded=reloaded, error=error)


@router.post("/preview", response_model=MatchResponse)
async def preview_match(body: PreviewRequest, _: ManagerDep, live: LiveLibraryDep) -> MatchResponse:
    """What /api/match would answer for the utterance if the edit were saved (nothing is written)."""
    editor = PlaybookEditor(live.playbooks_dir)

    def run():
        if body.edit is None:
            retriever = live.current
        else:
            text = editor.render(body.edit.slug, _change(editor, body.edit))
            with editor.staged(body.edit.slug, text) as staged:
                retriever = live.preview(staged)
        return retriever, retriever.match(body.utterance, 3)

    retriever, result = await run_in_threadpool(_edit_errors, run)
    return match_response(retriever.library, result)


@router.get("/export/{slug}", response_class=PlainTextResponse)
async def export_playbook(slug: Slug, _: ManagerDep, live: LiveLibraryDep) -> PlainTextResponse:
    path = _edit_errors(lambda: PlaybookEditor(live.playbooks_dir).category_path(slug))
    return PlainTextResponse(path.read_text(encoding="utf-8"), media_type="application/yaml",
                             headers={"content-disposition": f'attachment; filename="{slug}.yaml"'})


@router.post("/import/{slug}")
async def import_csv(slug: Slug, _: ManagerDep, live: LiveLibraryDep, snapshot: SnapshotDep,
                     file: Annotated[UploadFile, File()], dry_run: Annotated[bool, Query()] = False) -> dict:
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise AppError(413, f"file: the CSV is over {MAX_UPLOAD_BYTES // 1000} kB")
    try:
        rows = read_rows(data)
    except ValueError as exc:
        raise AppError(422, str(exc), "invalid_input") from exc
    scorer = snapshot.scorer
    if scorer is None:
        raise AppError(503, "importing needs playbooks/coaching.yaml to sort rebuttal sentences into steps")
    editor = PlaybookEditor(live.playbooks_dir)

    def run():
        version = editor.version(slug)
        report, changes = plan_import(rows, slug, snapshot.retriever, scorer, editor)
        if changes and not dry_run:
            def apply_all(document: CommentedMap) -> None:
                for change in changes:
                    change(document)

            version = editor.save(slug, apply_all, version)
        return report, version

    report, version = await run_in_threadpool(_edit_errors, run)
    reloaded, error = await _reload(live) if report.imported and not dry_run else (False, None)
    # the file's version after the import, so the page's next edit is not refused as a conflict
    return {**asdict(report), "dry_run": dry_run, "reloaded": reloaded, "error": error, "version": version}


@router.get("/report")
async def report(_: ManagerDep, snapshot: SnapshotDep) -> dict:
    return asdict(await run_in_threadpool(library_report, snapshot.retriever))
