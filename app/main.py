"""The app factory. `app = create_app()` exists only for `uvicorn app.main:app`."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from app.admin_pages import router as admin_pages_router
from app.api.admin_routes import router as admin_router
from app.api.errors import install_error_handlers
from app.api.guards import RequestGuards
from app.api.limits import BodySizeLimit
from app.api.match_routes import hot_router as hot_match_router
from app.api.match_routes import router as match_router
from app.api.practice_routes import router as practice_router
from app.api.rate_limit import RateLimiter
from app.api.session_routes import router as session_router
from app.background_tuning import BackgroundTuning
from app.embedding import Embedder
from app.embedding.factory import create_embedder
from app.embedding.tuner import ProcessTuner, Tuner
from app.live_library import LiveLibrary
from app.pages import router as pages_router
from app.practice.coaching_sessions import CoachingSessions
from app.practice.service import PracticeService
from app.settings import Settings
from app.store.calls import CallStore
from app.store.database import create_db_engine, migrate, session_factory
from app.store.sessions import SessionStore, link_key
from app.watcher import watch_playbooks

HERE = Path(__file__).resolve().parent
log = logging.getLogger("app.main")


def _show_progress_logs() -> None:
    """uvicorn configures only its own loggers; start-up progress (tuning, loading) should show too."""
    app_logger = logging.getLogger("app")
    if not app_logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        app_logger.addHandler(handler)
        app_logger.setLevel(logging.INFO)


def use_one_blas_thread() -> None:
    """One BLAS thread in the serving process: requests already run in parallel (docs/decisions.md)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


async def expire_free_calls(store: CallStore, hours: float, every_seconds: float = 600) -> None:
    """Delete free-practice calls nobody has replied to for `hours`, at start-up and then regularly."""
    while True:
        try:
            idle_since = datetime.now(UTC) - timedelta(hours=hours)
            removed = await run_in_threadpool(store.delete_idle_free_calls, idle_since)
            if removed:
                log.info("deleted %d expired free-practice calls", removed)
        except Exception:  # a cleanup hiccup (say, the database restarting) must not stop the next one
            log.exception("expiring free-practice calls failed")
        await asyncio.sleep(every_seconds)


def model_notice(request: Request) -> dict:
    """Every page says so while the matcher runs on a provisional model."""
    live = getattr(request.app.state, "live_library", None)
    return {"provisional_model": bool(live and live.loaded and live.snapshot.provisional)}


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None,
               tuner: Tuner | None = None) -> FastAPI:
    """`embedder` and `tuner` replace the real model and tuning process (tests); with an embedder
    but no tuner, the embedder serves as it is."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _show_progress_logs()
        use_one_blas_thread()
        model: Embedder = embedder if embedder is not None else await run_in_threadpool(create_embedder, settings)
        model_tuner = tuner or (ProcessTuner(niceness=10) if embedder is None else None)
        batching = {"max_batch": settings.batch_max_size, "window_ms": settings.batch_window_ms,
                    "cache_size": settings.query_cache_size}
        live = LiveLibrary(settings.playbooks_dir, settings.embeddings_dir, model,
                           tune=settings.tune_embeddings and model_tuner is not None,
                           tuned_dir=settings.tuned_models_dir,
                           last_good_dir=settings.data_dir / "last-good-library", batching=batching,
                           seed_dir=settings.seed_vectors_dir)
        app.state.live_library = live
        await run_in_threadpool(live.load_first)
        await run_in_threadpool(live.current.embedder.encode, ["warm up"])  # healthy means ready to answer
        log.info("library loaded: %d phrasings", live.current.library.phrasing_count)
        tuning = app.state.tuning = BackgroundTuning(live, model_tuner)
        live.after_reload = tuning.start  # a changed library gets its own model, in the background
        tuning.start()
        engine = create_db_engine(settings.resolved_database_url)
        await run_in_threadpool(migrate, engine)
        db_sessions = session_factory(engine)
        app.state.practice = PracticeService(CallStore(db_sessions), live.library_and_scorer)
        app.state.sessions = CoachingSessions(SessionStore(db_sessions, link_key(settings.manager_secret)),
                                              app.state.practice)
        stop_watching = asyncio.Event()
        watcher = asyncio.create_task(watch_playbooks(live, stop_watching)) if settings.watch_playbooks else None
        cleaner = asyncio.create_task(expire_free_calls(app.state.practice.store, settings.anonymous_call_hours))
        try:
            yield
        finally:
            stop_watching.set()
            cleaner.cancel()
            await run_in_threadpool(tuning.stop)
            if watcher:
                await asyncio.wait_for(watcher, timeout=5)
            engine.dispose()

    telemetry: Any = None if settings.opentelemetry else {"tracing": False, "metrics": False, "logs": False}
    docs: dict[str, Any] = {}
    if settings.environment == "production":  # no API explorer for strangers
        docs = {"docs_url": None, "redoc_url": None, "openapi_url": None}
    app = FastAPI(title="Objection Coach", lifespan=lifespan, telemetry=telemetry, **docs)
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.rate_limits())
    app.state.templates = Jinja2Templates(directory=HERE / "templates", context_processors=[model_notice])
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(RequestGuards)
    app.include_router(hot_match_router)
    app.include_router(match_router)
    app.include_router(practice_router)
    app.include_router(session_router)
    app.include_router(admin_router)
    app.include_router(admin_pages_router)
    app.include_router(pages_router)
    return app


app = create_app()
