"""Differences between two versions of a checklist."""

from __future__ import annotations

import dataclasses

from desktop.core.model import Checklist, Item, LegalBasis, TimeLimit
from desktop.core.versions import diff_checklists

B = (LegalBasis("s", "一、", "引文"),)


def _cl(version: str, *items: Item) -> Checklist:
    return Checklist("c", "清单", "开办企业", "吉林省", "", version, (), items)


def test_added_removed_changed_unchanged() -> None:
    a = Item("A", "甲", "step", "做甲", B)
    b = Item("B", "乙", "step", "做乙", B, time_limit=TimeLimit(5, "工作日"))
    c = Item("C", "丙", "step", "做丙", B)
    d = Item("D", "丁", "step", "做丁", B)
    b2 = dataclasses.replace(b, time_limit=TimeLimit(3, "工作日"))
    diff = diff_checklists(_cl("v1", a, b, c), _cl("v2", a, b2, d))
    assert [i.id for i in diff.unchanged] == ["A"]
    assert [(o.id, n.id) for o, n in diff.changed] == [("B", "B")]
    assert [i.id for i in diff.added] == ["D"]
    assert [i.id for i in diff.removed] == ["C"]
    assert diff.lines() == ["新增：丁", "删除：丙", "变更：乙（时限）"]
    assert not diff.empty
    assert diff_checklists(_cl("v1", a), _cl("v1", a)).empty
