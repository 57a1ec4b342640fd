"""Content updates for open cases: what changed between the checklist version a case started with and
the current one, and which item states carry over (unchanged items keep state and note; changed items go
back to 待办 so the clerk looks at them again; removed items keep their stored state but are no longer
shown)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.model import Checklist, Item


@dataclass
class ChecklistDiff:
    checklist_id: str
    old_version: str
    new_version: str
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    changed: list[tuple[Item, Item]] = field(default_factory=list)  # (old, new)
    unchanged: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def lines(self) -> list[str]:
        """A plain-Chinese description, one line per difference."""
        out = [f"新增：{i.title}" for i in self.added]
        out += [f"删除：{i.title}" for i in self.removed]
        for old, new in self.changed:
            fields = _changed_fields(old, new)
            out.append(f"变更：{new.title}（{'、'.join(fields)}）")
        return out


_FIELD_NAMES = {
    "title": "名称", "what": "办理内容", "department": "办理部门", "time_limit": "时限", "time_note": "时限说明",
    "cost": "收费", "materials": "材料", "channel": "办理方式", "result": "办理结果", "claim": "申请方式",
    "applies_if": "适用条件", "valid_from": "有效期", "valid_to": "有效期", "jurisdiction": "适用地区",
    "group": "分组", "note": "说明", "basis": "依据", "kind": "类型",
}


def _changed_fields(old: Item, new: Item) -> list[str]:
    names = [label for key, label in _FIELD_NAMES.items() if getattr(old, key) != getattr(new, key)]
    return list(dict.fromkeys(names)) or ["内容"]


def diff_checklists(old: Checklist, new: Checklist) -> ChecklistDiff:
    diff = ChecklistDiff(new.id, old.version, new.version)
    old_items = {i.id: i for i in old.items}
    new_ids = {i.id for i in new.items}
    for item in new.items:
        before = old_items.get(item.id)
        if before is None:
            diff.added.append(item)
        elif before == item:
            diff.unchanged.append(item)
        else:
            diff.changed.append((before, item))
    diff.removed = [i for i in old.items if i.id not in new_ids]
    return diff
