"""Content as rows: the real catalog survives catalog → rows → catalog unchanged, and the digest over
the rows changes with any single character of any table."""

from __future__ import annotations

import pytest

from desktop import paths
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.rows import TABLES, catalog_from_rows, catalog_rows, guide_text, rows_digest, same_content


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    assert cat.checklists and cat.sources
    return cat


def test_the_real_content_round_trips_through_rows(catalog: Catalog) -> None:
    rows = catalog_rows(catalog)
    back = catalog_from_rows(rows)
    assert same_content(back, catalog)
    assert list(back.checklists) == list(catalog.checklists)  # order kept through the position columns
    assert sum(len(rows[t]) for t in TABLES) > len(catalog.checklists) + len(catalog.sources)
    assert guide_text(rows) is None
    assert guide_text(catalog_rows(catalog, '{"a": 1}')) == '{"a": 1}'


def test_the_digest_changes_with_one_character_in_any_table(catalog: Catalog) -> None:
    rows = catalog_rows(catalog, "{}")
    digest = rows_digest(rows)
    assert rows_digest(catalog_rows(catalog, "{}")) == digest  # deterministic
    for table in TABLES:
        changed = {t: list(r) for t, r in rows.items()}
        row = list(changed[table][0])
        col = next(i for i, v in enumerate(row) if isinstance(v, str) and v)
        row[col] = row[col][:-1] + ("甲" if row[col][-1] != "甲" else "乙")
        changed[table][0] = tuple(row)
        assert rows_digest(changed) != digest, table


def test_a_moved_field_boundary_changes_the_digest() -> None:
    a = {"items": [("x", "ab", "")]}
    b = {"items": [("x", "a", "b")]}
    assert rows_digest(a) != rows_digest(b)
