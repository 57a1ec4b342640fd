"""The business owner's view of a case (企业自查): what to do next, in order, and which 小微企业
benefits apply — each with the reason when it does not, or the question still to answer.

Pure data shaping over :func:`desktop.core.evaluate.evaluate_case` results; the GUI and the personal
PDF (我的办事清单) both read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.evaluate import ItemView
from desktop.core.vocab import Applicability, ItemKind, ItemStatus

MARKED_NOT_APPLICABLE = "窗口人员认定不适用"


@dataclass
class SelfCheck:
    next_steps: list[ItemView] = field(default_factory=list)  # applicable steps still 待办, in order
    done_steps: list[ItemView] = field(default_factory=list)  # settled steps (done, waived, marked 不适用)
    notices: list[ItemView] = field(default_factory=list)  # applicable information items
    benefits: list[ItemView] = field(default_factory=list)  # 可享受的政策 (in force)
    benefits_undated: list[ItemView] = field(default_factory=list)  # 时效未明: to confirm with the office
    benefits_not: list[ItemView] = field(default_factory=list)  # do not apply, with the reason
    to_confirm: list[ItemView] = field(default_factory=list)  # 待确认: need one more answer
    expired: list[ItemView] = field(default_factory=list)  # 已到期 / 未生效, kept apart
    questions: list[str] = field(default_factory=list)  # question ids still to answer, most useful first

    def materials(self) -> list[tuple[str, str]]:
        """(material, for which step) to prepare, once each, for the steps still to do."""
        seen: dict[str, str] = {}
        for view in self.next_steps:
            for m in view.item.materials:
                seen.setdefault(m.name, view.item.title)
        return list(seen.items())


def self_check(views: list[ItemView] | tuple[ItemView, ...]) -> SelfCheck:
    """Sort the evaluated items the owner's way.  A step or benefit the counter marked 不适用 is settled:
    it is never offered as a next step or as a benefit (the same rule as :mod:`desktop.core.progress`)."""
    out = SelfCheck()
    wanted: dict[str, int] = {}
    for view in views:
        kind, state = view.item.kind, view.applicability
        marked_na = view.state.status == ItemStatus.NOT_APPLICABLE
        if state in (Applicability.EXPIRED, Applicability.NOT_YET):
            out.expired.append(view)
        elif state == Applicability.UNKNOWN:
            out.to_confirm.append(view)
            for qid in view.missing:
                wanted[qid] = wanted.get(qid, 0) + 1
        elif view.applies and kind == ItemKind.BENEFIT:
            if marked_na:
                out.benefits_not.append(view)
            elif state == Applicability.UNDATED:
                out.benefits_undated.append(view)
            else:
                out.benefits.append(view)
        elif view.applies and kind == ItemKind.NOTICE:
            out.notices.append(view)
        elif view.applies:
            (out.next_steps if view.open else out.done_steps).append(view)
        elif state == Applicability.NOT_APPLICABLE and kind == ItemKind.BENEFIT:
            out.benefits_not.append(view)
    # the question that unlocks the most items first
    out.questions = sorted(wanted, key=lambda q: -wanted[q])
    return out


def reasons(view: ItemView) -> list[str]:
    """Why an item is where it is, as the owner reads it (a counter's 不适用 mark included)."""
    if view.applies and view.state.status == ItemStatus.NOT_APPLICABLE:
        return [MARKED_NOT_APPLICABLE + (f"：{view.state.note}" if view.state.note else "")]
    return list(view.reasons)
