"""The content in use is proven at every start: content rows edited in the database — live, in a restored
backup, in an older release a case keeps, in a pre-004 JSON cache — are detected, never shown or
printed, and the content is imported again from its verified origin; the user is told."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from desktop.content.load import TAMPERED
from desktop.context import AppContext
from desktop.core.catalog import content_hash
from desktop.core.model import Applicant
from desktop.services.cases import CaseService, case_catalog
from desktop.services.documents import render
from desktop.services.packs import apply_pack, preview_pack
from desktop.store import backup
from desktop.store.db import DB_NAME, connect
from desktop.store.migrations import apply

FORGED = "申请人须缴纳手续费 5000 元"


def pdf_text(ctx: AppContext, case_id: str, out: Path) -> str:
    """The case's four counter documents printed as the GUI prints them (the case service's snapshot)."""
    render(CaseService(ctx).open(case_id), out, "all", invariant=True)
    return "".join(p.extract_text() for p in PdfReader(out).pages)


def forge(db_file: Path, sql: str) -> None:
    conn = sqlite3.connect(db_file)
    with conn:
        assert conn.execute(sql).rowcount > 0
    conn.close()


def test_unchanged_content_is_reused_after_its_digest_is_checked(kit: Any) -> None:
    first = kit.context()
    assert first.content_imported and first.catalog.origins["fx-kaiban"] == "程序自带内容"
    first.close()
    again = kit.context()
    assert not again.content_imported and not again.notices
    assert again.catalog.checklists.keys() == first.catalog.checklists.keys()
    assert again.catalog.checklists == first.catalog.checklists and again.catalog.sources == first.catalog.sources
    again.close()


def test_a_restored_database_with_an_edited_content_row_is_detected_and_reimported(
        kit: Any, open_case: Callable[[AppContext], str], tmp_path: Path) -> None:
    ctx = kit.context()
    case_id = open_case(ctx)
    a01_what = ctx.catalog.checklists["fx-kaiban"].item("A01").what  # type: ignore[union-attr]
    assert a01_what in pdf_text(ctx, case_id, tmp_path / "before.pdf").replace("\n", "")
    saved = backup.make_backup(kit.data, ctx.repo.db, "manual")
    ctx.close()
    forged = tmp_path / "forged.db"
    forged.write_bytes(saved.read_bytes())
    forge(forged, f"UPDATE content_items SET what = '{FORGED}' WHERE checklist_id = 'fx-kaiban' AND id = 'A01'")
    backup.restore(kit.data, forged)

    ctx = kit.context()
    assert ctx.content_imported
    assert ctx.notices and ctx.notices[0] == TAMPERED.format(source="程序自带内容")
    assert ctx.catalog.checklists["fx-kaiban"].item("A01").what == a01_what  # type: ignore[union-attr]
    rows = ctx.repo.db.execute("SELECT count(*) FROM content_items WHERE what LIKE '%5000%'").fetchone()[0]
    assert rows == 0  # the forged release is gone: no case needed a version only it held
    text = pdf_text(ctx, case_id, tmp_path / "all.pdf")
    assert "手续费" not in text and a01_what in text.replace("\n", "")
    ctx.close()
    calm = kit.context()  # the next start finds the re-imported rows intact
    assert not calm.content_imported and not calm.notices
    calm.close()


def test_an_edit_in_the_live_database_is_detected_at_the_next_start(kit: Any) -> None:
    kit.context().close()
    forge(kit.data / DB_NAME, f"UPDATE content_basis SET quote = '{FORGED}' WHERE item_id = 'A02'")
    ctx = kit.context()
    assert ctx.notices[:1] == [TAMPERED.format(source="程序自带内容")]
    assert all(FORGED not in b.quote for c in ctx.catalog.checklists.values() for i in c.items for b in i.basis)
    ctx.close()


def test_a_forged_older_release_a_case_keeps_is_never_used(kit: Any, open_case: Callable[[AppContext], str],
                                                          tmp_path: Path) -> None:
    ctx = kit.context()
    case_id = open_case(ctx)
    old = ctx.catalog.checklists["fx-kaiban"]
    ctx.close()
    path = kit.checklists / "fx-kaiban.toml"  # the shipped files change: the case keeps the old version
    path.write_text(path.read_text(encoding="utf-8").replace('title = "免费刻制公章"', 'title = "刻制公章免费"'),
                    encoding="utf-8")
    ctx = kit.context()
    case = ctx.repo.get_case(case_id)
    assert case is not None
    pinned = case_catalog(ctx.content, ctx.catalog, case).checklists.get("fx-kaiban")
    assert pinned is not None and pinned.version == old.version and pinned.item("A02").title == "免费刻制公章"  # type: ignore[union-attr]
    ctx.close()

    forge(kit.data / DB_NAME, f"UPDATE content_items SET what = '{FORGED}' WHERE id = 'A02' AND release IN"
                              " (SELECT release FROM content_checklists WHERE version = "
                              f"'{old.version}')")
    ctx = kit.context()
    assert not ctx.content_imported  # the active release is intact
    case = ctx.repo.get_case(case_id)
    assert case is not None
    shown = case_catalog(ctx.content, ctx.catalog, case).checklists.get("fx-kaiban")
    assert shown is ctx.catalog.checklists["fx-kaiban"]  # the forged old version is not used
    assert "手续费" not in pdf_text(ctx, case_id, tmp_path / "old.pdf")
    ctx.close()

    ctx = kit.context(verify_all=True)  # as after a restore: the untrusted release is dropped, and said so
    assert any("未通过校验，已删除" in n for n in ctx.notices)
    assert ctx.repo.db.execute("SELECT count(*) FROM content_items WHERE what = ?", [FORGED]).fetchone()[0] == 0
    ctx.close()


def test_a_restore_of_a_database_from_before_a_pack_reimports_the_pack(kit: Any, tmp_path: Path) -> None:
    ctx = kit.context()
    saved = backup.make_backup(kit.data, ctx.repo.db, "manual")  # shipped content only
    def edit(root: Path) -> None:
        p = root / "checklists" / "fx-kaiban.toml"
        p.write_text(p.read_text(encoding="utf-8").replace('title = "免费刻制公章"', 'title = "公章免费"'), "utf-8")
    apply_pack(ctx, preview_pack(ctx, kit.build(1, edit)))
    ctx.close()
    backup.restore(kit.data, saved)
    ctx = kit.context(verify_all=True)
    assert ctx.catalog.checklists["fx-kaiban"].item("A02").title == "公章免费"  # type: ignore[union-attr]
    assert ctx.release is not None and ctx.release.label == "内容包 示例营商清单 第1版"
    assert not any("校验未通过" in n for n in ctx.notices)  # a known older state: not an alarm
    ctx.close()


def test_a_pack_file_changed_in_the_data_dir_falls_back_to_the_shipped_content(kit: Any) -> None:
    ctx = kit.context()
    apply_pack(ctx, preview_pack(ctx, kit.build(1)))
    ctx.close()
    kept = kit.data / "packs" / "shifan-qingdan-1.zip"
    kept.write_bytes(kept.read_bytes()[:-10])
    forge(kit.data / DB_NAME, "UPDATE content_items SET title = title || '!' WHERE id = 'A01'")
    ctx = kit.context()
    assert ctx.release is not None and ctx.release.label == "程序自带内容"
    assert any("无法重新核验" in n for n in ctx.notices)
    assert ctx.catalog.checklists["fx-kaiban"].item("A01").title == "一网通办提交开办申请"  # type: ignore[union-attr]
    ctx.close()


def test_a_damaged_ledger_is_set_aside_and_the_content_imported_again(kit: Any) -> None:
    kit.context().close()
    (kit.data / "content-ledger.json").write_text("{", encoding="utf-8")
    ctx = kit.context()
    assert ctx.content_imported and any("内容核验记录" in n for n in ctx.notices)
    assert list(kit.data.glob("content-ledger.json.damaged-*"))
    ctx.close()


def _v3_database(data: Path, raw: dict[str, Any], version: str) -> str:
    """A database as the program before migration 004 left it: a JSON cache row a case uses."""
    db = connect(data / DB_NAME)
    for number in (1, 2, 3):
        apply(db, number)
    db.execute("INSERT INTO content_versions VALUES (?, ?, ?, ?, ?, ?, ?)",
               [raw["id"], version, raw["title"], raw["family"], raw["region"],
                json.dumps(raw, ensure_ascii=False, default=str), "2026-01-01T00:00:00"])
    stamp = "2026-01-02T00:00:00"
    db.execute("INSERT INTO cases (id, applicant_name, received_on, created_at, updated_at)"
               " VALUES ('QD-20260102-0001', '示例', '2026-01-02', ?, ?)", [stamp, stamp])
    db.execute("INSERT INTO case_checklists VALUES ('QD-20260102-0001', ?, ?, 0)", [raw["id"], version])
    db.conn.close()
    return "QD-20260102-0001"


def test_migration_004_keeps_the_versions_cases_use_and_trusts_them_only_on_first_start(kit: Any,
                                                                                        tmp_path: Path) -> None:
    raw = tomllib.loads((kit.checklists / "fx-kaiban.toml").read_text(encoding="utf-8"))
    raw["items"][2]["title"] = "免费刻制公章（旧版）"
    version = content_hash(raw)
    case_id = _v3_database(kit.data, raw, version)
    ctx = kit.context()  # migrates; no ledger yet: the moved versions are what this installation used
    case = ctx.repo.get_case(case_id)
    assert case is not None
    pinned = case_catalog(ctx.content, ctx.catalog, case).checklists.get("fx-kaiban")
    assert pinned is not None and pinned.version == version and pinned.item("A02").title == "免费刻制公章（旧版）"  # type: ignore[union-attr]
    assert "content_versions" not in {r[0] for r in ctx.repo.db.execute("SELECT name FROM sqlite_master")}
    ctx.close()

    # later, an old-format backup whose cache was edited is restored: its version is not trusted
    other = tmp_path / "old"
    other.mkdir()
    raw["items"][2]["what"] = FORGED
    _v3_database(other, raw, version)
    backup.restore(kit.data, other / DB_NAME)
    ctx = kit.context(verify_all=True)
    case = ctx.repo.get_case(case_id)
    assert case is not None
    assert case_catalog(ctx.content, ctx.catalog, case).checklists.get("fx-kaiban") is ctx.catalog.checklists["fx-kaiban"]
    assert "手续费" not in pdf_text(ctx, case_id, tmp_path / "legacy.pdf")
    ctx.close()


def test_a_case_created_today_keeps_its_version_through_a_content_change(kit: Any) -> None:
    ctx = kit.context()
    cl = ctx.catalog.checklists["fx-commit"]
    case_id = ctx.repo.create_case(Applicant("示例"), [(cl.id, cl.version)], dt.date(2026, 11, 25), "", "", "示例")
    ctx.close()
    path = kit.checklists / "fx-commit.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # bytes change, content does not
    ctx = kit.context()
    assert ctx.content_imported and ctx.catalog.checklists["fx-commit"].version == cl.version
    case = ctx.repo.get_case(case_id)
    assert case is not None
    assert case_catalog(ctx.content, ctx.catalog, case).checklists.get("fx-commit") is ctx.catalog.checklists["fx-commit"]
    ctx.close()
