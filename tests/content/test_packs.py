"""Signed content packs: a valid pack is imported with its changes shown and open cases carried forward;
every tampered, unsigned, untrusted, older or invalid pack is refused with one line and nothing changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop.content.packs import PackError
from desktop.context import AppContext
from desktop.core.vocab import AuditAction
from desktop.services.cases import CaseService, case_catalog
from desktop.services.documents import render
from desktop.services.packs import apply_pack, preview_pack
from desktop.store.db import DB_NAME

MEMBERS = ["checklists/fx-commit.toml", "checklists/fx-kaiban.toml", "checklists/questions.toml",
           "sources/fx-commit.toml", "sources/fx-nat.toml", "sources/fx-prov.toml", "guide.json"]
NEW_TITLE = 'title = "免费刻制公章（示例新版）"'


def snapshot(data: Path) -> tuple[object, ...]:
    """Everything an import could change: content releases, the active one, cases, the ledger, kept packs."""
    db = sqlite3.connect(data / DB_NAME)
    try:
        rows = tuple(db.execute(sql).fetchall() for sql in (
            "SELECT id, origin, origin_ref, digest FROM content_releases ORDER BY id",
            "SELECT release FROM content_active",
            "SELECT count(*) FROM content_items",
            "SELECT case_id, checklist_id, version FROM case_checklists ORDER BY 1, 2",
            "SELECT case_id, checklist_id, item_id, status, note FROM item_states ORDER BY 1, 2, 3",
            "SELECT count(*) FROM audit"))
    finally:
        db.close()
    ledger = (data / "content-ledger.json").read_bytes()
    packs = sorted(p.name for p in (data / "packs").iterdir()) if (data / "packs").exists() else []
    return (*rows, ledger, packs)


def refused(kit: Any, ctx: AppContext, pack: Path, words: str) -> None:
    data = ctx.data_dir
    before = snapshot(data)
    with pytest.raises(PackError, match=words) as info:
        preview_pack(ctx, pack)
    assert "\n" not in str(info.value)
    assert snapshot(data) == before


def test_a_valid_pack_is_imported_its_changes_shown_and_open_cases_carried_forward(
        kit: Any, open_case: Callable[[AppContext], str], tmp_path: Path) -> None:
    ctx = kit.context()
    case_id = open_case(ctx)
    old_version = ctx.catalog.checklists["fx-kaiban"].version
    pack = kit.build(1, kit_rename("fx-kaiban.toml"), guide=True)
    preview = preview_pack(ctx, pack)
    lines = preview.lines()
    assert "  变更：免费刻制公章（示例新版）（名称）" in lines
    assert preview.open_cases == 1 and preview.added == [] and preview.removed == []
    assert any("指纹" in line for line in preview.head())
    assert apply_pack(ctx, preview) == 1

    case = ctx.repo.get_case(case_id)
    assert case is not None
    new_version = ctx.catalog.checklists["fx-kaiban"].version
    assert new_version != old_version and case.versions["fx-kaiban"] == new_version
    assert (case.state("fx-kaiban", "A01").status, case.state("fx-kaiban", "A01").note) == ("done", "材料已核验")
    assert (case.state("fx-kaiban", "A03").status, case.state("fx-kaiban", "A03").note) == ("not_applicable", "无员工")
    # the changed item goes back to 待办 for a second look; its note stays
    assert (case.state("fx-kaiban", "A02").status, case.state("fx-kaiban", "A02").note) == ("pending", "已免费刻制")
    assert (AuditAction.UPDATE_VERSION, "fx-kaiban", old_version, new_version) in [
        (e.action, e.field, e.old, e.new) for e in ctx.repo.audit_log(case_id)]
    assert ctx.catalog.origins["fx-kaiban"] == "内容包 示例营商清单 第1版"
    guide = ctx.repo.db.execute("SELECT data FROM content_guide g JOIN content_active a ON a.release = g.release")
    assert "本中心办事指南（示例）" in guide.fetchone()[0]
    ctx.close()

    again = kit.context()
    assert not again.content_imported and not again.notices
    assert again.catalog.checklists["fx-kaiban"].item("A02").title == "免费刻制公章（示例新版）"
    assert (again.data_dir / "packs" / "shifan-qingdan-1.zip").exists()
    out = tmp_path / "办理清单.pdf"
    render(CaseService(again).open(case_id), out, invariant=True)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "内容包 示例营商清单 第1版" in text
    again.close()


def kit_rename(checklist: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / "checklists" / checklist
        text = path.read_text(encoding="utf-8")
        assert 'title = "免费刻制公章"' in text
        path.write_text(text.replace('title = "免费刻制公章"', NEW_TITLE, 1), encoding="utf-8")
    return edit


@pytest.mark.parametrize("member", [*MEMBERS, "manifest.json", "manifest.sig"])
def test_a_byte_changed_in_any_member_is_refused(kit: Any, member: str, read_zip: Callable[..., dict[str, bytes]],
                                                 write_zip: Callable[..., Path]) -> None:
    ctx = kit.context()
    members = read_zip(kit.build(1, guide=True))
    data = bytearray(members[member])
    middle = len(data) // 2
    data[middle] = (data[middle] + 1) % 256
    members[member] = bytes(data)
    pack = write_zip(kit.tmp / "changed.zip", members)
    words = {"manifest.json": "签名无效|manifest.json", "manifest.sig": "签名"}.get(member, "已被改动")
    refused(kit, ctx, pack, words)
    ctx.close()


def test_a_member_added_or_removed_is_refused(kit: Any, read_zip: Callable[..., dict[str, bytes]],
                                              write_zip: Callable[..., Path]) -> None:
    ctx = kit.context()
    members = read_zip(kit.build(1))
    added = {**members, "checklists/extra.toml": members["checklists/fx-kaiban.toml"]}
    refused(kit, ctx, write_zip(kit.tmp / "added.zip", added), "被添加")
    strange = {**members, "../evil.txt": b"x"}
    refused(kit, ctx, write_zip(kit.tmp / "strange.zip", strange), "不允许的文件")
    removed = {n: d for n, d in members.items() if n != "sources/fx-nat.toml"}
    refused(kit, ctx, write_zip(kit.tmp / "removed.zip", removed), "缺少")
    ctx.close()


def test_unsigned_wrong_key_and_not_a_pack_are_refused(kit: Any, read_zip: Callable[..., dict[str, bytes]],
                                                       write_zip: Callable[..., Path]) -> None:
    ctx = kit.context()
    members = read_zip(kit.build(1))
    unsigned = {n: d for n, d in members.items() if n != "manifest.sig"}
    refused(kit, ctx, write_zip(kit.tmp / "unsigned.zip", unsigned), "未签名")
    stranger = kit.build(1, key=kit.other_key)
    refused(kit, ctx, stranger, "不受信任")
    junk = kit.tmp / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    refused(kit, ctx, junk, "不是内容包")
    ctx.close()


def test_an_older_or_the_same_version_is_refused(kit: Any) -> None:
    ctx = kit.context()
    apply_pack(ctx, preview_pack(ctx, kit.build(2, kit_rename("fx-kaiban.toml"))))
    refused(kit, ctx, kit.build(1), "拒绝回退")
    refused(kit, ctx, kit.build(2), "不高于已安装的第 2 版")
    ctx.close()


def test_a_pack_whose_quote_is_not_in_its_sources_is_refused(kit: Any, read_zip: Callable[..., dict[str, bytes]]
                                                             ) -> None:
    ctx = kit.context()
    members = {n: d for n, d in read_zip(kit.build(1)).items()
               if n not in ("manifest.json", "manifest.sig")}
    text = members["checklists/fx-kaiban.toml"].decode()
    members["checklists/fx-kaiban.toml"] = text.replace("企业刻制公章费用由政府支付", "申请人须缴纳手续费5000元").encode()
    pack = kit.sign_members(members, 1, kit.tmp / "forged-quote.zip")
    refused(kit, ctx, pack, "内容校验未通过.*引文")
    ctx.close()


def test_build_refuses_invalid_content_and_bad_particulars(kit: Any) -> None:
    def bad_quote(root: Path) -> None:
        kit_path = root / "checklists" / "fx-kaiban.toml"
        kit_path.write_text(kit_path.read_text(encoding="utf-8").replace("企业刻制公章费用由政府支付", "手续费5000元"),
                            encoding="utf-8")

    with pytest.raises(PackError, match="内容校验未通过"):
        kit.build(1, bad_quote)

    def bad_version(root: Path) -> None:
        (root / "pack.toml").write_text('id = "x"\nversion = "三"\npublisher = "示例"\ndate = 2026-12-01\n',
                                        encoding="utf-8")

    with pytest.raises(PackError, match=r"pack\.toml: version"):
        kit.build(1, bad_version)
    assert not list(kit.tmp.glob("pack-v1-*.zip"))


def test_a_removed_checklist_keeps_its_cases_on_their_version(kit: Any, open_case: Callable[[AppContext], str]
                                                              ) -> None:
    ctx = kit.context()
    case_id = open_case(ctx)
    version = ctx.catalog.checklists["fx-kaiban"].version
    def drop_kaiban(root: Path) -> None:  # with the sources only it cited (every shipped source must be cited)
        for name in ("checklists/fx-kaiban.toml", "sources/fx-nat.toml", "sources/fx-prov.toml"):
            (root / name).unlink()

    preview = preview_pack(ctx, kit.build(1, drop_kaiban))
    assert [c.id for c in preview.removed] == ["fx-kaiban"]
    assert apply_pack(ctx, preview) == 0
    case = ctx.repo.get_case(case_id)
    assert case is not None and case.versions["fx-kaiban"] == version
    pinned = case_catalog(ctx.content, ctx.catalog, case).checklists.get("fx-kaiban")
    assert pinned is not None and pinned.version == version  # kept in its verified older release
    ctx.close()


def test_a_failure_while_carrying_cases_forward_leaves_everything_as_it_was(
        kit: Any, open_case: Callable[[AppContext], str], monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = kit.context()
    open_case(ctx)
    preview = preview_pack(ctx, kit.build(1, kit_rename("fx-kaiban.toml")))
    before, catalog = snapshot(ctx.data_dir), ctx.catalog

    def broken(self: CaseService, case_id: str, owner: bool = False) -> object:
        raise OSError("磁盘已满（示例）")

    monkeypatch.setattr(CaseService, "update_to_latest", broken)
    with pytest.raises(OSError):
        apply_pack(ctx, preview)
    assert snapshot(ctx.data_dir) == before and ctx.catalog is catalog
    monkeypatch.undo()
    assert apply_pack(ctx, preview) == 1  # the same pack imports once the failure is gone
    ctx.close()
