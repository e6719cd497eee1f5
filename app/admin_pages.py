"""Manager pages: log in with the manager secret, edit playbooks, see the library report."""

import hmac
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.api.auth import COOKIE, is_manager, manager_cookie_value
from app.api.deps import LiveLibraryDep, SessionsDep, SettingsDep, SnapshotDep
from app.api.session_routes import overview_out
from app.library.editing import PlaybookEditor
from app.library.report import library_report

router = APIRouter(prefix="/admin")


def _render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request):
    return _render(request, "admin_login.html", {"error": None})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, settings: SettingsDep, secret: Annotated[str, Form(max_length=500)] = ""):
    if not secret or not hmac.compare_digest(secret.encode(), settings.manager_secret.encode()):
        return _render(request, "admin_login.html", {"error": "That is not the manager secret."}, status=401)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(COOKIE, manager_cookie_value(settings.manager_secret), httponly=True, samesite="strict")
    return response


@router.get("", response_class=HTMLResponse)
async def admin_page(request: Request, settings: SettingsDep, live: LiveLibraryDep, snapshot: SnapshotDep,
                     category: str | None = None):
    if not is_manager(request, settings.manager_secret):
        return RedirectResponse("/admin/login", status_code=303)
    library = snapshot.retriever.library
    editor = PlaybookEditor(live.playbooks_dir)
    slug = category if category in library.categories else next(iter(library.categories))
    context = {
        "library": library, "categories": list(library.categories.values()), "selected": library.categories[slug],
        "version": editor.version(slug), "last_error": live.last_error,
        "framework": library.frameworks[next(iter(library.frameworks))],
    }
    return _render(request, "admin.html", context)


@router.get("/report", response_class=HTMLResponse)
async def report_page(request: Request, settings: SettingsDep, snapshot: SnapshotDep):
    if not is_manager(request, settings.manager_secret):
        return RedirectResponse("/admin/login", status_code=303)
    report = await run_in_threadpool(library_report, snapshot.retriever)
    return _render(request, "admin_report.html", {"report": report})


@router.get("/sessions", response_class=HTMLResponse)
async def sessions_page(request: Request, settings: SettingsDep, sessions: SessionsDep, snapshot: SnapshotDep):
    if not is_manager(request, settings.manager_secret):
        return RedirectResponse("/admin/login", status_code=303)
    rows = await run_in_threadpool(sessions.store.all)
    overviews = [await run_in_threadpool(overview_out, sessions, row, snapshot) for row in rows]
    library = snapshot.retriever.library
    context = {"overviews": overviews, "categories": list(library.categories.values()),
               "personas": list(library.personas.values()),
               "difficulties": library.coaching.difficulties if library.coaching else []}
    return _render(request, "admin_sessions.html", context)
