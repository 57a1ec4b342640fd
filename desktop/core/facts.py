"""The facts conditions are evaluated over: the profile answers plus derived facts
(``size`` = the advisory 中小企业划型 result, ``received_on``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from desktop.core.content_contract import ASSETS, EMPLOYEES, INDUSTRY, INDUSTRY_GROUP, RECEIVED_ON, REVENUE, SIZE
from desktop.core.eligibility import Classification, classify


def number(value: object) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def classify_profile(profile: Mapping[str, object]) -> Classification | None:
    """The advisory 划型 of the profile's industry and numbers; None without a (known) industry."""
    industry = profile.get(INDUSTRY)
    if not isinstance(industry, str) or not industry:
        return None
    try:
        return classify(industry, number(profile.get(EMPLOYEES)), number(profile.get(REVENUE)),
                        number(profile.get(ASSETS)))
    except ValueError:
        return None


def case_facts(profile: Mapping[str, object], received_on: dt.date,
               size: Classification | None = None) -> dict[str, object]:
    """Answers plus the derived facts; pass ``size`` when the caller already classified the profile."""
    facts: dict[str, object] = dict(profile)
    facts[RECEIVED_ON] = received_on.isoformat()
    result = size if size is not None else classify_profile(profile)
    facts[SIZE] = result.size if result else None
    facts[INDUSTRY_GROUP] = result.group if result else None
    return facts
