"""Importing a content pack, the use case over desktop/content/: verify it and show what it changes
(:func:`preview_pack`), then put it in use and carry every open case forward exactly as 更新到最新版本
does (:meth:`desktop.services.cases.CaseService.update_to_latest`), all in one transaction
(:func:`apply_pack`).  Used by ``qingdan pack import`` and by the GUI's 导入内容包 dialog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.content.keys import short_fingerprint
from desktop.content.packs import PackError, VerifiedPack, verify_pack
from desktop.core.catalog import Catalog
from desktop.core.model import Checklist
from desktop.core.versions import ChecklistDiff, diff_checklists
from desktop.services.cases import CaseService

if TYPE_CHECKING:
    from desktop.context import AppContext


@dataclass(frozen=True)
class PackPreview:
    """A verified pack and what importing it would change."""

    pack: VerifiedPack
    installed: str  # the content in use now, as printouts name it
    diffs: list[ChecklistDiff]
    added: list[Checklist]
    removed: list[Checklist]
    open_cases: int

    def head(self) -> list[str]:
        m = self.pack.manifest
        replaces = f"，替换第 {m.replaces} 版" if m.replaces is not None else ""
        return [
            f"内容包：{m.title or m.id}（编号 {m.id}）第 {m.version} 版{replaces}",
            f"发布单位：{m.publisher}　发布日期：{m.date}",
            f"签名公钥：{self.pack.key.name or '（未命名）'}　指纹 {short_fingerprint(self.pack.key.fingerprint)}",
            f"当前内容：{self.installed}",
        ]

    def lines(self) -> list[str]:
        """The changes, one line each: checklists added and removed, then each changed checklist's items."""
        out = [f"新增清单：{c.title}（{len(c.items)} 项）" for c in self.added]
        out += [f"删除清单：{c.title}" for c in self.removed]
        for d in self.diffs:
            title = self.pack.catalog.checklists[d.checklist_id].title
            out.append(f"【{title}】版本 {d.old_version} → {d.new_version}")
            out += [f"  {line}" for line in d.lines()] or ["  （事项内容无变化）"]
        if not out:
            out.append("清单事项无变化（依据文件或问题可能有更新）")
        out.append(f"办理中的办件 {self.open_cases} 件将更新到新版本：不变事项的状态和备注保留，变更事项回到待办。")
        return out


def preview_pack(ctx: AppContext, path: Path) -> PackPreview:
    """Verify ``path`` against this installation (trust store, installed version); raises PackError."""
    assert ctx.content is not None
    if not path.is_file():
        raise PackError(f"{path}：文件不存在")
    pack = verify_pack(path, ctx.content.trust, ctx.content.ledger.installed_version())
    diffs, added, removed = changed_checklists(ctx.catalog, pack.catalog)
    installed = ctx.release.label if ctx.release is not None else "程序自带内容"
    return PackPreview(pack, installed, diffs, added, removed, len(ctx.repo.open_case_ids()))


def changed_checklists(old: Catalog, new: Catalog) -> tuple[list[ChecklistDiff], list[Checklist], list[Checklist]]:
    """(diffs of checklists in both with another version, checklists added, checklists removed)."""
    diffs = [diff_checklists(c, new.checklists[c.id]) for c in old.checklists.values()
             if c.id in new.checklists and new.checklists[c.id].version != c.version]
    added = [c for c in new.checklists.values() if c.id not in old.checklists]
    removed = [c for c in old.checklists.values() if c.id not in new.checklists]
    return diffs, added, removed


def apply_pack(ctx: AppContext, preview: PackPreview) -> int:
    """Put the previewed pack in use and carry the open cases forward (as ``ctx.user``); returns how many
    cases moved to a new version.

    The pack's version is checked again (another window of the same data dir may have imported a newer
    one meanwhile).  All or nothing: the content, the cases and their derived data commit together.
    """
    assert ctx.content is not None
    installed = ctx.content.ledger.installed_version()
    if preview.pack.manifest.version <= installed:
        raise PackError(f"{preview.pack.path.name}：内容包为第 {preview.pack.manifest.version} 版，"
                        f"不高于已安装的第 {installed} 版（拒绝回退到旧版本）")
    old_catalog = ctx.catalog
    moved = 0

    def carry(new_catalog: Catalog) -> None:
        """Inside the import's transaction: each open case moves from the version it keeps (still in its
        verified older release) to the pack's, as the case view's 更新到最新版本 moves it."""
        nonlocal moved
        ctx.catalog = new_catalog
        service = CaseService(ctx)
        for case_id in ctx.repo.open_case_ids():
            before = ctx.repo.get_case(case_id)
            service.update_to_latest(case_id)
            after = ctx.repo.get_case(case_id)
            moved += before is not None and after is not None and before.versions != after.versions

    try:
        state = ctx.content.install_pack(preview.pack, during=carry)
    except BaseException:
        ctx.catalog = old_catalog
        raise
    ctx.catalog, ctx.release, ctx.content_imported = state.catalog, state.release, True
    ctx.problems = []
    return moved
