"""Blocks several documents share that hold no drawing: how an item block is kept on a page, the
title with its level, and the items waiting for unanswered questions in one short block."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.doctemplate import FrameBreak

from desktop.core.present import ItemDoc
from desktop.reports.markup import para
from desktop.reports.styles import Styles

Story = list[Flowable]


class KeepBlock(KeepTogether):  # type: ignore[misc]  # reportlab is untyped
    """Kept on one page only while little room is left: a block that does not fit in the room left
    goes to the next page when that room is less than ``min_room``; with more room it starts here and
    runs on (no half-empty page before a long item, no item started in the last lines of a page).

    (reportlab's ``KeepTogether(maxHeight=…)`` does the opposite: it moves the block when *more* than
    ``maxHeight`` is left, which left the first page of the 大字版 half blank.)
    """

    def __init__(self, flowables: Story, min_room: float) -> None:
        super().__init__(flowables)
        self.min_room = min_room

    def split(self, aW: float, aH: float) -> Story:  # reportlab API
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content: Story = list(self._content)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if aH < self._H and not at_top and (aH < self.min_room or aH < self._H0):
            return [FrameBreak(), *content]
        return content


def titled(item: ItemDoc) -> str:
    """The title with its level in brackets, unless the title names the level already
    (no "…（国家）（国家）")."""
    if not item.jurisdiction or item.jurisdiction in item.title:
        return item.title
    return f"{item.title}（{item.jurisdiction}）"



def by_question(items: Sequence[ItemDoc]) -> list[tuple[str, list[ItemDoc]]]:
    """The 待确认 items grouped by the question they wait for, the questions in order of first use
    (an item waiting for two questions is under each)."""
    groups: dict[str, list[ItemDoc]] = {}
    for it in items:
        for question in it.waits_for:
            groups.setdefault(question, []).append(it)
    return list(groups.items())


def waiting_block(items: Sequence[ItemDoc], styles: Styles, titles: bool = True) -> Story:
    """The items that wait for unanswered questions, in one short block: one line per question with
    how many items it decides (and, with ``titles``, which) — not one table row per item."""
    if not items:
        return []
    out: Story = [para(f"以下 {len(items)} 项需先回答相应问题，才能确定是否适用：", styles.body)]
    for question, group in by_question(items):
        names = "：" + "、".join(it.title for it in group) if titles else ""
        out.append(para(f"{question}（{len(group)} 项）{names}", styles.small, prefix="· "))
    return out
