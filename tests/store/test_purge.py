"""Personal data really goes (issue 15): after ``qingdan purge`` a byte scan of every file in the data
dir — database, -wal, backups, moved-aside copies, temp files, the log — finds none of a purged case's
name, ID number, contact or phone (old or new); the audit log keeps that its entries existed, not
their values, and stays append-only for everything else; backups are rewritten (a case still live is
kept), a damaged copy is dropped and named; the purge refuses while another process uses the data dir."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from desktop.context import AppContext, build_context
from desktop.core.model import Applicant
from desktop.core.vocab import AuditAction
from desktop.logs import log_exception
from desktop.store import migrations
from desktop.store.backup import list_backups, make_backup
from desktop.store.db import DB_NAME
from desktop.store.housekeeping import temp_pdf_path
from desktop.store.lock import DataDirBusy, use_data_dir
from desktop.store.purge import purge
from desktop.store.restore import restore_database
from tests.store.conftest import worked_case

PURGED = {"name": "示例清除甲贸易有限公司", "id_number": "91220101MA00PURGE9", "contact": "示例清除联系人",
          "phone": "13900001111", "new_phone": "13900002222"}
KEPT = {"name": "示例保留乙商店", "phone": "13700003333"}


def _purged_case(ctx: AppContext) -> str:
    kaiban = ctx.catalog.checklists["kaiban-jilin"]
    cid = ctx.repo.create_case(Applicant(PURGED["name"], PURGED["id_number"], PURGED["contact"], PURGED["phone"]),
                               [(kaiban.id, kaiban.version)], dt.date(2026, 1, 5), "李四", "一号窗口", "李四")
    ctx.repo.set_item_state(cid, kaiban.id, kaiban.items[0].id, "done", f"联系 {PURGED['contact']}", "李四")
    ctx.repo.update_applicant(cid, Applicant(PURGED["name"], PURGED["id_number"], PURGED["contact"],
                                             PURGED["new_phone"]), "李四")  # old and new phone in the audit log
    ctx.repo.close_case(cid, "李四")
    ctx.repo.db.execute("UPDATE cases SET closed_at = '2025-01-10T10:00:00' WHERE id = ?", [cid])
    return cid


def _needles() -> list[bytes]:
    return [PURGED[k].encode("utf-8") for k in ("name", "id_number", "contact", "phone", "new_phone")]


def _scan(data: Path) -> list[tuple[str, str]]:
    """(file, value) for every purged value found in any file under the data dir."""
    found = []
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        blob = path.read_bytes()
        found += [(str(path.relative_to(data)), n.decode()) for n in _needles() if n in blob]
    return found


def _populated(data: Path) -> tuple[str, str]:
    """Live DB, a backup, a before-restore copy, a damaged copy, a .part, a temp PDF and the log: all
    holding the case to purge."""
    ctx = build_context(data)
    kept = worked_case(ctx, KEPT["name"], "", KEPT["phone"])
    purged = _purged_case(ctx)
    saved = make_backup(data, ctx.repo.db)
    ctx.close()
    restore_database(data, saved)  # qingdan.db.before-restore-* holds the case too
    shutil.copyfile(saved, data / f"{DB_NAME}.corrupt-20250101-000000")
    with (data / f"{DB_NAME}.corrupt-20250101-000000").open("r+b") as fh:
        fh.write(b"\xde\xad" * 50)
    shutil.copyfile(saved, data / "backups" / "qingdan-20250101-000000-000000-manual.db.part")
    temp_pdf_path(data).write_bytes(b"%PDF-1.4 " + PURGED["name"].encode())
    try:
        raise ValueError(f"示例错误：{PURGED['name']} {PURGED['phone']}")
    except ValueError as exc:
        assert log_exception(exc, data) is not None
    assert {f for f, _ in _scan(data)} >= {DB_NAME, f"{DB_NAME}.corrupt-20250101-000000", "logs/qingdan.log"}
    return kept, purged


def test_byte_scan_after_purge_finds_no_personal_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    kept, purged = _populated(data)
    code = main(["--data-dir", str(data), "purge", "--closed-days", "30", "--yes"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.split() == [purged]
    assert "已删除 qingdan.db.corrupt-20250101-000000" in err and "已重写" in err
    assert _scan(data) == []
    # the scan is not blind: the kept case is still everywhere it was
    blobs = b"".join(p.read_bytes() for p in data.rglob("*.db*") if p.is_file())
    assert KEPT["phone"].encode() in blobs and list_backups(data)
    ctx = build_context(data)
    try:
        assert [r.id for r in ctx.repo.list_cases()] == [kept]
        log = ctx.repo.audit_log(purged)
        assert len(log) >= 5 and all(e.old is None and e.new is None for e in log[:-1])
        assert log[-1].action == AuditAction.PURGE
    finally:
        ctx.close()


def test_purge_redacts_the_audit_log_and_keeps_it_append_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    kept = worked_case(ctx, KEPT["name"], "", KEPT["phone"])
    purged = _purged_case(ctx)
    ctx.close()
    report = purge(data, 30, "管理员")
    assert report.purged == [purged]
    conn = sqlite3.connect(str(data / DB_NAME), isolation_level=None)
    try:
        rows = conn.execute("SELECT action, field, old, new, redacted FROM audit WHERE case_id = ? ORDER BY id",
                            [purged]).fetchall()
        created = [AuditAction.CREATE, AuditAction.ITEM_STATUS, AuditAction.ITEM_NOTE]
        assert [r[0] for r in rows][:3] == created  # that they existed stays
        assert all(r[2] is None and r[3] is None and r[4] == 1 for r in rows[:-1])
        assert rows[-1][:2] == (AuditAction.PURGE, "")
        for sql in ("DELETE FROM audit", "UPDATE audit SET who = 'x'",
                    f"UPDATE audit SET old = NULL, new = NULL, redacted = 1 WHERE case_id = '{kept}'",
                    f"UPDATE audit SET redacted = 0 WHERE case_id = '{purged}'",
                    f"UPDATE audit SET action = 'x' WHERE case_id = '{purged}'"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
        assert conn.execute("SELECT count(*) FROM cases_fts WHERE cases_fts MATCH ?",
                            ['"' + PURGED["name"][:4] + '"']).fetchone()[0] == 0
    finally:
        conn.close()


def test_purge_refuses_while_another_process_uses_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    _purged_case(ctx)
    ctx.close()
    other = use_data_dir(data, "窗口程序")  # held by this process's other slot: counts as another user
    try:
        with pytest.raises(DataDirBusy, match=r"窗口程序（进程 .*请先关闭它再清除过期办件"):
            purge(data, 30, "管理员")
    finally:
        other.release()
    assert purge(data, 30, "管理员").purged


def test_purge_without_yes_only_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    purged = _purged_case(ctx)
    ctx.close()
    assert main(["--data-dir", str(data), "purge", "--closed-days", "30"]) == 0
    out, err = capsys.readouterr()
    assert out.split() == [purged] and "--yes" in err
    assert json.loads((main(["--data-dir", str(data), "cases", "--json"]), capsys.readouterr().out)[1])


def test_backups_keep_a_case_that_is_live_again(tmp_path: Path) -> None:
    """A case closed long ago in a backup but reopened since is not purged from that backup."""
    data = tmp_path / "data"
    ctx = build_context(data)
    cid = _purged_case(ctx)
    backup = make_backup(data, ctx.repo.db)
    ctx.repo.reopen_case(cid, "李四")
    ctx.close()
    report = purge(data, 30, "管理员")
    assert report.purged == [] and backup in report.rewritten
    conn = sqlite3.connect(str(backup))
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    conn.close()


def test_an_older_version_backup_is_cleaned_and_keeps_its_schema(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    cid = _purged_case(ctx)
    ctx.close()
    old = data / "backups" / "qingdan-20250101-000000-000000-before-migration-1.db"
    old.parent.mkdir(mode=0o700, exist_ok=True)
    conn = sqlite3.connect(str(old), isolation_level=None)
    migrations.apply(migrations.Database(conn), 1)
    conn.execute("INSERT INTO cases (id, applicant_name, phone, received_on, status, created_at, updated_at)"
                 " VALUES (?, ?, ?, '2025-01-05', 'closed', '2025-01-05T09:00:00', '2025-01-06T09:00:00')",
                 [cid, PURGED["name"], PURGED["phone"]])
    conn.execute("INSERT INTO audit (case_id, at, who, action, field, old, new)"
                 " VALUES (?, '2025-01-05T09:00:00', 'x', '申请人信息', 'phone', ?, ?)", [cid, PURGED["phone"], "1"])
    conn.close()
    report = purge(data, 30, "管理员")
    assert old in report.rewritten and _scan(data) == []
    conn = sqlite3.connect(str(old))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 2
    conn.close()
