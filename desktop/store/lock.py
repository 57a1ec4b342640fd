"""Who is using a data dir: OS file locks in ``<data dir>/locks/`` (fcntl.flock on POSIX, msvcrt on
Windows; released by the OS when a process dies, so never stale).

- **Instance lock** (``instance.lock``): the GUI holds it for its lifetime (:func:`hold_instance_lock`);
  a second GUI on the same data dir gets :class:`AlreadyRunning` naming the first.
- **Use slots** (``use-<n>.lock``): every process that opens the database holds one slot for as long
  as it has the database open (:func:`use_data_dir`: the GUI for its lifetime, a CLI command for its
  run).  Slots are exclusive per holder, so readers and writers never block each other here — SQLite
  arbitrates their transactions.
- **Whole-database operations** (restore, purge, start-up recovery, clean-up of leftovers) take
  :func:`exclusive_data_dir`: the gate (``exclusive.lock``) and then every slot, without waiting.  If a
  slot is held by another process they refuse at once with one line naming the holder ("窗口程序
  （进程 1234）").  While the gate is held, a process that wants a slot waits (up to ``wait`` seconds).

Each lock file holds, after byte 0 (the byte locked on Windows), one line "pid<TAB>what<TAB>since" of
its current holder, read only to name it in messages.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

from desktop.store.errors import EnvironmentProblem, StoreError, environment_message

LOCK_DIR = "locks"
SLOTS = 64
GATE = "exclusive.lock"
INSTANCE = "instance.lock"
GUI_HOLDER = "窗口程序"
GATE_PATIENCE = 2.0  # seconds an exclusive operation waits for a slot taker to pass the gate


class Holder(NamedTuple):
    """Who holds a lock, as recorded in its file."""

    pid: int
    what: str
    since: str

    def describe(self) -> str:
        return f"{self.what}（进程 {self.pid}，{self.since} 起）" if self.pid else "另一个程序"


class DataDirBusy(StoreError):
    """Another process uses the data dir in a way that forbids this operation; one line naming it."""

    def __init__(self, message: str, holder: Holder | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class AlreadyRunning(DataDirBusy):
    """A GUI already runs on this data dir."""


class _FileLock:
    """One exclusive, non-blocking OS lock on one file, recording its holder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def try_acquire(self) -> bool:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise _environment(exc, self.path.parent) from None
        if _try_lock(fd):
            self.fd = fd
            return True
        os.close(fd)
        return False

    def record(self, holder: Holder) -> None:
        assert self.fd is not None
        line = f"{holder.pid}\t{holder.what}\t{holder.since}\n".encode()
        try:
            os.ftruncate(self.fd, 1)
            os.lseek(self.fd, 1, os.SEEK_SET)
            os.write(self.fd, line)
        except OSError:
            pass  # the name is only for messages; the lock itself is held

    def release(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            _unlock(fd)
            os.close(fd)

    def __del__(self) -> None:
        self.release()


def _environment(exc: OSError, folder: Path) -> StoreError:
    message = environment_message(exc, folder)
    return EnvironmentProblem(message) if message else StoreError(f"无法使用数据目录 {folder}：{exc.strerror}")


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def read_holder(path: Path) -> Holder | None:
    """The holder recorded in a lock file (may be stale if nobody holds the lock now)."""
    try:
        with path.open("rb") as fh:
            fh.seek(1)
            text = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    parts = text.strip().split("\t")
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return Holder(int(parts[0]), parts[1], parts[2])


def _me(what: str) -> Holder:
    return Holder(os.getpid(), what, f"{dt.datetime.now():%Y-%m-%d %H:%M}")


def lock_dir(data_dir: Path) -> Path:
    folder = data_dir / LOCK_DIR
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise _environment(exc, data_dir) from None
    return folder


def _slot_path(data_dir: Path, n: int) -> Path:
    return data_dir / LOCK_DIR / f"use-{n}.lock"


class UseLock:
    """A held use slot; :meth:`release` (or closing the process) gives it back."""

    def __init__(self, data_dir: Path, index: int, lock: _FileLock) -> None:
        self.data_dir, self.index, self._lock = data_dir, index, lock

    @property
    def held(self) -> bool:
        return self._lock.fd is not None

    def release(self) -> None:
        self._lock.release()


class InstanceLock:
    """The GUI's instance lock; released by :meth:`release` or when the process ends."""

    def __init__(self, data_dir: Path, lock: _FileLock) -> None:
        self.data_dir, self._lock = data_dir, lock

    def release(self) -> None:
        self._lock.release()


def _busy_gate(data_dir: Path) -> DataDirBusy:
    holder = read_holder(data_dir / LOCK_DIR / GATE)
    who = holder.describe() if holder else "另一个程序"
    return DataDirBusy(f"{who}正在独占使用数据目录 {data_dir}（恢复或清除数据），请稍后再试", holder)


def _take_gate(data_dir: Path, wait: float) -> _FileLock:
    gate = _FileLock(lock_dir(data_dir) / GATE)
    deadline = time.monotonic() + wait
    while not gate.try_acquire():
        if time.monotonic() >= deadline:
            raise _busy_gate(data_dir)
        time.sleep(0.02)
    return gate


def use_data_dir(data_dir: Path, what: str, wait: float = 30.0) -> UseLock:
    """Take a use slot (shared use of the data dir); waits up to ``wait`` s while a whole-database
    operation runs, then raises :class:`DataDirBusy` naming it."""
    gate = _take_gate(data_dir, wait)
    try:
        for n in range(SLOTS):
            slot = _FileLock(_slot_path(data_dir, n))
            if slot.try_acquire():
                slot.record(_me(what))
                return UseLock(data_dir, n, slot)
    finally:
        gate.release()
    raise DataDirBusy(f"同时使用数据目录 {data_dir} 的程序过多（{SLOTS} 个），请关闭一些后再试")


def holders(data_dir: Path, own: UseLock | None = None) -> list[Holder]:
    """The other processes holding a use slot now (probes every slot without waiting)."""
    found: list[Holder] = []
    for n in range(SLOTS):
        if own is not None and own.index == n and own.held:
            continue
        path = _slot_path(data_dir, n)
        if not path.exists():
            continue
        probe = _FileLock(path)
        if probe.try_acquire():
            probe.release()
        else:
            found.append(read_holder(path) or Holder(0, "另一个程序", ""))
    return found


@contextmanager
def exclusive_data_dir(data_dir: Path, holder: str, action: str, own: UseLock | None = None) -> Iterator[None]:
    """Hold the data dir alone for a whole-database operation, or raise :class:`DataDirBusy` at once.

    ``holder`` names this process for others ("命令行 restore"); ``action`` is what it does, for the
    refusal ("恢复数据库"); ``own``: the caller's own use slot, which does not count as another user.
    """
    gate = _take_gate(data_dir, GATE_PATIENCE)
    held: list[_FileLock] = []
    try:
        gate.record(_me(holder))
        for n in range(SLOTS):
            if own is not None and own.index == n and own.held:
                continue
            slot = _FileLock(_slot_path(data_dir, n))
            if not slot.try_acquire():
                other = read_holder(slot.path)
                who = other.describe() if other else "另一个程序"
                raise DataDirBusy(f"{who}正在使用数据目录 {data_dir}，请先关闭它再{action}", other)
            held.append(slot)
        yield
    finally:
        for slot in held:
            slot.release()
        gate.release()


def hold_instance_lock(data_dir: Path, what: str = GUI_HOLDER) -> InstanceLock:
    """The GUI's lock for its lifetime; raises :class:`AlreadyRunning` (naming the holder) when another
    GUI already holds it.  The caller keeps the returned object alive until it quits."""
    lock = _FileLock(lock_dir(data_dir) / INSTANCE)
    if not lock.try_acquire():
        holder = read_holder(lock.path)
        who = holder.describe() if holder else "另一个窗口程序"
        raise AlreadyRunning(f"{who}已经打开了数据目录 {data_dir}", holder)
    lock.record(_me(what))
    return InstanceLock(data_dir, lock)
