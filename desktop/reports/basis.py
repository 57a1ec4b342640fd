"""The 依据附录 (kind ``basis``): every clause the case's applicable items cite, in full, grouped by
document, with the document's 文号, issuer, date, level and validity, and the items that cite it.
One line under the title names the applicant and the ID number (marked when it fails its check).
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from desktop.core.present import CaseDoc, CitationDoc
from desktop.reports.markup import Paragraph, esc, para
from desktop.reports.story import Story, quote_box, register, section_heading, title_block
from desktop.reports.styles import FRAME_WIDTH, Styles

TITLE = "依据附录"


def particulars(c: CitationDoc) -> str:
    parts = [p for p in (c.wenhao, c.issuer, c.date and f"{c.date} 印发", c.level) if p]
    if c.validity:
        parts.append(f"效力：{c.validity}")
    return " · ".join(parts)


@register("basis", TITLE)
def build_basis(doc: CaseDoc, styles: Styles) -> Story:
    story: Story = title_block(TITLE, f"办件编号 {doc.case_id} · " + "、".join(s.title for s in doc.sections), styles,
                               qr=doc.case_id)
    who = "　".join(f"{label}：{value}" for label, value in (("申请人", doc.name), ("证件号码", doc.id_shown)) if value)
    if who:
        story.append(para(who, styles.small))
    by_source: dict[str, list[CitationDoc]] = {}
    for c in doc.citations():
        by_source.setdefault(c.source_id, []).append(c)
    if not by_source:
        story.append(Paragraph("本办件没有适用的事项，无引用依据。", styles.body))
    for n, cites in enumerate(by_source.values(), 1):
        first = cites[0]
        lead: Story = section_heading(n, f"《{first.document}》", particulars(first), styles)
        for c in cites:
            users = [i.title for i in doc.items if i.applies and c in i.basis]
            story.append(KeepTogether([
                *lead,
                para(c.article or "（未注明条款）", styles.subsection),
                quote_box(c.quote, styles, FRAME_WIDTH),
                Paragraph("引用事项：" + esc("；".join(users)), styles.context),
                Spacer(1, styles.size * 0.4),
            ]))
            lead = []
    return story
