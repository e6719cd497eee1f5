"""The app factory. `app = create_app()` exists only for `uvicorn app.main:app`."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
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
from app.embedding import Embedder
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


def create_embedder(settings: Settings) -> Embedder:
    from app.embedding.onnx import OnnxEmbedder
    from app.embedding.sentence import SentenceTransformerEmbedder

    if settings.encoder == "onnx":
        return OnnxEmbedder(settings.model_name, settings.model_path, threads=settings.torch_threads)
    return SentenceTransformerEmbedder(settings.model_name, settings.model_path, threads=settings.torch_threads)


def _show_progress_logs() -> None:
    """uvicorn configures only its own loggers; start-up progress (tuning, loading) should show too."""
    app_logger = logging.getLogger("app")
    if not app_logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        app_logger.addHandler(handler)
        app_logger.setLevel(logging.INFO)


def use_one_blas_thread() -> None:
    """Keep numpy's BLAS (the similarity product) to one thread in the serving process.

    Requests already run in parallel worker threads. With OpenBLAS's default of a thread per
    core, 32 concurrent match requests fought over two cores: 39 requests/s, against 124 with
    one thread. One thread costs a lone request 0.15 ms (a 0.49 instead of 0.34 ms product).
    """
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


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _show_progress_logs()
        use_one_blas_thread()
        model = embedder or await run_in_threadpool(create_embedder, settings)
        batching = {"max_batch": settings.batch_max_size, "window_ms": settings.batch_window_ms,
                    "cache_size": settings.query_cache_size}
        live = LiveLibrary(settings.playbooks_dir, settings.embeddings_dir, model, tune=settings.tune_embeddings,
                           batching=batching)
        app.state.live_library = live
        await run_in_threadpool(live.load_first)
        await run_in_threadpool(live.current.embedder.encode, ["warm up"])  # healthy means ready to answer
        log.info("library loaded: %d phrasings", live.current.library.phrasing_count)
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
            if watcher:
                await asyncio.wait_for(watcher, timeout=5)
            engine.dispose()

    telemetry = None if settings.opentelemetry else {"tracing": False, "metrics": False, "logs": False}
    docs = {} if settings.environment != "production" else {"docs_url": None, "redoc_url": None, "openapi_url": None}
    app = FastAPI(title="Objection Coach", lifespan=lifespan, telemetry=telemetry, **docs)
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.rate_limits())
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
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
