"""Manager pages: log in with the manager secret, edit playbooks, see the library report."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.api.auth import (
    COOKIE,
    COOKIE_LIFETIME_SECONDS,
    FAILED_LOGINS,
    check_secret,
    manager_cookie_value,
    require_own_site,
    same_secret,
)
from app.api.deps import LiveLibraryDep, SessionsDep, SettingsDep, SnapshotDep
from app.api.errors import AppError
from app.api.presenters import all_overviews, review_out
from app.api.rate_limit import client_of, too_many
from app.api.session_links import SessionId, managed_session
from app.authoring.report import library_report
from app.library.editing import PlaybookEditor
from app.library.slots import money
from app.page_rendering import render_review

router = APIRouter(prefix="/admin")


def _render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def _render_managed(request: Request, name: str, context: dict) -> HTMLResponse:
    """A page behind the manager secret: its navigation carries the Log out button."""
    return _render(request, name, {**context, "manager": True})


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request):
    return _render(request, "admin_login.html", {"error": None})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, settings: SettingsDep, secret: Annotated[str, Form(max_length=500)] = ""):
    require_own_site(request, settings.public_origin)
    limiter, client = request.app.state.rate_limiter, client_of(request)
    wait = limiter.retry_after("auth_failures", client)
    if wait:
        raise too_many(wait, FAILED_LOGINS)
    if not secret or not same_secret(secret, settings.manager_secret):
        limiter.record("auth_failures", client)
        return _render(request, "admin_login.html", {"error": "That is not the manager secret."}, status=401)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(COOKIE, manager_cookie_value(settings.manager_secret), max_age=COOKIE_LIFETIME_SECONDS,
                        httponly=True, samesite="strict", secure=settings.environment == "production")
    return response


@router.post("/logout")
async def logout(request: Request, settings: SettingsDep):
    require_own_site(request, settings.public_origin)
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=settings.environment == "production")
    return response


@router.get("", response_class=HTMLResponse)
async def admin_page(request: Request, settings: SettingsDep, live: LiveLibraryDep, snapshot: SnapshotDep,
                     category: str | None = None):
    if not check_secret(request, settings.manager_secret):
        return RedirectResponse("/admin/login", status_code=303)
    library = snapshot.retriever.library
    editor = PlaybookEditor(live.playbooks_dir)
    if category is not None and category not in library.categories:
        raise AppError(404, f"there is no category '{category[:60]}'; pick one from the list on the Playbooks page")
    slug = category or next(iter(library.categories))
    context = {
        "library": library, "categories": list(library.categories.values()), "selected": library.categories[slug],
        "version": editor.version(slug), "last_error": live.last_error,
        "framework": library.frameworks[next(iter(library.frameworks))],
    }
    return _render_managed(request, "admin.html", context)


@router.get("/product", response_class=HTMLResponse)
async def product_page(request: Request, settings: SettingsDep, live: LiveLibraryDep, snapshot: SnapshotDep):
    """The product brief and the personas' facts, read-only: they are edited in their YAML files."""
    if not check_secret(request, settings.manager_secret):
        return RedirectResponse("/admin/login", status_code=303)
    library = snapshot.retriever.library
    voiced = {entry.id for entry in library.prospect_lines.objections}
    context = {"product": library.product, "personas": list(library.personas.values()), "money": money,
               "unvoiced": [oid for oid in library.objections if oid not in voiced], "last_error": live.last_error}
    return _render_managed(request, "admin_product.html", context)


@router.get("/report", response_class=HTMLResponse)
async def report_page(request: Request, settings: SettingsDep, snapshot: SnapshotDep):
    if not check_secret(request, settings.manager_secret):
        return RedirectResponse("/admin/login", status_code=303)
    report = await run_in_threadpool(library_report, snapshot.retriever)
    return _render_managed(request, "admin_report.html", {"report": report, "library": snapshot.retriever.library})


@router.get("/sessions", response_class=HTMLResponse)
async def sessions_page(request: Request, settings: SettingsDep, sessions: SessionsDep, snapshot: SnapshotDep):
    if not check_secret(request, settings.manager_secret):
        return RedirectResponse("/admin/login", status_code=303)
    overviews = await run_in_threadpool(all_overviews, sessions, snapshot, settings.public_origin)
    library = snapshot.retriever.library
    context = {"overviews": overviews, "categories": list(library.categories.values()),
               "personas": list(library.personas.values()),
               "difficulties": library.coaching.difficulties if library.coaching else []}
    return _render_managed(request, "admin_sessions.html", context)


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
async def session_review_page(session_id: SessionId, request: Request, settings: SettingsDep, sessions: SessionsDep,
                              snapshot: SnapshotDep):
    """The manager's review of one session; it stays open after the session's links are revoked."""
    if not check_secret(request, settings.manager_secret):
        return RedirectResponse("/admin/login", status_code=303)
    session = await run_in_threadpool(managed_session, sessions, session_id)
    data = await run_in_threadpool(review_out, sessions, session, snapshot)
    return render_review(request, data, snapshot, comments_url=f"/api/sessions/{session_id}/comments",
                         transcript_url=f"/admin/sessions/{session_id}/transcript.md", manager=True)
