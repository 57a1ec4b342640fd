"""数据 menu: export/import round trip through the window, backup and restore, recovery notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.ui import data_actions
from desktop.ui.main_window import MainWindow


def _window(qtbot: QtBot, data: Path) -> MainWindow:
    ctx = build_context(data)
    ctx.repo.set_setting("mode", "clerk")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    return window


def _case(window: MainWindow, name: str) -> str:
    ctx = window.ctx
    version = ctx.catalog.checklists["kaiban-jilin"].version
    case_id = ctx.repo.create_case(Applicant(name), [("kaiban-jilin", version)], dt.date(2026, 11, 25), "", "", "t")
    ctx.repo.set_answer(case_id, "region", "长春市", "t")
    ctx.repo.set_item_state(case_id, "kaiban-jilin", "K14", "done", "已刻", "t")
    window.case_list.refresh()
    return case_id


def test_export_then_import_in_another_office(qtbot: QtBot, tmp_path: Path) -> None:
    a = _window(qtbot, tmp_path / "a")
    case_id = _case(a, "甲公司")
    out = tmp_path / "case.json"
    message = data_actions._run_export(a, "one", out, case_id)
    assert out.exists() and "已导出 1 件" in message and "个人信息" in message
    zipped = tmp_path / "all.zip"
    assert "已导出 1 件" in data_actions._run_export(a, "all", zipped)
    csv = tmp_path / "list.csv"
    data_actions._run_export(a, "csv", csv)
    assert "甲公司" in csv.read_text(encoding="utf-8-sig")

    b = _window(qtbot, tmp_path / "b")
    lines = data_actions.import_file(b, out)
    assert len(lines) == 1 and case_id in lines[0] and "已导入" in lines[0]
    assert [r.id for r in b.case_list.model.rows] == [case_id]
    case = b.ctx.repo.get_case(case_id)
    assert case is not None and case.profile == {"region": "长春市"}
    assert case.state("kaiban-jilin", "K14").note == "已刻"
    again = data_actions.import_file(b, zipped)
    assert "未变化" in again[0] and b.ctx.repo.count_cases() == 1
    a.ctx.close()
    b.ctx.close()


def test_backup_and_restore(qtbot: QtBot, tmp_path: Path) -> None:
    w = _window(qtbot, tmp_path / "d")
    first = _case(w, "备份前")
    message = data_actions.backup_now(w)
    assert message.startswith("已备份：")
    backup = Path(message.split("：", 1)[1])
    assert backup.exists()
    _case(w, "备份后")
    assert w.ctx.repo.count_cases() == 2
    told: list[str] = []
    w.restore_from(backup, told.append)  # off the GUI thread, with a progress dialog
    qtbot.waitUntil(lambda: bool(told), timeout=60000)
    assert told[0].startswith(f"已从 {backup} 恢复数据库。"), told
    assert "原数据库已保留为" in told[0]
    assert [r.id for r in w.case_list.model.rows] == [first]
    w.ctx.close()


def test_bulk_import_export_and_purge_run_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    a = _window(qtbot, tmp_path / "a")
    ids = [_case(a, f"示例甲{n}") for n in range(5)]
    zipped = tmp_path / "all.zip"
    said: list[str] = []
    data_actions.start_export_all(a, zipped, said.append)
    qtbot.waitUntil(lambda: bool(said), timeout=60000)
    assert said == [f"已导出 5 件：{zipped}（文件含个人信息，请妥善保管）"] and zipped.exists()
    b = _window(qtbot, tmp_path / "b")
    lines: list[list[str]] = []
    data_actions.start_import(b, zipped, lines.append)
    qtbot.waitUntil(lambda: bool(lines), timeout=60000)
    assert len(lines[0]) == 5 and all("已导入" in line for line in lines[0])
    assert sorted(r.id for r in b.case_list.model.rows) == sorted(ids)
    # purge: cases closed long ago go, from the database and the audit log, with a report
    for cid in ids[:2]:
        b.cases.close(cid)
        b.ctx.repo.db.execute("UPDATE cases SET closed_at = '2020-01-01T09:00:00' WHERE id = ?", [cid])
    told: list[str] = []
    b.purge(365, told.append)
    qtbot.waitUntil(lambda: bool(told), timeout=60000)
    assert told[0].startswith("已清除 2 个办结超过 365 天的办件。"), told
    assert sorted(r.id for r in b.case_list.model.rows) == sorted(ids[2:])
    assert b.ctx.repo.is_open  # the window works on the purged database
    a.ctx.close()
    b.ctx.close()


def test_recovery_is_told_to_the_user(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "e"
    w = _window(qtbot, data)
    w.ctx.close()
    db = data / "qingdan.db"
    db.write_bytes(b"this is not a database" * 100)
    for extra in ("qingdan.db-wal", "qingdan.db-shm"):
        (data / extra).unlink(missing_ok=True)
    w2 = _window(qtbot, data)
    assert w2.ctx.recovery is not None
    assert "数据库恢复" in w2.statusBar().currentMessage()
    w2.ctx.close()
