"""The 一次性告知单 (kind ``notice``): everything still to do for the case in one list — per step the
materials (原件/复印件, copies), where to submit, how, the time limit — with a blank for the date by
which to complete them, and signature and date lines for 经办人 and 申请人.
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from desktop.reports.data import CaseDoc, ItemDoc
from desktop.reports.markup import esc, para
from desktop.reports.story import (
    Story,
    applicant_table,
    citation_block,
    field_rows,
    indented,
    item_header,
    materials_text,
    register,
    signature_lines,
    status_column,
    time_text,
    title_block,
)
from desktop.reports.styles import FRAME_WIDTH, Styles

TITLE = "一次性告知单"
INTRO = "您申请办理的下列事项尚未办结。为避免往返，现将仍需办理的事项、所需材料和办理部门一次性告知如下："
NOTHING = "本案件适用的事项均已办结或免于办理，无需补充材料。"
NO_MATERIALS = "依据未列明具体材料，请按办理部门的要求准备"
DEADLINE = "请于＿＿＿＿年＿＿月＿＿日前补齐上述材料并办理。"


def missing(doc: CaseDoc) -> list[ItemDoc]:
    """Applicable steps and benefits the clerk has not marked done, waived or not applicable."""
    return [i for i in doc.items if i.applies and i.kind != "notice" and i.status == "pending"]


def _item(number: int, item: ItemDoc, styles: Styles) -> KeepTogether:
    indent = status_column(styles)
    width = FRAME_WIDTH - indent
    body: Story = []
    fields = field_rows([
        ("所需材料", materials_text(item) or NO_MATERIALS),
        ("办理部门", item.department),
        ("办理方式", item.channel),
        ("办理时限", time_text(item)),
        ("申领方式", item.claim),
        ("经办人备注", item.note),
    ], styles, width)
    if fields is not None:
        body.append(fields)
    for c in item.basis:
        body += citation_block(c, styles, width, full=False)
    return KeepTogether([item_header(f"{number}.", item, styles, status="pending"), indented(body, indent, styles),
                         Spacer(1, styles.size * 0.6)])


@register("notice")
def build_notice(doc: CaseDoc, styles: Styles) -> Story:
    story: Story = [*title_block(TITLE, "、".join(s.title for s in doc.sections), styles),
                    applicant_table(doc, styles), Spacer(1, styles.size * 0.8)]
    todo = missing(doc)
    if not todo:
        story.append(Paragraph(esc(NOTHING), styles.body))
    else:
        story.append(Paragraph(esc(INTRO), styles.body))
        story.append(Spacer(1, styles.size * 0.5))
        story += [_item(n, item, styles) for n, item in enumerate(todo, 1)]
        story.append(Paragraph(esc(DEADLINE), styles.body))
    if doc.office:
        story.append(para(doc.office, styles.body, prefix="受理窗口："))
    story.append(signature_lines(["经办人", "申请人"], styles))
    return story
