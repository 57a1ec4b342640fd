"""The 补正通知 (kind ``correction``): the materials accepted on 容缺 (容缺受理) that the applicant still has to
supply, each with the date to supply it by (its 补正期限, counted in working days by the office's rule),
where to bring it (the office's 本中心办事指南, under its own heading with its origin), and the clerk's note.

It states only what the case records: which material, by when, where.  It adds no legal consequence the
content does not state.  Signature lines for 经办人 and 申请人 (who received it) close it.  A case without
such materials gets one sentence saying so.
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from desktop.core.present import CaseDoc, ItemDoc
from desktop.reports.guideblock import guide_heading
from desktop.reports.markup import Paragraph, esc, para
from desktop.reports.story import (
    Story,
    applicant_table,
    field_rows,
    headed_table,
    register,
    section_heading,
    signature_lines,
    title_block,
)
from desktop.reports.styles import FRAME_WIDTH, STOP_HEX, Styles

TITLE = "补正通知"
INTRO = ("您申请办理的下列事项中，以下材料已按容缺受理方式先行受理，尚需补正。请在补正期限内将材料送到下列办理地点"
         "（期限按工作日计算，容缺受理当日不计入）：")
NOTHING = "本办件没有容缺受理、尚需补正的材料。"


def correction_items(doc: CaseDoc) -> list[ItemDoc]:
    """Applicable items with materials accepted on 容缺 and not supplied yet."""
    return [i for i in doc.items if i.deferred]


def _rows(item: ItemDoc, styles: Styles) -> list[list[object]]:
    rows: list[list[object]] = [[Paragraph("材料", styles.label), Paragraph("补正期限", styles.label),
                                 Paragraph("备注", styles.label)]]
    for m in item.deferred:
        late = f'<br/><font color="{STOP_HEX}">已逾期</font>' if m.overdue else ""
        rows.append([para(m.line(), styles.body), Paragraph(esc(m.due) + late, styles.body), para(m.note, styles.body)])
    return rows


def _item(number: int, item: ItemDoc, styles: Styles) -> Story:
    widths = [FRAME_WIDTH * 0.5, styles.size * 7 + 12, FRAME_WIDTH * 0.5 - styles.size * 7 - 12]
    out: Story = [KeepTogether([para(f"{number}. {item.title}", styles.item_title), Spacer(1, 2),
                                headed_table(_rows(item, styles), widths, styles)])]
    if item.guide is not None:
        where = field_rows(item.guide.contact_rows(), styles, FRAME_WIDTH)
        out += [Spacer(1, 4), *guide_heading(item.guide, styles)] + ([where] if where is not None else [])
    return [*out, Spacer(1, styles.size * 0.8)]


@register("correction", TITLE, in_all=False)
def build_correction(doc: CaseDoc, styles: Styles) -> Story:
    story: Story = [*title_block(TITLE, "、".join(s.title for s in doc.sections), styles, qr=doc.case_id),
                    applicant_table(doc, styles), Spacer(1, styles.size * 0.8)]
    items = correction_items(doc)
    if not items:
        return [*story, Paragraph(esc(NOTHING), styles.body), signature_lines(["经办人", "申请人"], styles)]
    story += [Paragraph(esc(INTRO), styles.body), *section_heading(1, "需补正的材料", "", styles)]
    for n, item in enumerate(items, 1):
        story += _item(n, item, styles)
    if doc.office:
        story.append(para(doc.office, styles.body, prefix="受理窗口："))
    story.append(signature_lines(["经办人", "申请人（签收）"], styles))
    return story
