"""Reload the library when files under playbooks/ change."""

import asyncio
import logging
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from watchfiles import awatch

from app.live_library import LiveLibrary

log = logging.getLogger(__name__)


def _is_playbook(path: str) -> bool:
    name = Path(path).name
    return name.endswith((".yaml", ".yml")) and not name.startswith(".")


async def watch_playbooks(live: LiveLibrary, stop: asyncio.Event) -> None:
    """Run until `stop` is set; each burst of changes (editors write in several steps) reloads once."""
    async for changes in awatch(live.playbooks_dir, stop_event=stop, debounce=300, step=50,
                                watch_filter=lambda _change, path: _is_playbook(path)):
        log.info("playbooks changed (%d files), reloading", len(changes))
        try:
            await run_in_threadpool(live.reload)
        except Exception:  # a reload must never kill the watcher
            log.exception("reload failed")
