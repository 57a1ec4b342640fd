"""The 告知承诺书 (kind ``commitment``): for every applicable step with a material that may be replaced by
a commitment, the written notice with each element 国办发〔2020〕42号 (七) requires — 事项名称, 设定依据,
证明内容或者许可条件和材料要求, 承诺方式, 不实承诺的法律责任, 行政机关核查权力, 承诺书是否公开、公开范围及时限 —
then the applicant's commitment and the signature block.

事项名称, 设定依据 and 证明内容 are printed per item; 承诺方式, 不实承诺的法律责任, 行政机关核查权力 and
公开 are the same clause for every item and are printed once after them (a case with many items would
otherwise repeat the same three quotes on every page).

Legal wording comes only from clauses found in the bundled sources (:mod:`desktop.core.clauses`),
each printed with its citation; an element no bundled source states is a blank for the office to fill.
"一式两份" is printed only where a bundled source requires it.
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from desktop.core.present import CaseDoc, ClauseDoc, ItemDoc
from desktop.reports.markup import Paragraph, esc, para
from desktop.reports.story import (
    Story,
    applicant_table,
    quote_box,
    register,
    section_heading,
    signature_lines,
    title_block,
)
from desktop.reports.styles import FRAME_WIDTH, Styles

TITLE = "告知承诺书"
BLANK = "（由行政机关填写）" + "＿" * 16
NOTHING = "本办件适用的事项中没有可以用告知承诺方式替代的证明材料。"
COMMON = "各事项共同的告知内容"
# The applicant's statement: the four things 42号 (七) says a written commitment contains, in order.
STATEMENT = "本人（本单位）已知晓上述告知事项，已符合相关条件，愿意承担不实承诺的法律责任，以上承诺的意思表示真实。"


def commitment_items(doc: CaseDoc) -> list[ItemDoc]:
    """Applicable items with at least one material that may be replaced by a commitment (by the content, or by
    the office's guide), or that the applicant replaced by one at the counter."""
    return [i for i in doc.items if i.applies and i.status != "not_applicable"
            and (any(m.commitment for m in i.materials) or any(m.commitment or m.state == "committed"
                                                                for m in i.counter))]


def _proofs(item: ItemDoc) -> list[str]:
    names = [m.name + (f"（{m.form}）" if m.form else "") for m in item.materials if m.commitment]
    for m in item.counter:
        if (m.commitment or m.state == "committed") and not any(n.startswith(m.name) for n in names):
            names.append(m.name)
    return names


def _element(label: str, body: Story, styles: Styles) -> Story:
    return [Paragraph(esc(label), styles.label), *body, Spacer(1, styles.size * 0.4)]


def _clause(clause: ClauseDoc | None, styles: Styles) -> Story:
    if clause is None:
        return [Paragraph(esc(BLANK), styles.body)]
    c = clause.citation
    return [quote_box(c.quote, styles, FRAME_WIDTH),
            para(f"——{c.name} {c.article}", styles.context)]


def _item_notice(n: int, item: ItemDoc, styles: Styles) -> Story:
    """The elements that differ per item: 事项名称, 设定依据, 证明内容或者许可条件和材料要求."""
    basis = "；".join(f"{c.name} {c.article}".strip() for c in item.basis)
    proofs = _proofs(item)
    committed = [m.name for m in item.counter if m.state == "committed"]
    chosen = [para("本办件以告知承诺代替的材料：" + "、".join(committed), styles.body)] if committed else []
    return [
        KeepTogether([
            para(f"（{n}）{item.title}", styles.subsection),
            *_element("事项名称", [para(item.title, styles.body)], styles),
            *_element("设定依据", [para(basis, styles.body)], styles),
        ]),
        *_element("证明内容或者许可条件和材料要求",
                  [para("可以承诺代替的材料：" + "、".join(proofs), styles.body), *chosen, para(item.what, styles.body)],
                  styles),
    ]


def _common_notice(n: int, count: int, doc: CaseDoc, styles: Styles) -> Story:
    """The elements the same clause states for every item, printed once (not once per item)."""
    scope = "以下告知内容适用于上述事项。" if count == 1 else f"以下告知内容适用于上述 {count} 项事项。"
    return [
        KeepTogether([para(f"（{n}）{COMMON}", styles.subsection), para(scope, styles.small),
                      *_element("承诺方式", _clause(doc.clause("method"), styles), styles)]),
        *_element("不实承诺的法律责任", _clause(doc.clause("liability"), styles), styles),
        *_element("行政机关核查权力", _clause(doc.clause("verification"), styles), styles),
        *_element("承诺书是否公开、公开范围及时限", [Paragraph(esc(BLANK), styles.body)], styles),
    ]


@register("commitment", TITLE)
def build_commitment(doc: CaseDoc, styles: Styles) -> Story:
    story: Story = [*title_block(TITLE, "、".join(s.title for s in doc.sections), styles, qr=doc.case_id),
                    applicant_table(doc, styles)]
    items = commitment_items(doc)
    if not items:
        return [*story, Spacer(1, styles.size), Paragraph(esc(NOTHING), styles.body)]
    story += section_heading(1, "行政机关书面告知", "", styles)
    elements = doc.clause("notice_elements")
    if elements is not None:
        story += [para(f"书面告知的内容依据{elements.citation.name} {elements.citation.article}：", styles.small),
                  quote_box(elements.citation.quote, styles, FRAME_WIDTH), Spacer(1, styles.size * 0.4)]
    for n, item in enumerate(items, 1):
        story += _item_notice(n, item, styles)
    story += _common_notice(len(items) + 1, len(items), doc, styles)
    story += section_heading(2, "申请人承诺", "", styles)
    statement = doc.clause("statement")
    if statement is not None:
        story += [Paragraph(esc(STATEMENT), styles.item_title),
                  para(f"承诺内容依据{statement.citation.name} {statement.citation.article}：", styles.small),
                  quote_box(statement.citation.quote, styles, FRAME_WIDTH)]
    else:
        story.append(Paragraph(esc("承诺内容：" + "＿" * 30), styles.body))
    if doc.two_copies is not None:
        story += [para(doc.two_copies.quote, styles.body), para(f"——{doc.two_copies.name}", styles.context)]
    story.append(KeepTogether(signature_lines(["申请人（签字或盖章）", "行政机关经办人"], styles)))
    return story
