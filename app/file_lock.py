"""One writer at a time per file, across threads and across worker processes on one host."""

import fcntl
import hashlib
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_thread_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold `path`'s lock for the block.

    The lock file lives in the temp directory, named after the path, because the file itself
    is replaced on every save (a lock on the old inode would guard nothing) and a lock file
    beside it would show up in the playbooks folder.
    """
    key = str(Path(path).resolve())
    with _guard:
        thread_lock = _thread_locks.setdefault(key, threading.Lock())
    name = hashlib.sha256(key.encode()).hexdigest()[:24]
    with thread_lock, open(Path(tempfile.gettempdir()) / f"objection-coach-{name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
