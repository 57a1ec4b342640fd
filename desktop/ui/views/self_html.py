"""HTML of the self-check report (企业自查), written to the business owner ("您…").  All data escaped."""

from __future__ import annotations

from html import escape

from desktop.core.catalog import Catalog
from desktop.core.evaluate import ItemView
from desktop.core.selfcheck import SelfCheck
from desktop.ui import strings as S


def _basis(view: ItemView, catalog: Catalog) -> str:
    parts = []
    for b in view.item.basis:
        src = catalog.sources.get(b.source)
        name = escape(src.citation_name if src else b.source)
        parts.append(f"<div style='color:#555;margin-left:12px'>依据：{name}{escape(b.article)}"
                     f"<br><span style='background:#f4f1e8'>“{escape(b.quote)}”</span></div>")
    return "".join(parts)


def _line(label: str, value: str) -> str:
    return f"<div style='margin-left:12px'><b>{label}</b>{escape(value)}</div>" if value else ""


def _step(n: int, view: ItemView, catalog: Catalog) -> str:
    item = view.item
    time = item.time_limit.label() if item.time_limit else item.time_note
    if view.due is not None:
        time = f"{time}（如今天开始，预计 {view.due.due.isoformat()} 前办结）"
    where = item.channel
    materials = "、".join(m.name + (f"（{m.form}）" if m.form else "") for m in item.materials)
    return (f"<p style='margin:10px 0 2px 0'><b>{n}. {escape(item.title)}</b></p>"
            + _line(S.SELF_WHAT, item.what) + _line(S.SELF_WHERE, where)
            + _line(S.SELF_DEPARTMENT, item.department) + _line(S.SELF_TIME, time)
            + _line(S.SELF_COST, item.cost) + _line(S.SELF_BRING, materials) + _basis(view, catalog))


def _benefit(view: ItemView, catalog: Catalog) -> str:
    item = view.item
    period = ""
    if item.valid_from or item.valid_to:
        period = f"{item.valid_from or ''} 至 {item.valid_to or ''}"
    return (f"<p style='margin:10px 0 2px 0'><b>✔ {escape(item.title)}</b></p>" + _line(S.SELF_WHAT, item.what)
            + _line(S.SELF_CLAIM, item.claim) + _line(S.SELF_DEPARTMENT, item.department)
            + _line(S.SELF_PERIOD, period)
            + _basis(view, catalog))


def report_html(check: SelfCheck, catalog: Catalog, labels: dict[str, str]) -> str:
    out = [f"<h2>{S.SELF_NEXT}</h2>"]
    if check.next_steps:
        out += [_step(n, v, catalog) for n, v in enumerate(check.next_steps, 1)]
    else:
        out.append(f"<p>{S.SELF_NOTHING_TO_DO}</p>")
    if check.done_steps:
        out.append(f"<p style='color:#2e7d32'>{S.SELF_DONE.format(n=len(check.done_steps))}</p>")
    out.append(f"<h2>{S.SELF_BENEFITS}</h2>")
    out += [_benefit(v, catalog) for v in check.benefits] or [f"<p>{S.SELF_NO_BENEFITS}</p>"]
    if check.questions:
        asked = "、".join(f"“{escape(labels.get(q, q))}”" for q in check.questions)
        out.append(f"<h2>{S.SELF_TO_CONFIRM}</h2><p>{S.SELF_ANSWER_MORE.format(questions=asked)}</p><ul>")
        out += [f"<li>{escape(v.item.title)}（待回答："
                f"{escape('、'.join(labels.get(m, m) for m in v.missing))}）</li>" for v in check.to_confirm]
        out.append("</ul>")
    if check.benefits_not:
        out.append(f"<h2>{S.SELF_NOT_APPLY}</h2><ul>")
        out += [f"<li>{escape(v.item.title)}：<span style='color:#555'>{escape('；'.join(v.reasons))}</span></li>"
                for v in check.benefits_not]
        out.append("</ul>")
    if check.expired:
        out.append(f"<h2>{S.SELF_EXPIRED}</h2><ul>")
        out += [f"<li style='color:#777'>{escape(v.item.title)}：{escape('；'.join(v.reasons))}</li>"
                for v in check.expired]
        out.append("</ul>")
    if check.notices:
        out.append(f"<h2>{S.SELF_GOOD_TO_KNOW}</h2>")
        out += [f"<p><b>{escape(v.item.title)}</b><br>{escape(v.item.what)}</p>{_basis(v, catalog)}" for v in check.notices]
    return "".join(out)
