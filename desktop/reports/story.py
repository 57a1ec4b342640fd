"""Pure story building: flowables from a :class:`~desktop.core.present.CaseDoc`, no file, no catalog.

This module holds the blocks every document kind shares (title with the case number's QR code,
applicant table, item fields, the citation with its quote set apart, the drawn status mark and check
box) and :func:`build_story`, which dispatches to the per-kind builders registered in :data:`KINDS`.
A kind registers with its title and whether it belongs to ``all`` (the counter's set) and whether it
is written for the business owner (no office in the page header).  Every data string goes through
:mod:`desktop.reports.markup`; tables that hold data may split inside a row, so a pathological
5000-character note cannot overflow a page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from desktop.core.present import STATUS_LABELS, CaseDoc, CitationDoc, ItemDoc
from desktop.reports.blocks import titled
from desktop.reports.glyphs import string_width
from desktop.reports.markup import Paragraph, esc, one_line, para
from desktop.reports.styles import (
    ACCENT,
    DONE,
    FRAME_WIDTH,
    HEAD_BG,
    INK,
    MUTED,
    MUTED_HEX,
    QUOTE_BAR,
    QUOTE_BG,
    RULE,
    STOP,
    STOP_HEX,
    Styles,
)

Story = list[Flowable]
Builder = Callable[[CaseDoc, Styles], Story]


class StatusMark(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A drawn check box with its label (待办 □, 已完成 ✓, 不适用 ✗, 免于办理 —).

    Drawn as graphics because the CJK fonts lack ☐☑✗ (DESIGN §6).
    """

    def __init__(self, status: str, label: str, font: str, size: float) -> None:
        super().__init__()
        self.status, self.label, self.font, self.size = status, label, font, size
        self.box = size * 1.05
        self.gap = size * 0.4

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.box + self.gap + stringWidth(self.label, self.font, self.size), self.box

    def draw(self) -> None:
        c, b = self.canv, self.box
        c.saveState()
        c.setLineWidth(0.9)
        c.setStrokeColor(INK)
        c.rect(0, 0, b, b, stroke=1, fill=0)
        c.setLineWidth(1.6)
        c.setLineCap(1)
        if self.status == "done":
            c.setStrokeColor(DONE)
            path = c.beginPath()
            path.moveTo(b * 0.2, b * 0.52)
            path.lineTo(b * 0.42, b * 0.25)
            path.lineTo(b * 0.82, b * 0.8)
            c.drawPath(path, stroke=1, fill=0)
        elif self.status == "not_applicable":
            c.setStrokeColor(STOP)
            c.line(b * 0.25, b * 0.25, b * 0.75, b * 0.75)
            c.line(b * 0.25, b * 0.75, b * 0.75, b * 0.25)
        elif self.status == "waived":
            c.setStrokeColor(MUTED)
            c.line(b * 0.22, b * 0.5, b * 0.78, b * 0.5)
        c.setFillColor(INK)
        c.setFont(self.font, self.size)
        c.drawString(b + self.gap, b * 0.18, self.label)
        c.restoreState()


class CheckBox(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """An empty square to tick by hand (the owner's checklist of materials and steps)."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.box = size * 1.05

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.box, self.box

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setLineWidth(0.9)
        self.canv.setStrokeColor(INK)
        self.canv.rect(0, 0, self.box, self.box, stroke=1, fill=0)
        self.canv.restoreState()


QR_SIZE = 21 * mm
QR_MAX_BYTES = 300  # a case number is short; a longer value gets no code rather than a dense, unscannable one


class QrCode(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A QR code (reportlab's own barcode module) carrying ``value``; the quiet zone is the border.

    The widget's modules are drawn as plain filled rectangles on the canvas: rendering the widget
    through ``renderPDF`` would reset the canvas font to a non-embedded Helvetica (pdffonts lists it).
    """

    def __init__(self, value: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.value, self.size = value, size
        # encodes now: a value that does not fit fails here, not in the middle of a build
        self.modules = _qr_modules(value, size)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        for x, y, w, h, colour in self.modules:
            c.setFillColor(colour or INK)
            c.rect(x, y, w, h, stroke=0, fill=1)
        c.restoreState()


@functools.lru_cache(maxsize=16)
def _qr_modules(value: str, size: float) -> tuple[tuple[float, float, float, float, Any], ...]:
    """The filled modules of the code; cached: every document of a case prints the same one (~20 ms)."""
    widget = QrCodeWidget(value, barWidth=size, barHeight=size, barBorder=2, barLevel="M")
    return tuple((r.x, r.y, r.width, r.height, r.fillColor) for r in widget.draw().contents)


def qr_code(value: str) -> QrCode | None:
    """The QR code of ``value`` (control characters dropped); None when empty, too long or unencodable."""
    text = one_line(value)
    if not text or len(text.encode("utf-8")) > QR_MAX_BYTES:
        return None
    try:
        return QrCode(text)
    except Exception:  # reportlab's encoder raises bare Exception ("code length overflow")
        return None


def data_table(rows: Sequence[Sequence[object]], widths: Sequence[float], style: Sequence[tuple[object, ...]],
               font: str) -> Table:
    """A table of data cells that may split inside a row (long notes never overflow a page).

    FONTNAME is set although every cell is a flowable: Table.setFont()s each cell's font anyway, and
    its default Helvetica would end up in the PDF as a non-embedded font.
    """
    t = Table([list(r) for r in rows], colWidths=list(widths), splitInRow=1, hAlign="LEFT")
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), *style]))
    return t


def break_at_commas(text: str, font: str, size: float, width: float) -> str:
    """Escaped ``text`` with line breaks placed only after "、" or " · " when it does not fit ``width``.

    A subtitle listing checklists ("开办企业（吉林省）、水电气报装（吉林省）、…") then breaks between
    titles, never inside one (CJK wrapping would leave "吉林省）" alone on a line).  A single piece
    wider than ``width`` still wraps as usual.
    """
    if string_width(text, font, size) <= width or ("、" not in text and " · " not in text):
        return esc(text)
    pieces = [p for p in re.split(r"(?<=、)|(?<= · )", text) if p]
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and string_width(line + piece, font, size) > width:
            lines.append(line)
            line = ""
        line += piece
    lines.append(line)
    return "<br/>".join(esc(x) for x in lines)


def title_block(title: str, subtitle: str, styles: Styles, qr: str = "") -> Story:
    """The centred title and subtitle; with ``qr`` (the case number) its QR code at the top right.

    The first page of each document starts with this block, so the code sits on each document's
    first page (also inside ``all``).  The title column is flanked by two columns of the code's width
    so the title stays centred on the page.
    """
    code = qr_code(qr)
    side = code.size + 4 if code is not None else 0.0
    middle = FRAME_WIDTH - 2 * side
    sub = break_at_commas(subtitle, styles.font, float(styles.subtitle.fontSize), middle)
    head: Story = [Paragraph(esc(title), styles.title), Paragraph(sub, styles.subtitle)]
    if code is None:
        return head
    return [data_table([[Spacer(1, 1), head, code]], [side, middle, side], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("ALIGN", (2, 0), (2, 0), "RIGHT"),
    ], styles.font)]


def applicant_table(doc: CaseDoc, styles: Styles, pairs: Sequence[tuple[str, str]] | None = None) -> Table:
    """申请人 / 证件号码 / 联系人 / 联系电话 / 办件编号 / 受理日期 / 受理窗口 / 经办人 (or ``pairs``): two pairs
    a row, one pair a row in the large print (so values keep room to stay on one line)."""
    if pairs is None:
        pairs = [("申请人", doc.name), ("证件号码", doc.id_shown), ("联系人", doc.contact), ("联系电话", doc.phone),
                 ("办件编号", doc.case_id), ("受理日期", doc.received_on), ("受理窗口", doc.office),
                 ("经办人", doc.clerk)]
    per_row = 1 if styles.size >= 14 else 2
    label_w = styles.size * 4 + 14  # four characters and the cell padding
    value_w = FRAME_WIDTH / per_row - label_w
    rows = []
    for n in range(0, len(pairs), per_row):
        row: list[object] = []
        for label, value in pairs[n:n + per_row]:
            row += [Paragraph(label, styles.label), para(value, styles.body)]
        rows.append(row)
    style: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("BACKGROUND", (col, 0), (col, -1), HEAD_BG) for col in range(0, 2 * per_row, 2)]
    return data_table(rows, [label_w, value_w] * per_row, style, styles.font)


def section_heading(number: int, title: str, summary: str, styles: Styles) -> Story:
    out: Story = [Paragraph(f"{_chinese_number(number)}、" + esc(title), styles.section),
                  HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=0, spaceAfter=4)]
    if summary:
        out.append(para(summary, styles.small))
    return out


def field_rows(pairs: Sequence[tuple[str, str]], styles: Styles, width: float, label_chars: int = 5) -> Table | None:
    """Label/value rows for the non-empty values; None when all are empty."""
    rows = [[Paragraph(label, styles.label), para(value, styles.body)] for label, value in pairs if value]
    if not rows:
        return None
    label_w = styles.size * label_chars + 8  # five characters ("经办人备注") and the gap
    return data_table(rows, [label_w, width - label_w], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ], styles.font)


def materials_text(item: ItemDoc) -> str:
    lines = []
    for n, m in enumerate(item.materials, 1):
        detail = m.detail()
        lines.append(f"{n}. {m.name}" + (f"（{detail}）" if detail else ""))
    return "\n".join(lines)


def time_text(item: ItemDoc) -> str:
    if item.time_limit and item.time_note:
        return f"{item.time_limit}（{item.time_note}）"
    return item.time_limit or item.time_note


def quote_box(quote: str, styles: Styles, width: float) -> Table:
    """The verbatim quote, set apart: tinted background and a bar on the left."""
    return data_table([[para(f"“{quote}”", styles.quote)]], [width], [
        ("BACKGROUND", (0, 0), (-1, -1), QUOTE_BG),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, QUOTE_BAR),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ], styles.font)


def citation_block(c: CitationDoc, styles: Styles, width: float, full: bool = True) -> Story:
    """依据: 《document》（文号） article — then the quote in its box (``full``) or nothing."""
    head = esc(c.name) + (f"　{esc(c.article)}" if c.article else "")
    out: Story = [Paragraph(f'<font color="{MUTED_HEX}">依据　</font>' + head, styles.cite)]
    if full and c.quote:
        out += [Spacer(1, 2), quote_box(c.quote, styles, width), Spacer(1, 3)]
    return out


def indented(flowables: Story, indent: float, styles: Styles) -> Table:
    """Flowables in a column starting ``indent`` from the left (under an item's title)."""
    return data_table([[Spacer(1, 1), flowables]], [indent, FRAME_WIDTH - indent], [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ], styles.font)


def status_column(styles: Styles) -> float:
    return styles.size * 6.4


def item_header(number: str, item: ItemDoc, styles: Styles, status: str | None = None) -> Table:
    """The status mark (or blank) and the numbered title with its kind and level."""
    col = status_column(styles)
    mark: Flowable = StatusMark(status, _status_label(status), styles.font, styles.size) if status else Spacer(1, 1)
    # no internal id: the applicant reads this; a measure whose period is open says so, never plain 适用
    tag = " · ".join(x for x in (item.kind_label, item.jurisdiction, item.applicability if item.undated else "") if x)
    late = f'　<font color="{STOP_HEX}">已逾期</font>' if item.overdue else ""
    title = [Paragraph(f"{number} " + esc(item.title) + late, styles.item_title), para(tag, styles.small)]
    return data_table([[mark, title]], [col, FRAME_WIDTH - col], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (0, 0), styles.size * 0.3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ], styles.font)


def _status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def others_table(items: Sequence[ItemDoc], styles: Styles) -> Table:
    """Items that do not apply (or are 已到期 …), each with its reason."""
    widths = [FRAME_WIDTH * 0.36, styles.size * 6 + 12, FRAME_WIDTH * 0.64 - styles.size * 6 - 12]
    rows: list[list[object]] = [[Paragraph("事项", styles.label), Paragraph("情况", styles.label),
                                 Paragraph("原因", styles.label)]]
    for it in items:
        reason = "；".join(it.reasons) or "—"
        if it.note:
            reason += f"\n经办人备注：{it.note}"
        rows.append([para(titled(it), styles.body), para(it.applicability, styles.body), para(reason, styles.body)])
    return headed_table(rows, widths, styles)


def headed_table(rows: Sequence[Sequence[object]], widths: Sequence[float], styles: Styles) -> Table:
    """A ruled data table whose first row is a shaded header repeated on continuation pages."""
    t = data_table(rows, widths, [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ], styles.font)
    t.repeatRows = 1
    return t


SIGN_LINE = "＿" * 8  # drawn with a character: U+3000 spaces collapse in a Paragraph
DATE_LINE = "＿＿＿＿年＿＿月＿＿日"


def signature_lines(labels: Sequence[str], styles: Styles) -> Table:
    """Signature and date lines side by side (one under the other in the 大字版, where two do not fit
    a line); a label without its own （…） gets （签字）."""
    cells = []
    for label in labels:
        head = label if "（" in label else f"{label}（签字）"
        cells.append(Paragraph(f"{esc(head)}：{SIGN_LINE}<br/><br/>日期：{DATE_LINE}", styles.body))
    per_row = 1 if styles.size >= 14 else len(labels)
    rows = [cells[n:n + per_row] for n in range(0, len(cells), per_row)]
    return data_table(rows, [FRAME_WIDTH / per_row] * per_row,
                      [("TOPPADDING", (0, 0), (-1, -1), styles.size), ("VALIGN", (0, 0), (-1, -1), "TOP")], styles.font)


def handover_lines(styles: Styles, lead: Sequence[Flowable] = ()) -> Flowable:
    """申请人（签字） and 窗口人员（签字） side by side, 日期 under them (one a row in the 大字版), for a
    document handed over at the counter; ``lead`` (a closing line) stays on the page with them."""
    line = "＿" * 10
    cells = [Paragraph(f"申请人（签字）：{line}", styles.body), Paragraph(f"窗口人员（签字）：{line}", styles.body),
             Paragraph(f"日期：{DATE_LINE}", styles.body)]
    per_row = 1 if styles.size >= 14 else 2
    rows = [cells[n:n + per_row] for n in range(0, 3, per_row)]
    rows[-1] += [Spacer(1, 1)] * (per_row - len(rows[-1]))
    table = data_table(rows, [FRAME_WIDTH / per_row] * per_row, [
        ("TOPPADDING", (0, 0), (-1, -1), styles.size * 0.8), ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP")], styles.font)
    return KeepTogether([*lead, table])


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


@dataclass(frozen=True)
class Kind:
    """A registered document kind."""

    name: str
    title: str
    build: Builder
    in_all: bool = True  # part of ``all`` (the counter's set)
    for_owner: bool = False  # written to the business owner: no office or clerk on it


KINDS: dict[str, Kind] = {}
ALL = "all"


def register(kind: str, title: str, in_all: bool = True, for_owner: bool = False) -> Callable[[Builder], Builder]:
    """Decorator adding a document kind to :data:`KINDS`; ``in_all=False`` keeps it out of ``all``."""

    def add(builder: Builder) -> Builder:
        KINDS[kind] = Kind(kind, title, builder, in_all, for_owner)
        return builder

    return add


# the order of the kinds and of ``--kind all``
ORDER = ("brief", "summary", "notice", "correction", "commitment", "basis", "self")


def _ordered() -> list[Kind]:
    _load_kinds()
    return sorted(KINDS.values(), key=lambda k: ORDER.index(k.name) if k.name in ORDER else len(ORDER))


def kinds() -> list[str]:
    """Available kinds, then ``all`` (the kinds registered with ``in_all``)."""
    return [k.name for k in _ordered()] + [ALL]


def all_kinds() -> list[str]:
    """The kinds ``all`` concatenates, in order."""
    return [k.name for k in _ordered() if k.in_all]


def kind_info(kind: str) -> Kind | None:
    """The registered kind (None for ``all`` or an unknown name)."""
    _load_kinds()
    return KINDS.get(kind)


def _load_kinds() -> None:
    # each kind module registers itself
    from desktop.reports import basis, brief, commitment, correction, notice, owner, summary  # noqa: F401


def build_story(doc: CaseDoc, kind: str, styles: Styles, notices: Sequence[str] = ()) -> Story:
    """The flowables of one document kind, or of all counter kinds (each from a new page).

    ``notices`` (what was printed in place of emoji, :func:`desktop.reports.glyphs.prepare`) close each
    document in one small line."""
    _load_kinds()
    if kind != ALL and kind not in KINDS:
        raise ValueError(f"未知的文书类型“{kind}”；可选：{'、'.join(kinds())}")
    story: Story = []
    for n, name in enumerate(all_kinds() if kind == ALL else [kind]):
        if n:
            story.append(PageBreak())
        story += KINDS[name].build(doc, styles)
        if notices:
            story.append(para("注：" + "；".join(notices) + "。", styles.small))
    return story
