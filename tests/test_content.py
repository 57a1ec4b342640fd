"""The shipped content: every checklist file validates (one test per file), every quote is in its
bundled source text, and every bundled source text is in the seeds (when ../shared is present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import paths
from desktop.core.catalog import checklist_files, load_catalog, load_sources
from desktop.core.citations import normalise

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
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    assert [str(p) for p in cat.problems] == []


def test_every_cited_source_exists_and_every_source_is_cited() -> None:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    cited = {b.source for cl in cat.checklists.values() for i in cl.items for b in i.basis}
    assert cited <= set(cat.sources)
    assert set(cat.sources) - cited == set(), "ship only what is cited"


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
