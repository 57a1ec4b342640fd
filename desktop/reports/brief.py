"""The 办理清单（简版） (kind ``brief``): what the counter hands over by default, one or two A4 pages.

The case number (and its QR code) and the applicant; the applicable steps in order, each in one row —
a drawn box (ticked when done), the title, then in one small line where to go and how, the time limit,
the 办结期限 (已逾期 marked), what is still to bring (with 缺 / 容缺受理 and its date) and the clerk's note, and
the office's 本中心办事指南 (its origin, place, hours, phone) in a line of its own; the benefits that apply, one line each
with what they give; how many notices there are and the items still waiting for an answer (with the
questions), one sentence each; a line saying where the full clauses are (依据附录, 办理清单); signature
lines for the applicant and the window clerk, each with its date.  No clause is quoted and no notice
listed here: that is what keeps it to one or two pages.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table

from desktop.core.present import CaseDoc, ItemDoc
from desktop.core.progress import progress_text
from desktop.reports.blocks import by_question
from desktop.reports.guideblock import para_where
from desktop.reports.markup import Paragraph, esc, para
from desktop.reports.story import (
    StatusMark,
    Story,
    applicant_table,
    data_table,
    handover_lines,
    register,
    section_heading,
    time_text,
    title_block,
)
from desktop.reports.styles import FRAME_WIDTH, MUTED_HEX, RULE, STOP_HEX, Styles

TITLE = "办理清单（简版）"
FULL = "每项的办理依据（文件名称、文号、条款原文）见《依据附录》，各项的完整内容见《办理清单》，可向窗口索取。"
NO_STEPS = "本办件没有需要办理的事项。"
STEPS = "办理步骤（按顺序）"
BENEFITS = "可享受的政策"
UNDATED_NOTE = ("标“时效未明”的，出自年度工作方案或阶段性文件，文件没有写明执行期限：办理或申请前请向受理部门"
                "确认是否仍在执行。")


def steps(doc: CaseDoc) -> list[ItemDoc]:
    """The applicable steps in checklist order, except those the clerk marked 不适用."""
    return [i for i in doc.items if i.applies and i.kind == "step" and i.status != "not_applicable"]


def benefits(doc: CaseDoc) -> list[ItemDoc]:
    return [i for i in doc.items if i.applies and i.kind == "benefit" and i.status != "not_applicable"]


def _materials(item: ItemDoc) -> str:
    """What is still to bring: the outstanding materials (the office's guide's when it lists them, else the
    law's), each with its state when one is recorded."""
    return "；".join(m.line() + (f"（{m.status_text}）" if m.state else "") for m in item.outstanding)


def step_detail(item: ItemDoc) -> str:
    """Where, how long, by when, what to bring and the clerk's note, in one line of text."""
    where = "，".join(x for x in (item.department, item.channel) if x)
    parts = [(label, value) for label, value in (
        ("在哪里办", where), ("办理时限", time_text(item)), ("办结期限", item.due_text), ("带齐材料", _materials(item)),
        ("经办人备注", item.note)) if value]
    return "；".join(f"{label}：{value}" for label, value in parts)


def _step_cell(number: int, item: ItemDoc, styles: Styles) -> list[Flowable]:
    late = f'　<font color="{STOP_HEX}">已逾期</font>' if item.overdue else ""
    state = "" if item.status == "pending" else f'　<font color="{MUTED_HEX}">{esc(item.status_label)}</font>'
    cell: list[Flowable] = [Paragraph(f"{number}. " + esc(item.title) + _undated(item) + late + state, styles.body)]
    if item.status == "pending":
        detail = step_detail(item)
        if detail:
            cell.append(para(detail, styles.small))
    else:
        if item.outstanding:
            cell.append(para(_materials(item), styles.small, prefix="尚需补正："))
        if item.note:
            cell.append(para(item.note, styles.small, prefix="经办人备注："))
    return [*cell, *para_where(item, styles)]


def steps_table(items: list[ItemDoc], styles: Styles) -> Table:
    """One row a step: the drawn box (ticked when done, a dash when waived) and the step."""
    box = styles.size * 1.05 + 8
    rows = [[StatusMark(item.status, "", styles.font, styles.size), _step_cell(n, item, styles)]
            for n, item in enumerate(items, 1)]
    return data_table(rows, [box, FRAME_WIDTH - box], [
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), styles.size * 0.25),
        ("TOPPADDING", (0, 0), (0, -1), styles.size * 0.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.size * 0.3),
    ], styles.font)


def benefit_line(number: int, item: ItemDoc, styles: Styles) -> Paragraph:
    """The title, and what it gives when the title does not say it already."""
    gives = item.cost if item.cost and item.cost not in item.title else ""
    extra = f'<font color="{MUTED_HEX}">：{esc(gives)}</font>' if gives else ""
    return Paragraph(f"{number}. " + esc(item.title) + _undated(item) + extra, styles.body)


def _undated(item: ItemDoc) -> str:
    """A measure whose period the text leaves open is never printed as plainly in force."""
    return f'<font color="{MUTED_HEX}">（{esc(item.applicability)}）</font>' if item.undated else ""


def overview(doc: CaseDoc, todo: list[ItemDoc], gains: list[ItemDoc]) -> str:
    """The progress sentence every place prints (desktop.core.progress), then the steps and benefits below."""
    head = progress_text(doc.progress) if doc.progress is not None else ""
    return head + f"下列办理事项 {len(todo)} 项、可享受的政策 {len(gains)} 项。"  # the same numbers as the screen


@register("brief", TITLE, in_all=False)
def build_brief(doc: CaseDoc, styles: Styles) -> Story:
    todo, gains = steps(doc), benefits(doc)
    pairs = [("申请人", doc.name), ("证件号码", doc.id_shown), ("办件编号", doc.case_id), ("受理日期", doc.received_on),
             ("受理窗口", doc.office), ("经办人", doc.clerk)]
    story: Story = [*title_block(TITLE, "、".join(s.title for s in doc.sections), styles, qr=doc.case_id),
                    applicant_table(doc, styles, pairs), Spacer(1, styles.size * 0.5),
                    para(overview(doc, todo, gains), styles.body)]
    n = 1
    story += section_heading(n, STEPS, "", styles)
    story.append(steps_table(todo, styles) if todo else para(NO_STEPS, styles.body))
    if gains:
        n += 1
        story += section_heading(n, BENEFITS, "", styles)
        story += [benefit_line(k, item, styles) for k, item in enumerate(gains, 1)]
    notices = [i for i in doc.items if i.applies and i.kind == "notice" and i.status != "not_applicable"]
    waiting = [i for i in doc.items if not i.applies and i.waits_for]
    story.append(Spacer(1, styles.size * 0.5))
    if any(i.undated for i in (*todo, *gains)):
        story.append(para(UNDATED_NOTE, styles.small))
    if notices:
        story.append(para(f"另有 {len(notices)} 项告知事项（办理时需要知道的规定），见《办理清单》。", styles.small))
    if waiting:
        questions = "、".join(q for q, _ in by_question(waiting))
        story.append(para(f"另有 {len(waiting)} 项需先回答问题（{questions}）才能确定是否适用，详见《办理清单》。",
                          styles.small))
    story.append(handover_lines(styles, [para(FULL, styles.small)]))
    return story
