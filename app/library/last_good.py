"""A copy of the last playbooks that loaded, so a start after a bad hand edit still has a library to serve."""

import logging
import os
import secrets
import shutil
from pathlib import Path

from app.atomic import atomic_write_text
from app.library.loader import Library, load_library

log = logging.getLogger(__name__)
POINTER = "CURRENT"


class LastGoodLibrary:
    """`<directory>/<fingerprint>/` holds the YAML files of one good version; `CURRENT` names the newest.

    Versions sit side by side and the pointer is replaced in one write, so a reader (another
    worker starting) never sees a half-copied library.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def fingerprint(self) -> str | None:
        try:
            return (self.directory / POINTER).read_text().strip() or None
        except OSError:
            return None

    def save(self, playbooks_dir: Path, fingerprint: str) -> None:
        """Keep the YAML files of a library that just loaded from `playbooks_dir`."""
        if self.fingerprint() == fingerprint:
            return
        target = self.directory / fingerprint
        if not target.is_dir():
            staging = self.directory / f"{fingerprint}.{os.getpid()}.{secrets.token_hex(4)}.partial"
            for source in sorted(Path(playbooks_dir).rglob("*.yaml")):
                copy = staging / source.relative_to(playbooks_dir)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, copy)
            try:
                staging.rename(target)
            except OSError:  # another process sharing the folder put the same version in place first
                shutil.rmtree(staging, ignore_errors=True)
        atomic_write_text(self.directory / POINTER, fingerprint)
        for old in self.directory.iterdir():
            if old.is_dir() and old.name != fingerprint and not old.name.endswith(".partial"):
                shutil.rmtree(old, ignore_errors=True)

    def load(self) -> Library | None:
        """The kept library, or None if there is none (or it no longer loads, e.g. after a schema change)."""
        fingerprint = self.fingerprint()
        if fingerprint is None or not (self.directory / fingerprint).is_dir():
            return None
        try:
            return load_library(self.directory / fingerprint)
        except Exception:  # a copy that cannot serve is the same as no copy
            log.exception("the last good library in %s does not load", self.directory)
            return None
