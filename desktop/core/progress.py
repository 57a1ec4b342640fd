"""Progress of a case, defined once (docs/architecture.md "Progress").

- **Counted** items are the applicable steps and benefits (适用 or 时效未明).  Notices are information and
  never counted; items that do not apply, wait for an answer (待确认), are outside their period or are
  superseded by another variant are not counted either — they are shown with their own numbers.
- A counted item is **settled** when it is marked 已完成, 免于办理 or 不适用 (a clerk's 不适用 says the
  step does not concern this applicant: it leaves the 待办 list and counts as settled), and **pending**
  (待办) otherwise.  ``settled + pending == applicable``.

The header, the 汇总 tab, the case list (through the stored derived columns), the PDFs and
``qingdan evaluate`` all show :func:`progress_text` / these numbers, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.vocab import Applicability, ItemKind, ItemStatus

if TYPE_CHECKING:
    from desktop.core.evaluate import ItemView


@dataclass(frozen=True)
class Progress:
    applicable: int  # counted items
    done: int
    waived: int
    marked_not_applicable: int  # counted items the clerk marked 不适用
    pending: int
    undated: int  # counted items whose period the text leaves open (时效未明), already in ``applicable``
    not_applicable: int  # items the content and profile rule out
    unknown: int  # 待确认
    expired: int
    not_yet: int
    superseded: int
    notices: int  # applicable notices (information)
    total: int  # every item of the case's checklists

    @property
    def settled(self) -> int:
        return self.done + self.waived + self.marked_not_applicable

    @property
    def percent(self) -> int:
        return round(100 * self.settled / self.applicable) if self.applicable else 100

    def as_dict(self) -> dict[str, int]:
        """The JSON shape of ``qingdan evaluate``'s ``progress``."""
        return {"applicable": self.applicable, "settled": self.settled, "done": self.done, "waived": self.waived,
                "marked_not_applicable": self.marked_not_applicable, "pending": self.pending,
                "undated": self.undated, "not_applicable": self.not_applicable, "unknown": self.unknown,
                "expired": self.expired, "not_yet": self.not_yet, "superseded": self.superseded,
                "notices": self.notices, "total": self.total, "percent": self.percent}


def progress_of(views: Iterable[ItemView]) -> Progress:
    counts = {k: 0 for k in ("applicable", "done", "waived", "marked", "pending", "undated", "notices")}
    by_state = {a: 0 for a in Applicability}
    total = 0
    for v in views:
        total += 1
        by_state[v.applicability] += 1
        if v.applies and v.item.kind == ItemKind.NOTICE:
            counts["notices"] += 1
        if not v.counted:
            continue
        counts["applicable"] += 1
        counts["undated"] += v.applicability == Applicability.UNDATED
        status = v.state.status
        key = {ItemStatus.DONE: "done", ItemStatus.WAIVED: "waived",
               ItemStatus.NOT_APPLICABLE: "marked"}.get(ItemStatus(status), "pending")
        counts[key] += 1
    return Progress(
        applicable=counts["applicable"], done=counts["done"], waived=counts["waived"],
        marked_not_applicable=counts["marked"], pending=counts["pending"], undated=counts["undated"],
        not_applicable=by_state[Applicability.NOT_APPLICABLE], unknown=by_state[Applicability.UNKNOWN],
        expired=by_state[Applicability.EXPIRED], not_yet=by_state[Applicability.NOT_YET],
        superseded=by_state[Applicability.SUPERSEDED], notices=counts["notices"], total=total,
    )


def progress_line(p: Progress) -> str:
    """The short form for the header and the case list: 已办结 3/12."""
    return f"已办结 {p.settled}/{p.applicable}"


def progress_text(p: Progress) -> str:
    """The one sentence every place prints: the counted items and how they stand, then the rest."""
    parts = [f"适用事项 {p.applicable} 项，已办结 {p.settled} 项（已完成 {p.done}，免于办理 {p.waived}，"
             f"窗口认定不适用 {p.marked_not_applicable}），待办 {p.pending} 项"]
    if p.undated:
        parts.append(f"其中 {p.undated} 项时效未明")
    rest = [f"{label} {n} 项" for label, n in (("待确认", p.unknown), ("不适用", p.not_applicable),
                                               ("已到期", p.expired), ("未生效", p.not_yet),
                                               ("另有适用规定", p.superseded), ("告知事项", p.notices)) if n]
    text = "；".join(parts) + "。"
    if rest:
        text += "另有" + "，".join(rest) + "。"
    return text
