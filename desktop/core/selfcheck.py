"""The business owner's view of a case (企业自查): what to do next, in order, and which 小微企业
benefits apply — each with the reason when it does not, or the question still to answer.

Pure data shaping over :func:`desktop.core.evaluate.evaluate_case` results; the GUI and the personal
PDF (我的办事清单) both read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.evaluate import APPLIES, EXPIRED, NOT_APPLICABLE, NOT_YET, SUPERSEDED, UNKNOWN, ItemView


@dataclass
class SelfCheck:
    next_steps: list[ItemView] = field(default_factory=list)  # applicable steps not yet done, in order
    done_steps: list[ItemView] = field(default_factory=list)
    notices: list[ItemView] = field(default_factory=list)  # applicable information items
    benefits: list[ItemView] = field(default_factory=list)  # 可享受的政策
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


def self_check(views: list[ItemView]) -> SelfCheck:
    out = SelfCheck()
    wanted: dict[str, int] = {}
    for view in views:
        kind, state = view.item.kind, view.applicability
        if state in (EXPIRED, NOT_YET):
            out.expired.append(view)
        elif state == UNKNOWN:
            out.to_confirm.append(view)
            for qid in view.missing:
                wanted[qid] = wanted.get(qid, 0) + 1
        elif state == APPLIES and kind == "benefit":
            out.benefits.append(view)
        elif state == APPLIES and kind == "notice":
            out.notices.append(view)
        elif state == APPLIES:
            (out.done_steps if view.state.status in ("done", "waived") else out.next_steps).append(view)
        elif state == NOT_APPLICABLE and kind == "benefit":
            out.benefits_not.append(view)
        elif state == SUPERSEDED:
            continue  # shown as context beside the variant that applies
    # the question that unlocks the most items first
    out.questions = sorted(wanted, key=lambda q: -wanted[q])
    return out
