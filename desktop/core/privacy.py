"""Masking personal data for display and print: 居民身份证号码 and phone numbers.  统一社会信用代码
identify organisations and are public, so they are shown whole."""

from __future__ import annotations

import re


def mask_id(value: str) -> str:
    """``110105********002X`` for an 18-character personal ID number; anything else unchanged.

    An all-digit 统一社会信用代码 has the same shape, so the shape alone does not decide: the
    identifier check says which kind a number is.
    """
    if not re.fullmatch(r"\d{17}[\dXx]", value):
        return value
    from desktop.core.identifiers import check_id

    if check_id(value).kind == "统一社会信用代码":
        return value
    return value[:6] + "********" + value[-4:]


def mask_phone(value: str) -> str:
    """``138****5678``: the first three and last four characters of a number with 7+ digits."""
    if sum(c.isdigit() for c in value) >= 7:
        return value[:3] + "****" + value[-4:]
    return value
