"""One instance per data dir, and whole-database operations only when alone (issue 15).

A second GUI is refused naming the first; short commands share the data dir with a running GUI;
restore (and purge) refuse while another process holds the data dir — tested with two real
processes: a helper opens an AppContext and holds the instance lock exactly as the GUI does — and
succeed once it has gone.  A connection that bypasses the locks still blocks the swap."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.app import main
from desktop.context import build_context
from desktop.store import lock
from desktop.store.backup import make_backup
from desktop.store.db import DB_NAME
from desktop.store.lock import AlreadyRunning, DataDirBusy, exclusive_data_dir, hold_instance_lock, use_data_dir
from desktop.store.restore import restore_database
from tests.store.conftest import ROOT, worked_case

# What the GUI does at start: the instance lock, then the context (which takes a use slot).
GUI_LIKE = r"""
import sys
from pathlib import Path
from desktop.context import build_context
from desktop.store.lock import hold_instance_lock

data = Path(sys.argv[1])
instance = hold_instance_lock(data)
ctx = build_context(data)
print("ready", flush=True)
sys.stdin.readline()
ctx.close()
instance.release()
print("closed", flush=True)
"""


def _gui(data: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", GUI_LIKE, str(data)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    return proc


def _close(proc: subprocess.Popen[str]) -> None:
    out, err = proc.communicate("\n", timeout=60)
    assert proc.returncode == 0 and "closed" in out, err


def _prepared(data: Path) -> Path:
    ctx = build_context(data)
    worked_case(ctx, "示例备份中")
    saved = make_backup(data, ctx.repo.db)
    worked_case(ctx, "示例备份后")
    ctx.close()
    return saved


def _names(capsys: pytest.CaptureFixture[str], data: Path) -> list[str]:
    assert main(["--data-dir", str(data), "cases", "--json"]) == 0
    return sorted(r["name"] for r in json.loads(capsys.readouterr().out))


def test_restore_refuses_while_a_gui_runs_then_succeeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    saved = _prepared(data)
    gui = _gui(data)
    try:
        assert _names(capsys, data) == ["示例备份中", "示例备份后"]  # short commands share the data dir
        code = main(["--data-dir", str(data), "restore", str(saved)])
        err = capsys.readouterr().err
        assert code == 2
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误：")
        assert f"窗口程序（进程 {gui.pid}" in lines[0] and "请先关闭它再恢复数据库" in lines[0]
        assert "当前数据库未改动" in lines[0]
        assert _names(capsys, data) == ["示例备份中", "示例备份后"]
    finally:
        _close(gui)
    assert main(["--data-dir", str(data), "restore", str(saved)]) == 0
    assert "before-restore" in capsys.readouterr().out
    assert _names(capsys, data) == ["示例备份中"]


def test_a_second_gui_is_refused_naming_the_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    gui = _gui(data)
    try:
        with pytest.raises(AlreadyRunning, match=f"窗口程序（进程 {gui.pid}") as exc:
            hold_instance_lock(data)
        assert exc.value.holder is not None and exc.value.holder.pid == gui.pid
    finally:
        _close(gui)
    hold_instance_lock(data).release()  # free again once the first has gone


def test_use_slots_are_shared_and_exclusive_refuses_naming_the_holder(tmp_path: Path) -> None:
    first, second = use_data_dir(tmp_path, "命令行 cases"), use_data_dir(tmp_path, "命令行 export")
    with pytest.raises(DataDirBusy, match=r"命令行 (cases|export)（进程 \d+"), \
            exclusive_data_dir(tmp_path, "命令行 purge", "清除过期办件", own=first):
        pass
    second.release()
    assert [h.what for h in lock.holders(tmp_path, own=first)] == []
    with exclusive_data_dir(tmp_path, "命令行 purge", "清除过期办件", own=first):  # its own slot does not count
        pass
    assert [h.what for h in lock.holders(tmp_path)] == ["命令行 cases"]
    first.release()


def test_a_whole_database_operation_makes_new_users_wait_then_names_itself(tmp_path: Path) -> None:
    started = time.monotonic()
    with exclusive_data_dir(tmp_path, "命令行 restore", "恢复数据库"), \
            pytest.raises(DataDirBusy, match=r"命令行 restore（进程 .*正在独占使用"):
        use_data_dir(tmp_path, "命令行 cases", wait=0.3)
    assert time.monotonic() - started >= 0.3
    use_data_dir(tmp_path, "命令行 cases").release()


def test_a_connection_outside_the_locks_still_blocks_the_swap(tmp_path: Path) -> None:
    data = tmp_path / "data"
    saved = _prepared(data)
    stray = sqlite3.connect(str(data / DB_NAME))  # e.g. a tool that opened the file directly
    stray.execute("SELECT count(*) FROM cases").fetchone()
    try:
        with pytest.raises(DataDirBusy, match=r"仍被另一个程序打开.*当前数据库未改动"):
            restore_database(data, saved)
    finally:
        stray.close()
    assert not list(data.glob(f"{DB_NAME}.before-restore-*"))
    restore_database(data, saved)


def test_locks_are_released_when_the_holder_dies(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    gui = _gui(data)
    assert lock.holders(data) != []  # the window holds its use slot …
    gui.kill()
    gui.wait(timeout=30)
    assert lock.holders(data) == []  # … and the kernel gave it back with the process
    hold_instance_lock(data).release()  # raises AlreadyRunning if the instance lock were still held
    with exclusive_data_dir(data, "命令行 restore", "恢复数据库"):  # raises DataDirBusy likewise
        pass


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_lock_files_are_owner_only(tmp_path: Path) -> None:
    held = use_data_dir(tmp_path, "命令行 cases")
    folder = tmp_path / lock.LOCK_DIR
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.iterdir())
    held.release()
