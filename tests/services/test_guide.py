"""The office's guide as use cases: the administrator mode guards every change (the passphrase is kept only
as a hash), changes are checked against the law before anything is written, every version is kept with who
and when, and the guide a content pack carries is offered for import through the same checks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.context import AppContext, build_context
from desktop.core.guide import GuideEntry, GuideMaterial, GuideOrigin, read_guide
from desktop.services.guide import AdminRequired, GuideRefused, GuideService, WrongPassphrase
from desktop.store.db import DB_NAME

GUIDES = Path(__file__).resolve().parents[1] / "fixtures" / "guide"
PASSPHRASE = "示例口令-2026"
ORIGIN = GuideOrigin("示例市政务服务中心办事指南（示例）", "示例-2026-1", "2026-03-01")


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    c = build_context(tmp_path / "data")
    yield c
    c.close()


@pytest.fixture
def admin(ctx: AppContext) -> GuideService:
    service = GuideService(ctx)
    service.set_passphrase(PASSPHRASE)
    return service


def test_a_new_install_has_an_empty_guide(ctx: AppContext) -> None:
    service = GuideService(ctx)
    assert service.current() == {} and service.history() == [] and not service.passphrase_set()
    assert service.pack_guide() is None  # the shipped content carries none


def test_the_clerk_cannot_change_the_guide_without_the_passphrase(ctx: AppContext, tmp_path: Path) -> None:
    GuideService(ctx).set_passphrase(PASSPHRASE)
    clerk = GuideService(ctx)  # a new session: not in the administrator mode
    entry = GuideEntry("kaiban-jilin/K05", "示例中心", ORIGIN, place="示例窗口")
    for change in (lambda: clerk.save(entry), lambda: clerk.remove("kaiban-jilin/K05"),
                   lambda: clerk.import_file(GUIDES / "guide-example.json"), lambda: clerk.set_passphrase("另一个口令123")):
        with pytest.raises(AdminRequired):
            change()
    with pytest.raises(WrongPassphrase, match="管理员口令不正确"):
        clerk.unlock("不是这个口令")
    assert not clerk.admin and clerk.current() == {}
    clerk.unlock(PASSPHRASE)
    clerk.save(entry)
    assert clerk.entry("kaiban-jilin/K05") is not None


def test_the_passphrase_is_not_stored_in_clear(ctx: AppContext, admin: GuideService) -> None:
    stored = ctx.repo.setting("admin_passphrase")
    assert stored.startswith("scrypt$") and PASSPHRASE not in stored
    ctx.repo.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in ctx.data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            assert PASSPHRASE.encode("utf-8") not in blob and PASSPHRASE.encode("utf-16-le") not in blob, path
    assert (ctx.data_dir / DB_NAME).is_file()


def test_a_saved_entry_is_checked_and_every_version_is_kept(ctx: AppContext, admin: GuideService) -> None:
    ctx.user = "示例管理员"
    key = "kaiban-jilin/K31"
    with pytest.raises(GuideRefused) as exc:
        admin.save(GuideEntry(key, "示例中心", ORIGIN, fee="示例工本费 20 元"))
    assert len(exc.value.lines) == 1 and "吉政办发〔2021〕17号 一、2." in exc.value.lines[0]
    assert admin.history(key) == []  # nothing written
    assert admin.save(GuideEntry(key, "示例中心", ORIGIN, fee="不收费", place="示例窗口")) == []
    admin.save(GuideEntry(key, "示例中心", ORIGIN, fee="不收费", place="示例二号窗口"))
    admin.save(GuideEntry(key, "示例中心", ORIGIN, fee="不收费", place="示例二号窗口"))  # unchanged: no version
    assert admin.remove(key)
    versions = admin.history(key)
    assert [(v.version, v.action, v.place, v.entered_by) for v in versions] == [
        (1, "save", "示例窗口", "示例管理员"), (2, "save", "示例二号窗口", "示例管理员"), (3, "remove", "", "示例管理员")]
    assert all(v.entered_at for v in versions) and admin.entry(key) is None


def test_a_warning_is_returned_and_the_entry_kept(admin: GuideService) -> None:
    notes = admin.save(GuideEntry("kaiban-jilin/K05", "示例中心", ORIGIN,
                                  materials=(GuideMaterial("示例证明", commitment=True),)))
    assert len(notes) == 1 and "未规定告知承诺" in notes[0]
    assert admin.entry("kaiban-jilin/K05") is not None


@pytest.mark.parametrize(("fixture", "words"), [
    ("guide-fee.json", ["guide-fee.json: kaiban-jilin/K31 企业开办全免费办理", "收费“示例工本费 20 元”与依据不符",
                        "吉政办发〔2021〕17号 一、2."]),
    ("guide-promise.json", ["guide-promise.json: shuidianqi/B17 ", "承诺时限 7 个工作日超过法定时限 5个工作日",
                            "吉政办发〔2021〕17号 六、18."]),
])
def test_a_guide_that_contradicts_the_law_is_refused_whole(admin: GuideService, fixture: str, words: list[str]) -> None:
    with pytest.raises(GuideRefused) as exc:
        admin.import_file(GUIDES / fixture)
    assert len(exc.value.lines) == 1
    line = exc.value.lines[0]
    assert all(w in line for w in words) and "\n" not in line
    assert admin.current() == {}  # the valid entry of the same file was not written either


def test_import_writes_new_versions_only_for_what_changed(admin: GuideService) -> None:
    first = admin.import_file(GUIDES / "guide-example.json")
    assert sorted(first.written) == ["kaiban-jilin/K05", "shuidianqi/B17"] and first.unchanged == 0
    again = admin.import_file(GUIDES / "guide-example.json")
    assert again.written == [] and again.unchanged == 2
    k05 = admin.entry("kaiban-jilin/K05")
    assert k05 is not None and k05.action == "import" and k05.source == "guide-example.json"


def test_an_unknown_step_refuses_the_file(admin: GuideService, tmp_path: Path) -> None:
    data = json.loads((GUIDES / "guide-example.json").read_text(encoding="utf-8"))
    data["entries"]["kaiban-jilin/K99"] = {"place": "示例"}
    path = tmp_path / "g.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(GuideRefused, match=r"g\.json: kaiban-jilin/K99：清单“kaiban-jilin”中没有编号为“K99”的事项"):
        admin.import_file(path)


def test_export_then_import_elsewhere_gives_the_same_guide(admin: GuideService, tmp_path: Path) -> None:
    admin.import_file(GUIDES / "guide-example.json")
    out = tmp_path / "out.json"
    assert admin.export(out) == 2
    assert read_guide(out).entries.keys() == read_guide(GUIDES / "guide-example.json").entries.keys()
    other = build_context(tmp_path / "other")
    try:
        there = GuideService(other)
        there.set_passphrase(PASSPHRASE)
        there.import_file(out)
        mine, theirs = admin.current(), there.current()
        assert {k: (e.content(), e.office, e.origin) for k, e in mine.items()} == \
            {k: (e.content(), e.office, e.origin) for k, e in theirs.items()}
    finally:
        other.close()


def test_the_history_is_append_only(ctx: AppContext, admin: GuideService) -> None:
    import sqlite3

    admin.import_file(GUIDES / "guide-example.json")
    for sql in ("UPDATE guide_entries SET data = NULL", "DELETE FROM guide_entries"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            ctx.repo.db.execute(sql)
    assert len(admin.current()) == 2


def test_a_pack_guide_is_offered_and_goes_through_the_same_checks(ctx: AppContext, admin: GuideService) -> None:
    """The guide.json of the release in use (stored verbatim by a pack import) is never used as it is."""
    assert ctx.release is not None
    text = (GUIDES / "guide-fee.json").read_text(encoding="utf-8")
    ctx.repo.db.execute("INSERT INTO content_guide (release, data) VALUES (?, ?)", [ctx.release.id, text])
    offered = admin.pack_guide()
    assert offered is not None and "kaiban-jilin/K31" in offered.entries
    assert admin.current() == {}  # offered, not used
    with pytest.raises(GuideRefused, match=r"内容包中的 guide\.json: kaiban-jilin/K31"):
        admin.import_pack_guide()
