"""HTML of the self-check report (企业自查), written to the business owner ("您…"), from the presentation
model's :class:`~desktop.core.present.OwnerDoc` — the same sections, words and clauses the owner's PDF
(我的办事清单) prints.  All data escaped."""

from __future__ import annotations

from html import escape

from desktop.core.present import CitationDoc, ItemDoc, OwnerDoc
from desktop.ui import strings as S


def _basis(item: ItemDoc) -> str:
    return "".join(_citation(c) for c in item.basis)


def _citation(c: CitationDoc) -> str:
    return (f"<div style='color:#444;margin-left:12px'>{S.SELF_BASIS}{escape(c.name)}{escape(c.article)}"
            f"<br><span style='background:#f4f1e8'>“{escape(c.quote)}”</span></div>")


def _line(label: str, value: str) -> str:
    return f"<div style='margin-left:12px'><b>{label}</b>{escape(value)}</div>" if value else ""


def _step(n: int, item: ItemDoc, today: str) -> str:
    time = item.time_text
    if item.due:
        time += S.SELF_DUE_IF_TODAY.format(today=today, due=item.due)
    materials = "、".join(m.line() for m in item.materials)
    return (f"<p style='margin:10px 0 2px 0'><b>{n}. {escape(item.title)}</b></p>"
            + _line(S.SELF_WHAT, item.what) + _line(S.SELF_WHERE, item.channel)
            + _line(S.SELF_DEPARTMENT, item.department) + _line(S.SELF_TIME, time)
            + _line(S.SELF_COST, item.cost) + _line(S.SELF_BRING, materials)
            + (_line(S.SELF_PERIOD, item.period) if item.undated else "") + _basis(item))


def _benefit(item: ItemDoc, mark: str) -> str:
    return (f"<p style='margin:10px 0 2px 0'><b>{mark} {escape(item.title)}</b></p>" + _line(S.SELF_WHAT, item.what)
            + _line(S.SELF_CLAIM, item.claim) + _line(S.SELF_DEPARTMENT, item.department)
            + _line(S.SELF_LEAD, item.lead) + _line(S.SELF_PERIOD, item.period) + _basis(item))


def _reason_list(title: str, items: tuple[ItemDoc, ...], style: str = "") -> list[str]:
    if not items:
        return []
    rows = [f"<li{style}>{escape(i.title)}：<span style='color:#444'>{escape('；'.join(i.reasons) or i.applicability)}"
            "</span></li>" for i in items]
    return [f"<h2>{title}</h2><ul>", *rows, "</ul>"]


def report_html(owner: OwnerDoc) -> str:
    out = [f"<h2>{S.SELF_NEXT}</h2>"]
    if owner.next_steps:
        out += [_step(n, i, owner.today) for n, i in enumerate(owner.next_steps, 1)]
    else:
        out.append(f"<p>{S.SELF_NOTHING_TO_DO}</p>")
    if owner.done_steps:
        out.append(f"<p style='color:#2e7d32'>{S.SELF_DONE.format(n=len(owner.done_steps))}</p>")
    out.append(f"<h2>{S.SELF_BENEFITS}</h2>")
    out += [_benefit(i, "✔") for i in owner.benefits] or [f"<p>{S.SELF_NO_BENEFITS}</p>"]
    if owner.benefits_undated:
        out.append(f"<h2>{S.SELF_UNDATED}</h2><p>{S.SELF_UNDATED_INTRO}</p>")
        out += [_benefit(i, "？") for i in owner.benefits_undated]
    if owner.questions:
        asked = "、".join(f"“{escape(q.label)}”" for q in owner.questions)
        out.append(f"<h2>{S.SELF_TO_CONFIRM}</h2><p>{S.SELF_ANSWER_MORE.format(questions=asked)}</p><ul>")
        out += [f"<li>{escape(i.title)}（{escape('；'.join(i.reasons))}）</li>" for i in owner.to_confirm]
        out.append("</ul>")
    out += _reason_list(S.SELF_NOT_APPLY, owner.benefits_not)
    out += _reason_list(S.SELF_EXPIRED, owner.expired, " style='color:#555'")
    if owner.notices:
        out.append(f"<h2>{S.SELF_GOOD_TO_KNOW}</h2>")
        out += [f"<p><b>{escape(i.title)}</b><br>{escape(i.what)}</p>{_basis(i)}" for i in owner.notices]
    return "".join(out)
