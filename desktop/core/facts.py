"""The facts conditions are evaluated over: the profile answers plus derived facts
(``size`` = the advisory 中小企业划型 result, ``received_on``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping


def number(value: object) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def case_facts(profile: Mapping[str, object], received_on: dt.date) -> dict[str, object]:
    facts: dict[str, object] = dict(profile)
    facts["received_on"] = received_on.isoformat()
    facts["size"] = None
    facts["industry_group"] = None
    industry = profile.get("industry")
    if isinstance(industry, str) and industry:
        try:
            from desktop.core.eligibility import classify
        except ImportError:  # pragma: no cover - until the eligibility module lands
            return facts
        try:
            result = classify(industry, number(profile.get("employees")), number(profile.get("revenue")),
                              number(profile.get("assets")))
        except ValueError:
            return facts
        facts["size"] = result.size
        facts["industry_group"] = result.group
    return facts
