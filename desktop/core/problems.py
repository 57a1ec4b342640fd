"""A content problem: one line of ``qingdan validate`` output.

``rule`` names the content rule that found it ("" for the structure and citation checks of
:mod:`desktop.core.catalog`).  A problem is *blocking* unless its rule is a review finding
(:data:`REVIEW_RULES`): blocking problems disable their checklist in the app; review findings fail
``qingdan validate`` (the release gate) but leave the checklist usable, because every structure and
every quote of it has been verified.
"""

from __future__ import annotations

from typing import NamedTuple

NUMBERS = "numbers"
SOURCES_CITED = "sources-cited"
RELEASED_IDS = "released-ids"
CONDITION_VALUES = "condition-values"
VOCABULARY = "vocabulary"
FAMILY = "family"
REVIEW_RULES = frozenset({NUMBERS, SOURCES_CITED, RELEASED_IDS})


class Problem(NamedTuple):  # a NamedTuple: defined at every start (a frozen dataclass costs ~0.6 ms)
    file: str
    item: str
    field: str
    message: str
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.file}: {self.item}: {self.field}: {self.message}"

    @property
    def blocking(self) -> bool:
        return self.rule not in REVIEW_RULES
