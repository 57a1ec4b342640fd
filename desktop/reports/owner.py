"""我的办事清单 (kind ``self``): the business owner's personal document, written to the owner ("您需要…").

Built from :class:`~desktop.core.present.OwnerDoc` (the self-check as of the day of printing): the steps
to do in order — what, where, how long and "如今天开始，预计 … 前办结", cost, what to bring, and the clause
(document, 文号, article, verbatim quote); right after them the checklist of materials to prepare with
drawn check boxes (it belongs with the steps); 可享受的政策 with how to claim and the clause; 暂不适用的
政策 with the reason; the questions still to answer and what each decides; 已到期 policies apart; and
the notices worth knowing, briefly.  No clerk or office fields, no signature
lines; not part of ``all`` (the counter's set).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Spacer, Table

from desktop.core.present import CaseDoc, ItemDoc, OwnerDoc, PrepDoc, QuestionDoc
from desktop.reports.blocks import KeepBlock
from desktop.reports.markup import Paragraph, esc, para
from desktop.reports.story import (
    CheckBox,
    Story,
    citation_block,
    data_table,
    field_rows,
    headed_table,
    indented,
    materials_text,
    register,
    section_heading,
    time_text,
    title_block,
)
from desktop.reports.styles import FRAME_WIDTH, KEEP_MAX, RULE, Styles

TITLE = "我的办事清单"
HEADER = "企业自查"  # the page header's left side: no office on the owner's document
DISCLAIMER = "本清单根据您填写的情况和政策文件原文生成，仅供参考；办理时以受理部门的要求为准。"
NEXT = "您需要办理的事项（按顺序）"
NOTHING_TO_DO = "根据您目前的回答，暂无需要办理的事项。"
BENEFITS = "您可以享受的政策"
UNDATED = "可能适用、但需确认是否仍在执行的政策"
UNDATED_INTRO = "以下政策出自年度工作方案或阶段性文件，文件没有写明执行期限。申请前请向受理部门确认是否仍在执行。"
NO_BENEFITS = "根据您目前的回答，暂未找到适用的政策。"
NOT_APPLY = "暂不适用的政策（及原因）"
QUESTIONS = "还需要您回答的问题"
QUESTIONS_INTRO = "回答下列问题后，才能确定相应的事项或政策是否适用："
EXPIRED = "已到期或尚未生效的政策（仅供参考）"
GOOD_TO_KNOW = "您还需要知道"
MATERIALS = "需要准备的材料（准备好一项，勾选一项）"
NO_MATERIALS = "您要办理的事项，依据文件未列明具体材料，以受理部门要求为准。"
LABEL_CHARS = 6  # "需要多长时间"


def _overview(owner: OwnerDoc) -> str:
    parts = [f"您需要办理 {len(owner.next_steps)} 项事项", f"可以享受 {len(owner.benefits)} 项政策"]
    if owner.done_steps:
        parts.insert(1, f"已办结 {len(owner.done_steps)} 项")
    text = "，".join(parts) + "。"
    if owner.questions:
        text += f"另有 {len(owner.to_confirm)} 项需要您再回答 {len(owner.questions)} 个问题才能确定。"
    return text


def _time(item: ItemDoc, today: str) -> str:
    text = time_text(item)
    if item.due:
        text += f"{'，' if text else ''}如今天（{today}）开始，预计 {item.due} 前办结"
    return text


def _numbered(box: bool, number: int, title: str, styles: Styles) -> Table:
    """A numbered title, with a check box to tick in front of it (steps) or without (policies)."""
    lead: Flowable = CheckBox(styles.size) if box else Spacer(1, 1)
    width = styles.size * 1.6
    return data_table([[lead, Paragraph(f"{number}. " + esc(title), styles.item_title)]],
                      [width, FRAME_WIDTH - width], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (0, 0), styles.size * 0.3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ], styles.font)


def _block(head: Table, pairs: Sequence[tuple[str, str]], item: ItemDoc, styles: Styles, lead: Story) -> Story:
    """The numbered title and the fields and clauses under it; ``lead`` (a section heading) travels
    with the first block so it never stays alone at the foot of a page."""
    indent = styles.size * 1.6
    width = FRAME_WIDTH - indent
    body: Story = []
    fields = field_rows(pairs, styles, width, label_chars=LABEL_CHARS)
    if fields is not None:
        body.append(fields)
    body.append(Spacer(1, 2))
    for c in item.basis:
        body += citation_block(c, styles, width)
    return [KeepBlock([*lead, head, indented(body, indent, styles)], KEEP_MAX),
            HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=6)]


def step_block(number: int, item: ItemDoc, today: str, styles: Styles, lead: Story) -> Story:
    where = "；".join(x for x in (item.department, item.channel) if x)
    return _block(_numbered(True, number, item.title, styles), [
        ("要做什么", item.what),
        ("在哪里办", where),
        ("需要多长时间", _time(item, today)),
        ("费用", item.cost),
        ("需要准备", materials_text(item)),
        ("办完得到", item.result),
        ("政策期限", item.period if item.undated else ""),  # 时效未明: said, with the advice to confirm
    ], item, styles, lead)


def benefit_block(number: int, item: ItemDoc, styles: Styles, lead: Story) -> Story:
    return _block(_numbered(False, number, item.title, styles), [
        ("政策内容", item.what),
        ("优惠", item.cost),
        ("如何申请", item.claim),
        ("在哪里办", item.department),
        ("牵头单位", item.lead),
        ("需要准备", materials_text(item)),
        ("政策期限", item.period),
    ], item, styles, lead)


def reasons_table(items: Sequence[ItemDoc], head: str, styles: Styles) -> Table:
    """Policies with the reason (or the state) beside each."""
    rows: list[list[object]] = [[Paragraph("政策", styles.label), Paragraph(esc(head), styles.label)]]
    for it in items:
        rows.append([para(it.title, styles.body), para("；".join(it.reasons) or it.applicability, styles.body)])
    return headed_table(rows, [FRAME_WIDTH * 0.55, FRAME_WIDTH * 0.45], styles)


def question_rows(questions: Sequence[QuestionDoc], styles: Styles) -> Story:
    out: Story = [para(QUESTIONS_INTRO, styles.body), Spacer(1, styles.size * 0.3)]
    for n, q in enumerate(questions, 1):
        ask = q.text or q.label
        out.append(KeepTogether([
            para(f"{n}. {ask}", styles.body),
            para("；".join(q.unlocks), styles.small, prefix=f"回答后可确定（{len(q.unlocks)} 项）："),
            Spacer(1, styles.size * 0.3),
        ]))
    return out


def materials_checklist(materials: Sequence[PrepDoc], styles: Styles) -> Table:
    """One row per material: a drawn box to tick, the material and its particulars, the step it is for."""
    box = styles.size * 1.05 + 10
    rows: list[list[object]] = []
    for m in materials:
        rows.append([CheckBox(styles.size), para(m.name + (f"（{m.detail}）" if m.detail else ""), styles.body),
                     para(m.used_for, styles.small, prefix="用于：")])
    rest = FRAME_WIDTH - box
    return data_table(rows, [box, rest * 0.55, rest * 0.45], [
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (0, -1), styles.size * 0.35),
    ], styles.font)


def _notices(items: Sequence[ItemDoc], styles: Styles) -> Story:
    """Titles and what they mean, one short paragraph each (their clauses are on the screen and in the
    sources; printing them here would bury the steps and benefits above)."""
    return [KeepTogether([para(it.title, styles.body), para(it.what, styles.small), Spacer(1, styles.size * 0.3)])
            for it in items]


@register("self", TITLE, in_all=False, for_owner=True)
def build_self(doc: CaseDoc, styles: Styles) -> Story:
    owner = doc.owner
    if owner is None:
        raise ValueError("我的办事清单需要企业自查数据：请用 case_doc(..., owner=True) 准备")
    story: Story = [*title_block(TITLE, "、".join(s.title for s in doc.sections), styles, qr=doc.case_id)]
    who = "　".join(f"{label}：{value}" for label, value in (("企业", doc.name), ("证件号码", doc.id_shown)) if value)
    if who:
        story.append(para(who, styles.body))
    if owner.answers:
        story.append(para("；".join(f"{label} {value}" for label, value in owner.answers) + "。", styles.small,
                          prefix=f"您填写的情况（{esc(owner.today)}）："))
    story += [Spacer(1, styles.size * 0.4), para(_overview(owner), styles.body), para(DISCLAIMER, styles.small)]
    n = 1
    lead = section_heading(n, NEXT, "", styles)
    if owner.next_steps:
        for k, item in enumerate(owner.next_steps, 1):
            story += step_block(k, item, owner.today, styles, lead)
            lead = []
    else:
        story += [*lead, para(NOTHING_TO_DO, styles.body)]
    if owner.done_steps:
        story.append(para("；".join(i.title for i in owner.done_steps), styles.small,
                          prefix=f"已办结 {len(owner.done_steps)} 项："))
    n += 1
    story += [CondPageBreak(styles.size * 8), *section_heading(n, MATERIALS, "", styles)]
    if owner.materials:
        story.append(materials_checklist(owner.materials, styles))
        if any(not i.materials for i in owner.next_steps):
            story.append(para("其他事项" + NO_MATERIALS.removeprefix("您要办理的事项，"), styles.small))
    else:
        story.append(para(NO_MATERIALS, styles.body))
    n += 1
    lead = section_heading(n, BENEFITS, "", styles)
    if owner.benefits:
        for k, item in enumerate(owner.benefits, 1):
            story += benefit_block(k, item, styles, lead)
            lead = []
    else:
        story += [*lead, para(NO_BENEFITS, styles.body)]
    if owner.benefits_undated:  # never among the benefits one can simply enjoy
        n += 1
        lead = [*section_heading(n, UNDATED, "", styles), para(UNDATED_INTRO, styles.small)]
        for k, item in enumerate(owner.benefits_undated, 1):
            story += benefit_block(k, item, styles, lead)
            lead = []
    for title, items, head in ((NOT_APPLY, owner.benefits_not, "不适用的原因"), (EXPIRED, owner.expired, "情况")):
        if items:
            n += 1
            story += [CondPageBreak(styles.size * 8), *section_heading(n, title, "", styles),
                      reasons_table(items, head, styles)]
        if title == NOT_APPLY and owner.questions:
            n += 1
            story += [CondPageBreak(styles.size * 8), *section_heading(n, QUESTIONS, "", styles),
                      *question_rows(owner.questions, styles)]
    if owner.notices:
        n += 1
        story += [CondPageBreak(styles.size * 8), *section_heading(n, GOOD_TO_KNOW, "", styles),
                  *_notices(owner.notices, styles)]
    return story
