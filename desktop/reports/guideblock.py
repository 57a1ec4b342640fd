"""The office's 本中心办事指南 and the materials at the counter, as PDF blocks every document kind shares.

The guide is always printed apart from the law: under its own heading with its origin
(``本中心办事指南（title，number，date）``) and a line saying it is the office's guidance, never among the
citations.  A material's line carries its state in the case when one is recorded
(``经营场所证明（复印件，1份）——容缺受理，请于 2026-12-02 前补正``).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Spacer

from desktop.core.counter import FROM_GUIDE, CounterMaterialDoc, GuideDoc
from desktop.core.present import ItemDoc
from desktop.reports.markup import Paragraph, esc, para
from desktop.reports.story import Story, field_rows
from desktop.reports.styles import MUTED_HEX, STOP_HEX, Styles

NOT_LAW = "以下为本中心的办事安排，不是法律依据；与依据文件不一致的，以依据文件为准。"
CONFLICT = "本中心办事指南中有与现行依据不一致之处，已不采用："


def material_line(n: int, m: CounterMaterialDoc, with_state: bool = True) -> str:
    """``1. 营业执照（原件，1份）——已收（原件）``; the state only when one is recorded."""
    state = f"——{m.status_text}" if with_state and m.state else ""
    note = f"（备注：{m.note}）" if with_state and m.note else ""
    return f"{n}. {m.line()}{state}{note}"


def materials_lines(materials: Sequence[CounterMaterialDoc], with_state: bool = True) -> str:
    return "\n".join(material_line(n, m, with_state) for n, m in enumerate(materials, 1))


def law_materials_text(item: ItemDoc) -> str:
    """The materials the content lists, with their states when the counter works from this list (no guide
    materials), and any material recorded in the case that no list names any more."""
    if item.counter and all(m.source != FROM_GUIDE for m in item.counter):
        return materials_lines(item.counter)
    lines = []
    for n, m in enumerate(item.materials, 1):
        detail = m.detail()
        lines.append(f"{n}. {m.name}" + (f"（{detail}）" if detail else ""))
    return "\n".join(lines)


def guide_heading(guide: GuideDoc, styles: Styles) -> Story:
    return [Paragraph(esc(guide.heading), styles.label),
            Paragraph(f'<font color="{MUTED_HEX}">{esc(NOT_LAW)}</font>', styles.small)]


def guide_block(item: ItemDoc, styles: Styles, width: float, rows: int | None = None) -> Story:
    """The step's 本中心办事指南 under its own heading: its particulars (the first ``rows`` only, when given),
    the materials it asks for with their states in the case, and any value no longer used because it
    contradicts a clause now."""
    guide = item.guide
    if guide is None:
        return []
    pairs = guide.rows() if rows is None else guide.rows()[:rows]
    materials = [m for m in item.counter if m.source == FROM_GUIDE]
    extra = [m for m in item.counter if m.source not in (FROM_GUIDE,)] if materials else []
    if materials:
        pairs = [*pairs, ("所需材料", materials_lines([*materials, *extra]))]
    out: Story = [Spacer(1, 3), *guide_heading(guide, styles)]
    table = field_rows(pairs, styles, width)
    if table is not None:
        out.append(table)
    for line in guide.conflicts:
        out.append(Paragraph(f'<font color="{STOP_HEX}">{esc(CONFLICT)}</font>' + esc(line), styles.small))
    if guide.entered:
        out.append(para(guide.entered, styles.small))
    return [*out, Spacer(1, 3)]


def where_line(item: ItemDoc) -> str:
    """One line for short documents: 本中心办事指南（…）：办理地点…；办公时间…；咨询电话…"""
    guide = item.guide
    if guide is None or not guide.where():
        return ""
    return f"{guide.heading}：{guide.where()}"


def para_where(item: ItemDoc, styles: Styles) -> Story:
    line = where_line(item)
    return [para(line, styles.small)] if line else []
