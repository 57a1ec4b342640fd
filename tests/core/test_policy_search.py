"""政策检索 results: every word must be in the unit's own text (a candidate the index returns wrongly is
dropped), a 文号 lists the clauses citing it, matches are located for highlighting, validity is said."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop import paths
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.policy_search import (
    CANDIDATE_BASIS,
    CANDIDATE_ITEM,
    CANDIDATE_SOURCE,
    CLAUSE,
    ITEM,
    build_hits,
    item_validity,
    query_words,
)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(paths.checklist_dir(), paths.source_dir())


def all_candidates(catalog: Catalog) -> list[tuple[int, str, str, int, str]]:
    out = []
    for c in catalog.checklists.values():
        for i in c.items:
            out.append((CANDIDATE_ITEM, c.id, i.id, 0, ""))
            out += [(CANDIDATE_BASIS, c.id, i.id, n, b.source) for n, b in enumerate(i.basis)]
    out += [(CANDIDATE_SOURCE, "", "", 0, s) for s in catalog.sources]
    return out


def test_words_are_checked_against_the_text_and_highlighted(catalog: Catalog) -> None:
    hits = build_hits(catalog, all_candidates(catalog), query_words("公章"), TODAY)
    assert hits and {h.checklist for h in hits} >= {"kaiban-jilin"}
    for h in hits:
        assert h.spans and all(h.snippet[a:b] == "公章" for a, b in h.spans)
        assert "【公章】" in h.marked()
    assert hits[0].kind == ITEM  # items first, title matches before text matches
    assert build_hits(catalog, all_candidates(catalog), query_words("公章 不存在的词语"), TODAY) == []


def test_a_wrong_candidate_from_the_index_is_dropped(catalog: Catalog) -> None:
    item = catalog.checklists["kaiban-jilin"].items[0]
    assert "不存在的词语" not in item.title + item.what
    assert build_hits(catalog, [(CANDIDATE_ITEM, "kaiban-jilin", item.id, 0, "")], ["不存在的词语"], TODAY) == []
    assert build_hits(catalog, [(CANDIDATE_ITEM, "nope", "x", 0, "")], ["公章"], TODAY) == []


def test_a_wenhao_lists_the_clauses_that_cite_it(catalog: Catalog) -> None:
    source = next(s for s in catalog.sources.values() if s.wenhao == "国办发〔2020〕42号")
    hits = build_hits(catalog, [(CANDIDATE_SOURCE, "", "", 0, source.id)], ["国办发〔2020〕42号"], TODAY)
    citing = {(c.id, i.id) for c in catalog.checklists.values() for i in c.items
              if any(b.source == source.id for b in i.basis)}
    assert hits and {(h.checklist, h.item) for h in hits} == citing
    assert all(h.kind == CLAUSE and h.field == "文号" and h.wenhao == "国办发〔2020〕42号" for h in hits)


def test_validity_is_stated_from_the_item_dates(catalog: Catalog) -> None:
    items = [i for c in catalog.checklists.values() for i in c.items]
    expired = next(i for i in items if i.valid_to is not None and i.valid_to < TODAY)
    assert item_validity(expired, TODAY).startswith("已到期")
    plain = next(i for i in items if not (i.valid_from or i.valid_to or i.period_unstated))
    assert item_validity(plain, TODAY) == "未写明期限"
    undated = [i for i in items if i.period_unstated and not i.valid_to]
    for i in undated:
        assert item_validity(i, TODAY).startswith(("时效未明", "未生效"))
