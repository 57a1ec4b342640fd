"""The 一次性告知单 (kind ``notice``): everything still outstanding for the case in one list.

A step is listed while it is 待办, or while any of its materials is still outstanding (缺, or accepted on 容缺
and not yet supplied — even on a step the clerk marked done).  Steps with outstanding materials come first,
each with exactly the materials still to bring — per material: as asked (原件/复印件, 份数), its state (缺;
容缺受理 with the date to supply it by) — where (the office's 本中心办事指南 under its own heading with its
origin: place, hours, phone), the time limit and its 办结期限, and the clause.  Materials already received or
replaced by a commitment are not listed.  Steps still 待办 whose materials are all in follow in one compact
table; steps for which neither the law nor the office's guide lists materials follow in another, under a
single line saying so.  A blank "请于＿年＿月＿日前" line is printed only for what has no date.  Signature and
date lines for 经办人 and 申请人 close the document.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from desktop.core.present import CaseDoc, ItemDoc
from desktop.core.vocab import ItemStatus
from desktop.reports.guideblock import guide_heading, materials_lines
from desktop.reports.markup import Paragraph, esc, para
from desktop.reports.story import (
    StatusMark,
    Story,
    applicant_table,
    citation_block,
    data_table,
    field_rows,
    indented,
    item_header,
    register,
    signature_lines,
    status_column,
    time_text,
    title_block,
)
from desktop.reports.styles import FRAME_WIDTH, RULE, STOP_HEX, Styles

TITLE = "一次性告知单"
INTRO = "您申请办理的下列事项尚未办结。为避免往返，现将仍需提交的材料、办理地点和期限一次性告知如下："
NOTHING = "本办件适用的事项均已办结或免于办理，无需补充材料。"
NO_MATERIALS = "依据文件和本中心办事指南均未列明具体材料，以受理部门要求为准"
WITH_MATERIALS = "仍需提交材料的事项"
COMPLETE = "材料已齐、尚待办理的事项"
WITHOUT_MATERIALS = "其他待办事项"
DEADLINE_ALL = "请于＿＿＿＿年＿＿月＿＿日前补齐上述材料并办理。"
DEADLINE_SOME = "上述未注明期限的事项和材料，请于＿＿＿＿年＿＿月＿＿日前补齐并办理。"


def missing(doc: CaseDoc) -> list[ItemDoc]:
    """Applicable steps and benefits still 待办, or with materials still outstanding."""
    return [i for i in doc.items if i.applies and i.kind != "notice" and i.status != ItemStatus.NOT_APPLICABLE
            and (i.status == ItemStatus.PENDING or i.outstanding)]


def _item(number: int, item: ItemDoc, styles: Styles) -> KeepTogether:
    indent = status_column(styles)
    width = FRAME_WIDTH - indent
    body: Story = []
    fields = field_rows([
        ("尚需材料", materials_lines(item.outstanding)),
        ("办理部门", item.department),
        ("办理方式", item.channel),
        ("办理时限", time_text(item)),
        ("办结期限", item.due_text if item.status == ItemStatus.PENDING else ""),
        ("申领方式", item.claim),
        ("经办人备注", item.note),
    ], styles, width)
    if fields is not None:
        body.append(fields)
    if item.guide is not None:  # where to bring them: the office's guide, apart from the law
        where = field_rows(item.guide.contact_rows() + [r for r in item.guide.rows() if r[0] == "承诺时限"], styles,
                           width)
        body += guide_heading(item.guide, styles) + ([where] if where is not None else [])
    seen: set[tuple[str, str]] = set()  # without the quotes, two clauses of one article read as one line
    for c in item.basis:
        if (c.name, c.article) not in seen:
            seen.add((c.name, c.article))
            body += citation_block(c, styles, width, full=False)
    return KeepTogether([item_header(f"{number}.", item, styles, status=item.status), indented(body, indent, styles),
                         Spacer(1, styles.size * 0.6)])


def _compact_cell(number: int, item: ItemDoc, styles: Styles) -> list[Flowable]:
    """Title, then where and how, the time limit and 办结期限, how to claim and the clerk's note, in one
    cell; the clause is left to the 依据附录 (this list is about what to do next)."""
    late = f'　<font color="{STOP_HEX}">已逾期</font>' if item.overdue else ""
    cell: list[Flowable] = [Paragraph(f"{number}. " + esc(item.title) + late, styles.body)]
    where = "；".join(x for x in (item.department, item.channel) if x)
    guide = f"{item.guide.heading}：{item.guide.where()}" if item.guide is not None and item.guide.where() else ""
    for label, value in (("办理部门及方式：", where), ("", guide), ("办理时限：", time_text(item)),
                         ("办结期限：", item.due_text), ("申领方式：", item.claim), ("经办人备注：", item.note)):
        if value:
            cell.append(para(value, styles.small, prefix=label))
    return cell


def compact_table(items: list[ItemDoc], first: int, styles: Styles) -> Table:
    """Steps without materials to bring, one row each: a drawn box to tick and the step."""
    box = styles.size * 1.05 + 10
    rows = [[StatusMark("pending", "", styles.font, styles.size), _compact_cell(n, item, styles)]
            for n, item in enumerate(items, first)]
    return data_table(rows, [box, FRAME_WIDTH - box], [
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (0, -1), styles.size * 0.35),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.size * 0.35),
    ], styles.font)


def _dated(item: ItemDoc) -> bool:
    """What is listed for the item has a date: a step still 待办 its 办结期限 (its materials come with it) or
    else a 补正期限 for every outstanding material; a step already done, a 补正期限 for each."""
    if item.status == ItemStatus.PENDING and item.due:
        return True
    return bool(item.outstanding) and all(m.due for m in item.outstanding)


@register("notice", TITLE)
def build_notice(doc: CaseDoc, styles: Styles) -> Story:
    story: Story = [*title_block(TITLE, "、".join(s.title for s in doc.sections), styles, qr=doc.case_id),
                    applicant_table(doc, styles), Spacer(1, styles.size * 0.8)]
    todo = missing(doc)
    if not todo:
        story.append(Paragraph(esc(NOTHING), styles.body))
    else:
        story.append(Paragraph(esc(INTRO), styles.body))
        with_m = [i for i in todo if i.outstanding]
        complete = [i for i in todo if not i.outstanding and i.counter]
        without = [i for i in todo if not i.counter]
        if with_m:
            story.append(Paragraph(esc(WITH_MATERIALS), styles.subsection))
            story += [_item(n, item, styles) for n, item in enumerate(with_m, 1)]
        if complete:
            story += [Paragraph(esc(COMPLETE), styles.subsection), Spacer(1, styles.size * 0.3),
                      compact_table(complete, len(with_m) + 1, styles), Spacer(1, styles.size * 0.6)]
        if without:
            story += [Paragraph(esc(WITHOUT_MATERIALS), styles.subsection),
                      Paragraph(esc(f"以下 {len(without)} 项{NO_MATERIALS}："), styles.body),
                      Spacer(1, styles.size * 0.3), compact_table(without, len(with_m) + len(complete) + 1, styles),
                      Spacer(1, styles.size * 0.6)]
        undated = [i for i in todo if not _dated(i)]
        if undated:
            story.append(Paragraph(esc(DEADLINE_ALL if len(undated) == len(todo) else DEADLINE_SOME), styles.body))
    if doc.office:
        story.append(para(doc.office, styles.body, prefix="受理窗口："))
    story.append(signature_lines(["经办人", "申请人"], styles))
    return story
