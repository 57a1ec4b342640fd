"""Opening a data dir for use, and keeping it tidy.

:func:`open_data_dir` is how the GUI (through desktop/context.py) and every CLI command open their
database: take a use slot (desktop/store/lock.py), then — only if no other process uses the data
dir — finish an interrupted restore and delete leftovers, then open with start-up recovery.

Leftovers (:func:`clean_leftovers`): ``backups/*.part`` (an interrupted backup), scratch dirs of an
interrupted restore or purge, the temp file of an interrupted marker, ``qingdan.db.restore-tmp*``
(older versions), and everything in ``tmp/`` (print-preview PDFs: they hold personal data and are
only needed while shown).  Temp PDFs come from :func:`temp_pdf_path`, owner-only.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from desktop.store.backup import BACKUP_DIR, RecoveryReport, open_with_recovery
from desktop.store.connection import Database
from desktop.store.db import DB_NAME, RESTORE_MARKER, SCRATCH_SUFFIX, private_dir
from desktop.store.lock import DataDirBusy, UseLock, exclusive_data_dir, use_data_dir

TEMP_DIR = "tmp"
SCRATCH_PREFIXES = ("restore-", "purge-")


class OpenedDataDir:
    """The database and the use slot of an opened data dir, with what start-up found (a plain class: it is
    defined at every start)."""

    def __init__(self, db: Database, lock: UseLock, recovery: RecoveryReport | None = None,
                 notices: list[str] | None = None) -> None:
        self.db, self.lock, self.recovery = db, lock, recovery
        self.notices: list[str] = notices if notices is not None else []

    def close(self) -> None:
        self.db.conn.close()
        self.lock.release()


def temp_dir(data_dir: Path) -> Path:
    return private_dir(data_dir / TEMP_DIR)


def temp_pdf_path(data_dir: Path) -> Path:
    """A new, empty, owner-only file ``<data dir>/tmp/preview-*.pdf`` for a print preview; delete it
    with :func:`delete_temp_file` once it is no longer shown (start-up deletes any left over)."""
    fd, name = tempfile.mkstemp(prefix="preview-", suffix=".pdf", dir=temp_dir(data_dir))
    os.close(fd)
    return Path(name)


def delete_temp_file(path: Path) -> None:
    """Delete a temp file of ours; never raises (a viewer may still hold it on Windows)."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def clean_leftovers(data_dir: Path) -> list[Path]:
    """Delete what interrupted operations left (see the module docstring); returns what went.
    Call with the data dir held alone, after :func:`finish_interrupted`."""
    found: list[Path] = []
    backups = data_dir / BACKUP_DIR
    if backups.is_dir():
        found += [p for p in backups.iterdir() if p.name.endswith(".part")]
    found += [p for p in data_dir.iterdir()
              if (p.name.startswith(SCRATCH_PREFIXES) and p.name.endswith(SCRATCH_SUFFIX) and p.is_dir())
              or p.name.startswith(f"{DB_NAME}.restore-tmp") or p.name == f"{RESTORE_MARKER}.part"]
    tmp = data_dir / TEMP_DIR
    if tmp.is_dir():
        found += list(tmp.iterdir())
    removed: list[Path] = []
    for path in found:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def tidy(data_dir: Path, own: UseLock | None, holder: str) -> list[str]:
    """Finish an interrupted restore and clean leftovers, if nobody else uses the data dir (else
    nothing: a later start does it).  Returns notices for the user."""
    try:
        with exclusive_data_dir(data_dir, holder, "整理数据目录", own):
            message = None
            if (data_dir / RESTORE_MARKER).exists():  # a restore was interrupted: finish or undo it
                from desktop.store.restore import finish_interrupted

                message = finish_interrupted(data_dir)
            clean_leftovers(data_dir)
    except DataDirBusy:
        return []
    return [message] if message else []


def open_data_dir(data_dir: Path, holder: str) -> OpenedDataDir:
    """Take a use slot, tidy, open the database with recovery (see the module docstring).

    ``holder`` names this process to others ("窗口程序", "命令行 import").  Raises StoreError.
    """
    lock = use_data_dir(data_dir, holder)
    try:
        notices = tidy(data_dir, lock, holder)
        db, recovery = open_with_recovery(data_dir, own=lock)
    except BaseException:
        lock.release()
        raise
    return OpenedDataDir(db, lock, recovery, notices)
