"""政策检索 (Ctrl+K): a search box over the law the app carries — item titles and texts, quotes, source
titles and 文号 — listing matching items and clauses with the match highlighted, their checklist,
jurisdiction and validity; a click on a title shows the whole clause or item below."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from desktop.content.search import policy_search
from desktop.context import AppContext
from desktop.core.policy_search import CLAUSE, PolicyHit
from desktop.ui import strings as S

SHOWN = 200  # results listed at most; the count says when there are more
DEBOUNCE_MS = 200
MARK = "background-color:#ffe58f;"


def highlighted(hit: PolicyHit) -> str:
    """The snippet as HTML, every match marked."""
    out, last = [], 0
    for start, end in hit.spans:
        out.append(escape(hit.snippet[last:start]))
        out.append(f'<span style="{MARK}">{escape(hit.snippet[start:end])}</span>')
        last = end
    out.append(escape(hit.snippet[last:]))
    return "".join(out)


def citation(hit: PolicyHit) -> str:
    if not hit.source:
        return ""
    return f"《{hit.source_title or hit.source}》" + (f"（{hit.wenhao}）" if hit.wenhao else "") + hit.article


class PolicySearchDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.hits: list[PolicyHit] = []
        self.setWindowTitle(S.POLICY_SEARCH_TITLE)
        self.resize(900, 680)
        self.box = QLineEdit()
        self.box.setPlaceholderText(S.POLICY_SEARCH_PLACEHOLDER)
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(S.A11Y_POLICY_BOX)
        self.count = QLabel(S.POLICY_SEARCH_HINT)
        self.count.setWordWrap(True)
        self.results = QTextBrowser()
        self.results.setOpenLinks(False)
        self.results.anchorClicked.connect(self._open)
        self.results.setAccessibleName(S.A11Y_POLICY_RESULTS)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(S.A11Y_POLICY_DETAIL)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.results)
        split.addWidget(self.detail)
        split.setSizes([480, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.count)
        layout.addWidget(split, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _t: self.timer.start())
        self.box.returnPressed.connect(self.run)

    def search(self, text: str) -> None:
        """Search at once (what typing does after a short pause)."""
        self.box.setText(text)
        self.run()

    def run(self) -> None:
        self.timer.stop()
        text = self.box.text().strip()
        self.detail.clear()
        if not text:
            self.hits = []
            self.results.clear()
            self.count.setText(S.POLICY_SEARCH_HINT)
            return
        self.hits = policy_search(self.ctx.repo.db, self.ctx.catalog, text)
        shown = self.hits[:SHOWN]
        if not self.hits:
            self.count.setText(S.POLICY_SEARCH_NONE.format(text=text))
        elif len(self.hits) > SHOWN:
            self.count.setText(S.POLICY_SEARCH_MORE.format(n=len(self.hits), shown=SHOWN))
        else:
            self.count.setText(S.POLICY_SEARCH_COUNT.format(n=len(self.hits)))
        self.results.setHtml("".join(self._block(n, h) for n, h in enumerate(shown)))

    def _block(self, n: int, hit: PolicyHit) -> str:
        meta = [S.POLICY_KIND[hit.kind], f"{S.POLICY_CHECKLIST}：{escape(hit.checklist_title)}", escape(hit.field)]
        if hit.jurisdiction:
            meta.append(f"{S.POLICY_JURISDICTION}：{escape(hit.jurisdiction)}")
        if hit.validity:
            meta.append(f"{S.POLICY_VALIDITY}：{escape(hit.validity)}")
        cite = escape(citation(hit))
        return (f'<p style="margin-bottom:10px"><a href="hit:{n}"><b>{escape(hit.title)}</b></a>'
                f'<br>{highlighted(hit)}<br><span style="color:#555555">{" · ".join(meta)}</span>'
                + (f'<br><span style="color:#555555">{cite}</span>' if cite else "") + "</p>")

    def _open(self, url: QUrl) -> None:
        text = url.toString()
        if not text.startswith("hit:"):
            return
        self.show_detail(int(text[4:]))

    def show_detail(self, index: int) -> None:
        hit = self.hits[index]
        cl = self.ctx.catalog.checklists.get(hit.checklist)
        item = cl.item(hit.item) if cl else None
        parts = [f"<h3>{escape(hit.title)}</h3>", f"<p>{escape(hit.checklist_title)}（{escape(hit.checklist)}/"
                 f"{escape(hit.item)}）</p>"]
        if item is not None:
            parts.append(f"<p>{escape(item.what)}</p>")
        if hit.kind == CLAUSE:
            parts.append(f"<p><b>{escape(citation(hit))}</b></p><blockquote>{escape(hit.quote)}</blockquote>")
        elif item is not None:
            for b in item.basis:
                src = self.ctx.catalog.sources.get(b.source)
                name = src.citation_name if src else b.source
                parts.append(f"<p><b>{escape(name)}{escape(b.article)}</b></p><blockquote>{escape(b.quote)}</blockquote>")
        self.detail.setHtml("".join(parts))
