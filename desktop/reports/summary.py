"""The 办理清单 (kind ``summary``): the applicant block, then for every checklist each applicable item
with its drawn status, what to do, department, time limit and 办结期限 (the due date; 已逾期 marked),
cost, materials (with their state at the counter), the clerk's note, the office's 本中心办事指南 under its own
heading with its origin, and the
legal basis in full (document, 文号, article, verbatim quote); other levels' rules as context lines;
items that do not apply (已到期, 不适用 …) listed apart with the reason; the items that wait for an
unanswered question in one short block (one line per question, not one row per item); signature
lines for the applicant and the window clerk (the document is handed over).
"""

from __future__ import annotations

from reportlab.platypus import HRFlowable, Spacer

from desktop.core.present import KIND_LABELS, CaseDoc, ItemDoc
from desktop.core.progress import progress_text
from desktop.reports.blocks import KeepBlock, waiting_block
from desktop.reports.guideblock import guide_block, law_materials_text
from desktop.reports.markup import Paragraph, esc, para
from desktop.reports.story import (
    Story,
    applicant_table,
    citation_block,
    field_rows,
    handover_lines,
    indented,
    item_header,
    others_table,
    register,
    section_heading,
    status_column,
    time_text,
    title_block,
)
from desktop.reports.styles import FRAME_WIDTH, KEEP_MAX, RULE, Styles

TITLE = "办理清单"


def overview(doc: CaseDoc) -> str:
    """The case's progress in the one wording every place uses (desktop.core.progress)."""
    if doc.progress is None:
        return ""
    return progress_text(doc.progress)


OTHERS = "不适用的事项（及原因）"
WAITING = "待确认的事项"


def item_block(number: str, item: ItemDoc, styles: Styles) -> Story:
    indent = status_column(styles)
    width = FRAME_WIDTH - indent
    body: Story = []
    fields = field_rows([
        ("办理内容", item.what),
        ("办理部门", item.department),
        ("牵头单位", item.lead),
        ("有效期", item.period),
        ("办理时限", time_text(item)),
        ("办结期限", item.due_text),
        ("费用", item.cost),
        ("办理方式", item.channel),
        ("办理结果", item.result),
        ("申领方式", item.claim),
        ("所需材料", law_materials_text(item)),
        ("经办人备注", item.note),
    ], styles, width)
    if fields is not None:
        body.append(fields)
    body += guide_block(item, styles, width)
    body.append(Spacer(1, 3))
    for c in item.basis:
        body += citation_block(c, styles, width)
    for line in item.variants:
        body.append(Paragraph("其他层级规定：" + esc(line), styles.context))
    return [
        item_header(number, item, styles, status=item.status),
        indented(body, indent, styles),
        HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=6),
    ]


@register("summary", TITLE)
def build_summary(doc: CaseDoc, styles: Styles) -> Story:
    subtitle = "、".join(s.title for s in doc.sections)
    story: Story = [*title_block(TITLE, subtitle, styles, qr=doc.case_id), applicant_table(doc, styles),
                    Spacer(1, styles.size * 0.6), para(overview(doc), styles.body)]
    for n, section in enumerate(doc.sections, 1):
        # headings travel with the first item under them (KeepTogether), never alone at a page foot
        lead: Story = section_heading(n, section.title, section.summary, styles)
        number = 0
        for kind, label in KIND_LABELS.items():
            items = [i for i in section.applicable if i.kind == kind]
            if not items:
                continue
            lead.append(Paragraph(label, styles.subsection))
            for item in items:
                number += 1
                story.append(KeepBlock(lead + item_block(f"{number}.", item, styles), KEEP_MAX))
                lead = []
        if not section.applicable:
            lead.append(para("本清单没有适用于本办件的事项。", styles.body))
        waiting = [i for i in section.others if i.waits_for]
        rest = [i for i in section.others if not i.waits_for]
        if rest:
            lead += [Paragraph(OTHERS, styles.subsection), others_table(rest, styles)]
        if waiting:
            lead += [Paragraph(WAITING, styles.subsection), *waiting_block(waiting, styles)]
        story += lead
    story.append(handover_lines(styles))
    return story
