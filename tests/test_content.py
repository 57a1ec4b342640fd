"""The shipped content passes `qingdan validate` — the single gate: structure, quotes and the content
rules (desktop/core/content_rules.py; their failing fixtures are in tests/core/test_content_rules.py).
One test per checklist file, one for the whole catalog, and the check that every bundled source text
is in the seeds (when ../shared is present: the app does not ship the seeds, so it cannot be a rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import paths
from desktop.core.catalog import checklist_files, load_catalog, load_sources
from desktop.core.citations import normalise
from desktop.core.problems import NUMBERS, Problem
from desktop.core.released import LOCK_FILE, read_lock

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

FILES = checklist_files(paths.checklist_dir())


def test_there_is_content() -> None:
    assert any(p.name == "kaiban.toml" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_checklist_file_validates(path: Path) -> None:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir(), only=[path])
    assert [str(p) for p in cat.problems] == []
    (checklist,) = cat.checklists.values()
    assert checklist.items
    for item in checklist.items:
        assert item.basis, item.id


def test_whole_catalog_validates() -> None:
    """Every rule but numbers over all content, including every source cited and no released id gone."""
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    assert [str(p) for p in cat.problems if p.rule != NUMBERS] == []


def test_every_stated_number_is_quoted() -> None:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    assert [str(p) for p in cat.problems if p.rule == NUMBERS] == []


def test_the_released_ids_lock_is_there() -> None:
    problems: list[Problem] = []
    lock = read_lock(paths.checklist_dir() / LOCK_FILE, problems)
    assert problems == [] and lock is not None
    assert {"kaiban-jilin", "xiaowei", "shuidianqi"} <= set(lock)


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present (user clone)")
def test_every_bundled_excerpt_is_verbatim_in_its_seed_at_its_lines() -> None:
    problems: list[str] = []
    sources = load_sources(paths.source_dir(), [])
    assert sources
    for src in sources.values():
        seed = (SHARED / "seeds" / src.seed).read_text(encoding="utf-8").splitlines()
        for ex in src.excerpts:
            start, end = (int(x) for x in ex.lines.split("-"))
            expected = normalise("\n".join(seed[start - 1 : end]))
            if normalise(ex.text) != expected:
                problems.append(f"{src.id} lines {ex.lines}")
    assert problems == []


def test_the_example_case_file_loads() -> None:
    from desktop.core.casefile import load_case_file

    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    case = load_case_file(paths.resource_path("examples", "case-kaiban.json"), cat)
    assert case.checklists == ["kaiban-jilin", "xiaowei"] and case.profile["region"] == "长春市"
