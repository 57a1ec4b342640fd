"""政策检索: turn candidate rows of a search (desktop/store/content.py finds them with the trigram
index or ``LIKE``) into results, checked again against the verified catalog's own text.

Every word of the query must occur (ASCII case-insensitively) in one searched unit: an item (title,
what), a clause (article, quote) or a source (title, 文号 — a source match lists every clause that
cites it: "which steps cite 国办发〔2020〕42号").  A candidate whose text does not hold the words is
dropped, so a stale or tampered index can never put text on screen that the content does not have;
what is shown is always the catalog's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.catalog import Catalog
from desktop.core.citations import fold_width
from desktop.core.model import Item, Source

ITEM, CLAUSE = "item", "clause"
CANDIDATE_ITEM, CANDIDATE_BASIS, CANDIDATE_SOURCE = 0, 1, 2  # as the store reports them
SNIPPET = 36  # characters of context on each side of the first match
Candidate = tuple[int, str, str, int, str]  # (kind, checklist id, item id, basis position, source id)


@dataclass(frozen=True)
class PolicyHit:
    """One matching item or clause, with where the words were found."""

    kind: str  # ITEM / CLAUSE
    checklist: str
    checklist_title: str
    item: str
    title: str  # the item's title
    source: str  # the source id ("" for an item hit whose item cites nothing)
    source_title: str
    wenhao: str
    article: str
    field: str  # 事项名称 / 办理内容 / 条款 / 依据原文 / 文件名称 / 文号
    snippet: str
    spans: tuple[tuple[int, int], ...]  # the matches within ``snippet``
    jurisdiction: str
    validity: str
    quote: str = ""  # the whole clause for a clause hit

    def marked(self, left: str = "【", right: str = "】") -> str:
        """The snippet with every match wrapped in ``left``/``right``."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.snippet[last:start], left, self.snippet[start:end], right]
            last = end
        out.append(self.snippet[last:])
        return "".join(out)


def query_words(text: str) -> list[str]:
    """The words of a query (whitespace-separated, full-width ASCII folded), each once."""
    return list(dict.fromkeys(fold_width(text).split()))


def _find_all(text: str, words: list[str]) -> list[tuple[int, int]]:
    folded = text.casefold()
    spans = []
    for word in words:
        w = word.casefold()
        start = folded.find(w)
        while start >= 0 and w:
            spans.append((start, start + len(w)))
            start = folded.find(w, start + len(w))
    return sorted(spans)


def _holds_all(fields: Iterable[str], words: list[str]) -> bool:
    folded = [f.casefold() for f in fields]
    return all(any(w.casefold() in f for f in folded) for w in words)


def _snippet(text: str, words: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``text`` around its first match, and the matches inside it."""
    text = " ".join(text.split())
    spans = _find_all(text, words)
    if not spans:
        return text[:2 * SNIPPET], ()
    start = max(spans[0][0] - SNIPPET, 0)
    end = min(max(spans[0][1] + SNIPPET, start + 2 * SNIPPET), len(text))
    prefix, suffix = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
    shift = len(prefix) - start
    inside = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return prefix + text[start:end] + suffix, inside


def item_validity(item: Item, today: dt.date) -> str:
    if item.valid_to is not None and item.valid_to < today:
        return f"已到期（有效期至 {item.valid_to.isoformat()}）"
    if item.valid_from is not None and item.valid_from > today:
        return f"未生效（自 {item.valid_from.isoformat()} 起）"
    if item.period_unstated:
        return "时效未明（文件未写明期限，请向受理部门确认）"
    if item.valid_to is not None:
        return f"有效期至 {item.valid_to.isoformat()}"
    if item.valid_from is not None:
        return f"自 {item.valid_from.isoformat()} 起施行"
    return "未写明期限"


def source_validity(source: Source | None, today: dt.date) -> str:
    if source is None:
        return ""
    parts = [source.validity] if source.validity else []
    if source.valid_to is not None:
        end = source.valid_to.isoformat()
        parts.append(f"已到期（有效期至 {end}）" if source.valid_to < today else f"有效期至 {end}")
    return "；".join(parts) or "文件未写明期限"


def _jurisdiction(source: Source | None) -> str:
    if source is None:
        return ""
    return source.level if source.region in (source.level, "全国") else f"{source.level}（{source.region}）"


def build_hits(catalog: Catalog, candidates: Iterable[Candidate], words: list[str],
               today: dt.date | None = None, limit: int | None = None) -> list[PolicyHit]:
    """The results for ``candidates``, checked against the catalog, items first, in checklist order."""
    day = today or dt.date.today()
    if not words:
        return []
    order = {cid: n for n, cid in enumerate(catalog.checklists)}
    keyed: dict[tuple[int, int, str, int, int], PolicyHit] = {}
    citing: dict[str, list[tuple[str, str, int, str]]] = {}  # source id -> (checklist, item, position, article)
    for kind, cid, iid, pos, sid in candidates:
        if kind == CANDIDATE_SOURCE:
            src = catalog.sources.get(sid)
            if src is None or not _holds_all((src.title, src.wenhao), words):
                continue
            if not citing:
                for c in catalog.checklists.values():
                    for it in c.items:
                        for n, b in enumerate(it.basis):
                            citing.setdefault(b.source, []).append((c.id, it.id, n, b.article))
            articles: set[tuple[str, str, str]] = set()  # one line per cited article of an item
            for c_id, i_id, n, article in citing.get(sid, []):
                if (c_id, i_id, article) not in articles:
                    articles.add((c_id, i_id, article))
                    _add_clause(catalog, keyed, order, c_id, i_id, n, words, day, via_source=True)
            continue
        if kind == CANDIDATE_BASIS:
            _add_clause(catalog, keyed, order, cid, iid, pos, words, day, via_source=False)
            continue
        cl = catalog.checklists.get(cid)
        item = cl.item(iid) if cl else None
        if cl is None or item is None or not _holds_all((item.title, item.what), words):
            continue
        in_title = bool(_find_all(item.title, words))
        field, text = ("事项名称", item.title) if in_title else ("办理内容", item.what)
        snippet, spans = _snippet(text, words)
        first = item.basis[0] if item.basis else None
        src = catalog.sources.get(first.source) if first else None
        keyed[(0, 0 if in_title else 1, cid, order.get(cid, 0), _index(cl.items, iid))] = PolicyHit(
            ITEM, cid, cl.title, iid, item.title, first.source if first else "", src.title if src else "",
            src.wenhao if src else "", first.article if first else "", field, snippet, spans, item.jurisdiction,
            item_validity(item, day))
    hits = [keyed[k] for k in sorted(keyed, key=lambda k: (k[0], k[1], k[3], k[4], k[2]))]
    return hits[:limit] if limit is not None else hits


def _index(items: tuple[Item, ...], item_id: str) -> int:
    return next((n for n, i in enumerate(items) if i.id == item_id), 0)


def _add_clause(catalog: Catalog, keyed: dict[tuple[int, int, str, int, int], PolicyHit], order: dict[str, int],
                cid: str, iid: str, pos: int, words: list[str], day: dt.date, via_source: bool) -> None:
    cl = catalog.checklists.get(cid)
    item = cl.item(iid) if cl else None
    if cl is None or item is None or not 0 <= pos < len(item.basis):
        return
    basis = item.basis[pos]
    src = catalog.sources.get(basis.source)
    if via_source:
        name = src.citation_name if src else basis.source
        field = "文号" if src and _find_all(src.wenhao, words) else "文件名称"
        snippet, spans = _snippet(f"{name}{basis.article}", words)
    else:
        if not _holds_all((basis.article, basis.quote), words):
            return
        field, text = ("依据原文", basis.quote) if _find_all(basis.quote, words) else ("条款", basis.article)
        snippet, spans = _snippet(text, words)
    key = (1, 0, cid, order.get(cid, 0), _index(cl.items, iid) * 1000 + pos)
    if via_source and key in keyed:  # a direct quote match shows the quote rather than the document name
        return
    keyed[key] = PolicyHit(
        CLAUSE, cid, cl.title, iid, item.title, basis.source, src.title if src else "", src.wenhao if src else "",
        basis.article, field, snippet, spans, _jurisdiction(src), source_validity(src, day), basis.quote)
