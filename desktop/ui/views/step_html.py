"""HTML for the step detail pane, from the presentation model (:class:`~desktop.core.present.ItemDoc`): the
same words, applicability, period, citations and variant marks the documents print, and the office's
本中心办事指南 under its own heading with its origin — after the step's own fields, before 法律依据, never
among the citations.  All data escaped."""

from __future__ import annotations

from html import escape

from desktop.core.present import CitationDoc, ItemDoc
from desktop.ui import strings as S


def _row(label: str, value: str) -> str:
    shown = escape(value) if value else f'<span style="color:#5f5f5f">{S.DETAIL_NOT_STATED}</span>'
    return f"<tr><td style='padding-right:12px;color:#444;white-space:nowrap'>{label}</td><td>{shown}</td></tr>"


def citation_html(c: CitationDoc) -> str:
    meta = " ".join(x for x in (c.issuer, c.date, c.level) if x)
    return (f"<p style='margin:6px 0 2px 0'><b>{escape(c.name)}</b>　{escape(c.article)}"
            + (f"<br><span style='color:#444'>{escape(meta)}</span>" if meta else "") + "</p>"
            f"<blockquote style='margin:2px 0 8px 12px;padding:4px 8px;background:#f4f1e8'>“{escape(c.quote)}”"
            "</blockquote>")


def guide_html(item: ItemDoc) -> str:
    """The step's 本中心办事指南 apart from the law (or a line saying none is entered)."""
    guide = item.guide
    if guide is None:
        return "" if item.kind == "notice" else f"<p style='color:#5f5f5f'>{S.DETAIL_GUIDE_NONE}</p>"
    rows = "".join(_row(label, value) for label, value in guide.rows())
    out = (f"<a name='guide'></a><p style='margin:10px 0 2px 0'><b>{escape(guide.heading)}</b><br>"
           f"<span style='color:#5f5f5f'>{S.DETAIL_GUIDE_NOT_LAW}</span></p><table>{rows}</table>")
    materials = [m for m in item.counter if m.source == "guide"]
    if materials:
        lines = "".join(f"<li>{escape(m.line())}</li>" for m in materials)
        out += f"<p><b>{S.DETAIL_GUIDE_MATERIALS}</b></p><ul>{lines}</ul>"
    for line in guide.conflicts:
        out += f"<p style='color:#8a1c1c'>{S.DETAIL_GUIDE_CONFLICT}{escape(line)}</p>"
    if guide.entered:
        out += f"<p style='color:#5f5f5f'>{escape(guide.entered)}</p>"
    return out


def item_html(item: ItemDoc) -> str:
    head = (f"<h3 style='margin:0'>{escape(item.title)}</h3><p style='color:#444'>{escape(item.kind_label)}"
            f"　·　{escape(item.jurisdiction)}")
    if item.period:
        head += f"　·　{S.DETAIL_VALIDITY}：{escape(item.period)}"
    head += "</p>"
    status = f"<p><b>{S.DETAIL_APPLICABILITY}：{escape(item.applicability)}</b>"
    if item.reasons:
        status += "　" + escape("；".join(item.reasons))
    status += "</p>"
    rows = [_row(S.DETAIL_WHAT, item.what), _row(S.DETAIL_DEPARTMENT, item.department)]
    if item.lead:
        rows.append(_row(S.DETAIL_LEAD, item.lead))
    rows.append(_row(S.DETAIL_TIME, item.time_text))
    if item.due:
        rows.append(_row(S.DETAIL_DUE, item.due_text))
    rows.append(_row(S.DETAIL_COST, item.cost))
    for label, value in ((S.DETAIL_CHANNEL, item.channel), (S.DETAIL_RESULT, item.result),
                         (S.DETAIL_CLAIM, item.claim)):
        if value:
            rows.append(_row(label, value))
    materials = ""
    if item.materials:
        lines = "".join(f"<li>{escape(m.line())}</li>" for m in item.materials)
        materials = f"<p><b>{S.DETAIL_MATERIALS}</b></p><ul>{lines}</ul>"
    remark = f"<p style='color:#444'>{escape(item.remark)}</p>" if item.remark else ""
    variants = ""
    if item.variants:
        lines = "".join(f"<li>{escape(v)}</li>" for v in item.variants)
        variants = f"<p><b>{S.DETAIL_VARIANTS}</b></p><ul>{lines}</ul>"
    basis = "".join(citation_html(c) for c in item.basis)
    return (head + status + "<table>" + "".join(rows) + "</table>" + materials + remark + guide_html(item)
            + f"<p><b>{S.DETAIL_BASIS}</b></p>" + basis + variants)
