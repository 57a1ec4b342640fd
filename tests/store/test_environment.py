"""The environment in plain Chinese (issue 15): disk full, read-only and no permission are one line
naming the path (never "cannot rollback - no transaction is active", "disk I/O error" or
"database is locked"); a write that finds the database locked past the busy timeout waits and
retries instead of failing."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from desktop.app import main
from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.store import connection, db
from desktop.store.db import DB_NAME
from desktop.store.errors import EnvironmentProblem, environment_message
from tests.store.conftest import read_only, small_disk, worked_case


def test_disk_full_in_sqlite_is_reported_in_chinese(tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    try:
        worked_case(ctx)
        pages = ctx.repo.db.execute("PRAGMA page_count").fetchone()[0]
        ctx.repo.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own SQLITE_FULL
        with pytest.raises(EnvironmentProblem) as exc:
            for n in range(10_000):
                ctx.repo.set_item_state(ctx.repo.case_ids()[0], "kaiban-jilin", f"X{n}", "done", "备注" * 400, "李四")
        message = str(exc.value)
        assert message.startswith("磁盘已满") and str(tmp_path / "data" / DB_NAME) in message
        assert "rollback" not in message and "\n" not in message
        assert not ctx.repo.db.conn.in_transaction
        assert ctx.repo.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        ctx.close()


def test_a_real_full_disk_is_reported_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        data = disk / "data"
        ctx = build_context(data)
        pad = disk / "pad"
        with pad.open("wb", buffering=0) as fh:  # leave about 64 kB free (unbuffered: closing never flushes)
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        pad.write_bytes(pad.read_bytes()[:-131072])
        with pytest.raises(EnvironmentProblem, match=r"^磁盘已满") as exc:
            for n in range(5000):
                ctx.repo.create_case(Applicant(f"示例{n}" * 20), [("kaiban-jilin", "v")], dt.date(2026, 11, 25),
                                     "", "", "x")
        assert str(data) in str(exc.value)
        ctx.close()
        code = main(["--data-dir", str(data), "backup"])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith("错误：磁盘已满") and len(err.strip().splitlines()) == 1, err
        pad.unlink()
        ctx = build_context(data)  # nothing acknowledged was lost, and the database is intact
        assert ctx.repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ctx.close()


def test_a_read_only_data_dir_is_one_line_for_every_command(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    worked_case(ctx)
    ctx.close()
    with read_only(data):
        for argv in (["cases"], ["backup"], ["purge", "--closed-days", "30", "--yes"]):
            code = main(["--data-dir", str(data), *argv])
            err = capsys.readouterr().err
            assert code == 2, (argv, err)
            assert err.startswith("错误：") and len(err.strip().splitlines()) == 1 and "只读" in err, (argv, err)


@pytest.mark.parametrize(("exc", "start"), [
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘已满"),
    (OSError(errno.EROFS, "Read-only file system"), "/x/y 所在的磁盘或文件夹是只读的"),
    (PermissionError(errno.EACCES, "Permission denied"), "没有权限写入 /x/y"),
])
def test_environment_errors_map_to_one_chinese_line(exc: OSError, start: str) -> None:
    message = environment_message(exc, "/x/y")
    assert message is not None and message.startswith(start) and "/x/y" in message
    assert environment_message(ValueError("x")) is None


def test_write_lock_contention_past_the_busy_timeout_is_retried(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)  # SQLite gives up after 50 ms …
    ctx = build_context(tmp_path / "data")
    holding = threading.Event()

    def hold(seconds: float) -> None:
        other = sqlite3.connect(str(tmp_path / "data" / DB_NAME), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        holding.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    try:
        writer = threading.Thread(target=hold, args=(0.8,))
        writer.start()
        holding.wait()
        started = time.monotonic()
        ctx.repo.set_setting("office", "一号窗口")  # … the write keeps trying and succeeds
        assert time.monotonic() - started >= 0.5
        writer.join()
        assert ctx.repo.setting("office") == "一号窗口"

        monkeypatch.setattr(connection, "LOCK_PATIENCE", 0.3)
        holding.clear()
        writer = threading.Thread(target=hold, args=(1.5,))
        writer.start()
        holding.wait()
        with pytest.raises(EnvironmentProblem, match="正被其他程序长时间占用") as exc:
            ctx.repo.set_setting("office", "二号窗口")
        assert "locked" not in str(exc.value)
        writer.join()
    finally:
        ctx.close()
