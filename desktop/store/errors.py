"""The store's errors, and one Chinese line for a failure of the machine rather than of the data.

Disk full, a read-only disk or folder, missing permission and a database held by another program
reach the user as :class:`EnvironmentProblem` with a message naming the file or folder, never as
SQLite's "database or disk is full", "disk I/O error" or "database is locked".
:func:`environment_message` is the one mapping (OSError errno and SQLite result codes); the CLI's
last-resort handler and the GUI use it for anything that escaped the store's own wrapping.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from desktop.core.errors import UserError

SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
LOW_SPACE = 1024 * 1024  # an I/O error with less free space than this is reported as a full disk

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_PERMISSION_ERRNOS = {errno.EACCES, errno.EPERM}


class StoreError(UserError):
    """The database cannot be opened or used; the message is for the user."""


class CorruptDatabase(StoreError):
    """The database file is damaged (not a database, or malformed); recovery may restore a backup."""


class NewerSchema(StoreError):
    """The database was written by a newer program: never touched, never "recovered"."""


class BackupError(StoreError):
    """A backup cannot be made or a file cannot be restored; the message is one line for the user."""


class EnvironmentProblem(StoreError):
    """Disk full, read-only, no permission or held by another program: one line naming the path."""


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of ``exc`` (None when it carries none)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def _read_only_filesystem(path: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(_nearest_existing(path)).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _low_on_space(path: Path) -> bool:
    try:
        return shutil.disk_usage(_nearest_existing(path)).free < LOW_SPACE
    except OSError:
        return False


def disk_full(path: Path | str) -> str:
    return f"磁盘已满：无法写入 {path}。请清理磁盘空间后重试（已保存的数据不受影响）。"


def read_only(path: Path | str) -> str:
    return f"{path} 所在的磁盘或文件夹是只读的，无法写入。请检查它是否被设为只读。"


def no_permission(path: Path | str) -> str:
    return f"没有权限写入 {path}。请检查该文件夹的权限。"


def busy(path: Path | str) -> str:
    return f"数据库 {path} 正被其他程序长时间占用，请稍后重试。"


def _not_writable(path: Path) -> str:
    """Read-only (the disk, or a folder/file with no write permission for anyone) or no permission."""
    if _read_only_filesystem(path):
        return read_only(path)
    try:
        if not _nearest_existing(path).stat().st_mode & 0o222:
            return read_only(path)
    except OSError:
        pass
    return no_permission(path)


def environment_message(exc: BaseException, path: Path | str | None = None) -> str | None:
    """One Chinese line for a failure of the environment, or None when ``exc`` is something else.

    ``path``: the file or folder being written (default: the file the OSError names).
    """
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        where = Path(path or exc.filename or ".")
        if exc.errno in _FULL_ERRNOS:
            return disk_full(where)
        if exc.errno == errno.EROFS:
            return read_only(where)
        if exc.errno in _PERMISSION_ERRNOS:
            return _not_writable(where)
        return None
    code = sqlite_code(exc)
    if code is None or not isinstance(exc, sqlite3.Error):
        return None
    where = Path(path or ".")
    if code == SQLITE_FULL:
        return disk_full(where)
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return _not_writable(where)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return busy(where)
    if code == SQLITE_IOERR:
        if _low_on_space(where):
            return disk_full(where)
        if _read_only_filesystem(where):
            return read_only(where)
        return f"读写 {where} 时发生磁盘错误（{exc}）。请检查磁盘后重试。"
    if code == SQLITE_CANTOPEN:
        folder = where.parent if where.suffix else where
        if folder.exists() and not os.access(folder, os.W_OK):
            return _not_writable(folder)
        if _read_only_filesystem(where):
            return read_only(where)
    return None


def as_store_error(exc: BaseException, path: Path | str, fallback: str) -> StoreError:
    """:class:`EnvironmentProblem` when ``exc`` is one, else :class:`StoreError` with ``fallback``."""
    message = environment_message(exc, path)
    if message is not None:
        return EnvironmentProblem(message)
    return StoreError(fallback)
