"""政策检索 over the content in use: candidates from the database's index (desktop/store/content.py),
results checked and built from the verified catalog (desktop/core/policy_search.py)."""

from __future__ import annotations

import datetime as dt

from desktop.core.catalog import Catalog
from desktop.core.policy_search import PolicyHit, build_hits, query_words
from desktop.store.connection import Database
from desktop.store.content import ContentStore
from desktop.store.search import TRIGRAM


def policy_search(db: Database, catalog: Catalog, text: str, limit: int | None = None,
                  today: dt.date | None = None) -> list[PolicyHit]:
    """Items and clauses of the active content matching every word of ``text`` (see policy_search)."""
    words = query_words(text)
    if not words:
        return []
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short = next((w for w in words if len(w) < TRIGRAM), None)
    hits = ContentStore(db).search_candidates(long_words, None if long_words else short)
    return build_hits(catalog, ((h.kind, h.checklist_id, h.item_id, h.position, h.source_id) for h in hits), words,
                      today, limit)
