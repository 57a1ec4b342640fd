"""The store: migrations, cases, answers, item states, the append-only audit log, content caching."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.store.db import DB_NAME, open_database
from desktop.store.migrations import MIGRATIONS, current_version
from desktop.store.repository import Repository


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository(open_database(tmp_path))


def _case(repo: Repository, name: str = "张三", day: dt.date = dt.date(2026, 11, 25)) -> str:
    return repo.create_case(Applicant(name, "11010519491231002X", "张三", "13800000000"),
                            [("kaiban", "v1")], day, "李四", "一号窗口", "李四")


def test_migrations_run_once_and_set_pragmas(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    assert current_version(db) == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    db.conn.close()
    again = open_database(tmp_path)
    assert current_version(again) == len(MIGRATIONS)


def test_a_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.conn.close()
    from desktop.store.db import StoreError

    with pytest.raises(StoreError, match="更新版本"):
        open_database(tmp_path)


def test_case_numbers_are_sequential_per_day(repo: Repository) -> None:
    assert _case(repo) == "QD-20261125-0001"
    assert _case(repo) == "QD-20261125-0002"
    assert _case(repo, day=dt.date(2026, 11, 26)) == "QD-20261126-0001"


def test_case_round_trip_with_answers_states_and_notes(repo: Repository) -> None:
    cid = _case(repo)
    repo.set_answer(cid, "region", "长春市", "李四")
    repo.set_answer(cid, "employees", 3, "李四")
    repo.set_item_state(cid, "kaiban", "A01", "done", "材料齐全 <b>&</b>", "李四")
    case = repo.get_case(cid)
    assert case is not None
    assert case.applicant.name == "张三"
    assert case.profile == {"region": "长春市", "employees": 3}
    assert case.state("kaiban", "A01").status == "done"
    assert case.state("kaiban", "A01").note == "材料齐全 <b>&</b>"
    assert case.state("kaiban", "A02").status == "pending"
    assert case.versions == {"kaiban": "v1"}
    repo.set_answer(cid, "employees", None, "李四")
    case = repo.get_case(cid)
    assert case is not None and "employees" not in case.profile


def test_list_is_newest_first_and_filters(repo: Repository) -> None:
    first = _case(repo, "甲公司")
    second = _case(repo, "乙商店")
    assert [r.id for r in repo.list_cases()] == [second, first]
    assert [r.name for r in repo.list_cases("乙")] == ["乙商店"]
    assert [r.id for r in repo.list_cases("0001")] == [first]
    assert repo.list_cases("不存在") == []


def test_every_change_is_audited_and_the_log_is_append_only(repo: Repository) -> None:
    cid = _case(repo)
    repo.set_answer(cid, "region", "长春市", "李四")
    repo.set_item_state(cid, "kaiban", "A01", "done", "", "李四")
    repo.set_item_state(cid, "kaiban", "A01", "done", "", "李四")  # no change, no entry
    repo.set_item_state(cid, "kaiban", "A01", "waived", "告知承诺", "王五")
    actions = [(e.action, e.field, e.old, e.new, e.who) for e in repo.audit_log(cid)]
    assert actions == [
        ("create", "checklists", None, "kaiban", "李四"),
        ("answer", "region", None, "长春市", "李四"),
        ("item_status", "kaiban/A01", "pending", "done", "李四"),
        ("item_status", "kaiban/A01", "done", "waived", "王五"),
        ("item_note", "kaiban/A01", "", "告知承诺", "王五"),
    ]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        repo.db.execute("UPDATE audit SET who = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        repo.db.execute("DELETE FROM audit")


def test_bad_status_is_refused(repo: Repository) -> None:
    cid = _case(repo)
    with pytest.raises(ValueError):
        repo.set_item_state(cid, "kaiban", "A01", "finished", "", "x")


def test_unchanged_content_is_not_reimported(tmp_path: Path) -> None:
    ctx = build_context(tmp_path)
    assert ctx.content_imported and ctx.catalog.checklists and not ctx.problems
    version = {c.id: c.version for c in ctx.catalog.checklists.values()}
    ctx.close()
    ctx = build_context(tmp_path)
    assert not ctx.content_imported
    assert {c.id: c.version for c in ctx.catalog.checklists.values()} == version
    ctx.close()
    assert (tmp_path / DB_NAME).exists()


def test_changed_content_is_reimported_and_old_versions_are_kept(tmp_path: Path) -> None:
    import shutil

    from desktop import paths

    cl_dir = tmp_path / "checklists"
    shutil.copytree(paths.checklist_dir(), cl_dir)
    ctx = build_context(tmp_path / "data", cl_dir, paths.source_dir())
    old = ctx.catalog.checklists["kaiban-jilin"]
    cid = ctx.repo.create_case(Applicant("甲"), [("kaiban-jilin", old.version)], dt.date(2026, 11, 25), "", "", "x")
    ctx.close()
    text = (cl_dir / "kaiban.toml").read_text(encoding="utf-8")
    (cl_dir / "kaiban.toml").write_text(text.replace('title = "', 'title = "（新）', 1), encoding="utf-8")
    ctx = build_context(tmp_path / "data", cl_dir, paths.source_dir())
    assert ctx.content_imported
    new = ctx.catalog.checklists["kaiban-jilin"]
    assert new.version != old.version
    case = ctx.repo.get_case(cid)
    assert case is not None
    from desktop.services.cases import case_catalog

    pinned = case_catalog(ctx.content, ctx.catalog, case).checklists.get("kaiban-jilin")
    assert pinned is not None and pinned.version == old.version and pinned.title == old.title
    ctx.close()


def test_invalid_checklist_is_left_out_and_reported(tmp_path: Path) -> None:
    import shutil

    from desktop import paths

    cl_dir = tmp_path / "checklists"
    shutil.copytree(paths.checklist_dir(), cl_dir)
    (cl_dir / "broken.toml").write_text('id = "broken"\ntitle = "坏"\n[[items]]\nid = "x"\n', encoding="utf-8")
    ctx = build_context(tmp_path / "data", cl_dir, paths.source_dir())
    assert "broken" not in ctx.catalog.checklists
    assert "kaiban-jilin" in ctx.catalog.checklists
    assert any(p.file == "checklists/broken.toml" for p in ctx.problems)
    ctx.close()


def test_update_case_version_resets_changed_items_and_logs(repo: Repository) -> None:
    cid = _case(repo)
    repo.set_item_state(cid, "kaiban", "A01", "done", "已核验", "李四")
    repo.set_item_state(cid, "kaiban", "A02", "done", "", "李四")
    repo.update_case_version(cid, "kaiban", "v2", ["A02", "A03"], "王五")
    case = repo.get_case(cid)
    assert case is not None and case.versions == {"kaiban": "v2"}
    assert case.state("kaiban", "A01").status == "done" and case.state("kaiban", "A01").note == "已核验"
    assert case.state("kaiban", "A02").status == "pending"
    log = [(e.action, e.field, e.old, e.new) for e in repo.audit_log(cid)][-2:]
    assert log == [("update_version", "kaiban", "v1", "v2"), ("item_status", "kaiban/A02", "done", "pending")]
    with pytest.raises(KeyError):
        repo.update_case_version(cid, "other", "v2", [], "王五")
