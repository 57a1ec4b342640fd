"""HTML for the step detail pane.  Every piece of data text is escaped."""

from __future__ import annotations

from html import escape

from desktop.core.catalog import Catalog
from desktop.core.evaluate import ItemView
from desktop.core.model import Item
from desktop.ui import strings as S


def _row(label: str, value: str) -> str:
    shown = escape(value) if value else f'<span style="color:#888">{S.DETAIL_NOT_STATED}</span>'
    return f"<tr><td style='padding-right:12px;color:#555;white-space:nowrap'>{label}</td><td>{shown}</td></tr>"


def basis_html(item: Item, catalog: Catalog) -> str:
    parts = []
    for b in item.basis:
        src = catalog.sources.get(b.source)
        title = escape(f"《{src.title}》") if src else escape(b.source)
        wenhao = f"（{escape(src.wenhao)}）" if src and src.wenhao else ""
        meta = ""
        if src:
            meta = f"<br><span style='color:#666'>{escape(src.issuer)}　{src.date.isoformat()}　{escape(src.level)}</span>"
        parts.append(
            f"<p style='margin:6px 0 2px 0'><b>{title}{wenhao}</b>　{escape(b.article)}{meta}</p>"
            f"<blockquote style='margin:2px 0 8px 12px;padding:4px 8px;background:#f4f1e8'>“{escape(b.quote)}”"
            "</blockquote>"
        )
    return "".join(parts)


def item_html(view: ItemView, catalog: Catalog, questions: dict[str, str]) -> str:
    item = view.item
    kind = S.KIND_LABELS.get(item.kind, item.kind)
    head = f"<h3 style='margin:0'>{escape(item.title)}</h3><p style='color:#555'>{kind}　·　{escape(item.jurisdiction)}"
    if item.valid_from or item.valid_to:
        period = f"{item.valid_from or ''} 至 {item.valid_to or ''}"
        head += f"　·　{S.DETAIL_VALIDITY}：{escape(period)}"
    head += "</p>"
    status = f"<p><b>{S.DETAIL_APPLICABILITY}：{escape(view.label)}</b>"
    if view.reasons:
        status += "　" + escape("；".join(view.reasons))
    if view.missing:
        status += "　" + escape(S.UNKNOWN_HINT.format(questions="、".join(questions.get(m, m) for m in view.missing)))
    status += "</p>"
    time = item.time_limit.label() if item.time_limit else ""
    if item.time_note:
        time = f"{time}（{item.time_note}）" if time else item.time_note
    rows = [_row(S.DETAIL_WHAT, item.what), _row(S.DETAIL_DEPARTMENT, item.department), _row(S.DETAIL_TIME, time)]
    if view.due is not None:
        due = view.due.due.isoformat() + (f"（{view.due.note}）" if view.due.note else "")
        if view.due.warning:
            due += f"　⚠ {view.due.warning}"
        rows.append(_row(S.DETAIL_DUE, due))
    rows.append(_row(S.DETAIL_COST, item.cost))
    if item.channel:
        rows.append(_row(S.DETAIL_CHANNEL, item.channel))
    if item.result:
        rows.append(_row(S.DETAIL_RESULT, item.result))
    if item.claim:
        rows.append(_row(S.DETAIL_CLAIM, item.claim))
    materials = ""
    if item.materials:
        lines = []
        for m in item.materials:
            bits = [m.form, f"{m.copies} 份" if m.copies else "", S.COMMITMENT_OK if m.commitment else "", m.note]
            extra = "，".join(b for b in bits if b)
            lines.append(f"<li>{escape(m.name)}" + (f"（{escape(extra)}）" if extra else "") + "</li>")
        materials = f"<p><b>{S.DETAIL_MATERIALS}</b></p><ul>{''.join(lines)}</ul>"
    note = f"<p style='color:#555'>{escape(item.note)}</p>" if item.note else ""
    variants = ""
    if view.variants:
        lines = []
        for v in view.variants:
            t = v.time_limit.label() if v.time_limit else (v.time_note or "")
            status = view.variant_labels.get(v.id, "")
            mark = f"<b>【{escape(status)}】</b>" if status == "适用" else f"【{escape(status)}】"
            lines.append(f"<li>{mark}{escape(v.jurisdiction)}：{escape(v.title)}" + (f"（{escape(t)}）" if t else "") + "</li>")
        variants = f"<p><b>{S.DETAIL_VARIANTS}</b></p><ul>{''.join(lines)}</ul>"
    return (head + status + "<table>" + "".join(rows) + "</table>" + materials + note
            + f"<p><b>{S.DETAIL_BASIS}</b></p>" + basis_html(item, catalog) + variants)
