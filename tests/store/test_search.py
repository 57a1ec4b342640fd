"""Case search at scale: migration 002 (FTS5 trigram + indexes), FTS for 3+ characters and LIKE on
the base table for 1–2, filters, counting for paging, and the FTS index kept in sync by triggers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop.core.model import Applicant
from desktop.store.db import open_database
from desktop.store.migrations import MIGRATIONS, apply, current_version
from desktop.store.repository import Repository
from desktop.store.search import CaseFilter, fts_phrase, where_clause


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository(open_database(tmp_path))


def _case(repo: Repository, name: str, id_number: str = "", phone: str = "",
          day: dt.date = dt.date(2026, 11, 25), checklists: tuple[str, ...] = ("kaiban",)) -> str:
    return repo.create_case(Applicant(name, id_number, "", phone), [(c, "v1") for c in checklists], day,
                            "李四", "一号窗口", "李四")


@pytest.fixture
def people(repo: Repository) -> dict[str, str]:
    return {
        "zhang": _case(repo, "长春市张记餐饮有限公司", "91220101MA0000001X", "13812345678"),
        "zhangsan": _case(repo, "张三", "220102199001011234", "13900001111", day=dt.date(2026, 11, 20),
                          checklists=("kaiban", "shuidianqi")),
        "li": _case(repo, "李四商店", "", "0431-8888", day=dt.date(2026, 10, 1), checklists=("xiaowei",)),
    }


def _ids(rows: list[object]) -> set[str]:
    return {r.id for r in rows}  # type: ignore[attr-defined]


def test_migration_002_adds_the_fts_table_triggers_and_indexes(repo: Repository) -> None:
    assert current_version(repo.db) == len(MIGRATIONS) >= 2
    names = {r[0] for r in repo.db.execute("SELECT name FROM sqlite_master")}
    assert {"cases_fts", "cases_fts_insert", "cases_fts_delete", "cases_fts_update", "cases_by_status",
            "cases_by_received", "case_checklists_by_checklist"} <= names
    assert "closed_at" in {r[1] for r in repo.db.execute("PRAGMA table_info(cases)")}


def test_migration_002_indexes_cases_that_existed_before_it(tmp_path: Path) -> None:
    conn = sqlite3.connect(str(tmp_path / "qingdan.db"), isolation_level=None)
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    apply(db, 1)
    conn.execute("INSERT INTO cases (id, applicant_name, received_on, created_at, updated_at)"
                 " VALUES ('QD-1', '吉林省老字号商行', '2026-01-01', 'x', 'x')")
    conn.close()
    repo = Repository(open_database(tmp_path))
    assert [r.id for r in repo.list_cases("老字号")] == ["QD-1"]
    assert list((tmp_path / "backups").glob("*before-migration-1.db"))  # snapshot before migrating


@pytest.mark.parametrize(("query", "expect"), [
    ("张", {"zhang", "zhangsan"}),  # 1 CJK character: LIKE on cases
    ("张三", {"zhangsan"}),  # 2 characters: LIKE
    ("张记餐", {"zhang"}),  # 3 characters: FTS trigram
    ("长春市张记", {"zhang"}),
    ("商店", {"li"}),
    ("李四商店", {"li"}),
    ("1234", {"zhang", "zhangsan"}),  # ID number and phone digits
    ("ma00", {"zhang"}),  # ASCII case-insensitive in FTS
    ("x", {"zhang"}),  # ... and in LIKE
    ("0431-88", {"li"}),  # punctuation is literal
    ("不存在的", set()),
    ("无", set()),
])
def test_search_1_2_and_3_plus_characters(repo: Repository, people: dict[str, str], query: str,
                                          expect: set[str]) -> None:
    assert _ids(repo.list_cases(query)) == {people[k] for k in expect}
    assert repo.count_cases(query) == len(expect)


def test_short_queries_use_like_and_long_ones_use_fts() -> None:
    short, _ = where_clause(CaseFilter("张三"))
    long, params = where_clause(CaseFilter("张三丰"))
    assert "LIKE" in short and "MATCH" not in short
    assert "MATCH" in long and "LIKE" not in long and params == ['"张三丰"']


def test_fts_and_like_agree_on_every_substring(repo: Repository, people: dict[str, str]) -> None:
    name = "长春市张记餐饮有限公司"
    for size in (1, 2, 3, 4):
        for start in range(len(name) - size + 1):
            word = name[start:start + size]
            like = {r[0] for r in repo.db.execute("SELECT id FROM cases WHERE applicant_name LIKE ?",
                                                  [f"%{word}%"])}
            assert _ids(repo.list_cases(word)) >= like and people["zhang"] in like


def test_quotes_and_wildcards_are_literal(repo: Repository, people: dict[str, str]) -> None:
    assert fts_phrase('a"b') == '"a""b"'
    for query in ('"', 'a"b"c', "CHK-0123", "%", "_", "%%%", "___", "AND", "NOT OR", "*"):
        assert repo.list_cases(query) == []
        assert repo.count_cases(query) == 0


def test_words_are_anded(repo: Repository, people: dict[str, str]) -> None:
    assert _ids(repo.list_cases("张 1111")) == {people["zhangsan"]}
    assert _ids(repo.list_cases("长春市 13812")) == {people["zhang"]}
    assert repo.list_cases("长春市 李四") == []


def test_filters_status_dates_checklist(repo: Repository, people: dict[str, str]) -> None:
    repo.close_case(people["li"], "李四")
    assert _ids(repo.list_cases(status="closed")) == {people["li"]}
    assert _ids(repo.list_cases(status="open")) == {people["zhang"], people["zhangsan"]}
    assert _ids(repo.list_cases(date_from=dt.date(2026, 11, 20))) == {people["zhang"], people["zhangsan"]}
    assert _ids(repo.list_cases(date_to=dt.date(2026, 11, 20))) == {people["zhangsan"], people["li"]}
    assert _ids(repo.list_cases(date_from=dt.date(2026, 11, 21), date_to=dt.date(2026, 11, 30))) == {people["zhang"]}
    assert _ids(repo.list_cases(checklist="shuidianqi")) == {people["zhangsan"]}
    assert _ids(repo.list_cases("张", checklist="kaiban", status="open")) == {people["zhang"], people["zhangsan"]}
    assert repo.count_cases("张", checklist="xiaowei") == 0
    assert repo.count_cases(status="open", date_to=dt.date(2026, 11, 20)) == 1


def test_paging_matches_count_and_order(repo: Repository) -> None:
    ids = [_case(repo, f"企业{n:03d}") for n in range(25)]
    pages = [repo.list_cases("企业", limit=10, offset=o) for o in (0, 10, 20)]
    assert [len(p) for p in pages] == [10, 10, 5]
    assert [r.id for p in pages for r in p] == list(reversed(ids))
    assert repo.count_cases("企业") == 25 == repo.count_cases()


def test_fts_follows_updates_and_deletes(repo: Repository, people: dict[str, str]) -> None:
    cid = people["zhangsan"]
    repo.update_applicant(cid, Applicant("王五六七", "", "", "13900001111"), "李四")
    assert repo.list_cases("张三") == [] and _ids(repo.list_cases("王五六七")) == {cid}
    repo.set_answer(cid, "region", "长春市", "李四")  # touches updated_at only: index unchanged
    assert _ids(repo.list_cases("五六七")) == {cid}
    repo.close_case(cid, "李四")
    repo.db.execute("UPDATE cases SET closed_at = '2000-01-01T00:00:00' WHERE id = ?", [cid])
    assert repo.purge_closed_cases(30, "李四") == [cid]
    assert repo.list_cases("五六七") == [] and repo.count_cases("13900001111") == 0
    repo.db.execute("INSERT INTO cases_fts (cases_fts) VALUES ('integrity-check')")


def test_list_cases_keeps_its_positional_signature(repo: Repository, people: dict[str, str]) -> None:
    rows = repo.list_cases("", 2, 1)
    assert len(rows) == 2 and rows[0].id == people["zhangsan"]
    assert rows[0].checklists == "kaiban,shuidianqi" and rows[0].status == "open"
