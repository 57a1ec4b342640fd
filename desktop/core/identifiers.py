"""Checks for 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999).

:func:`check_id` works out which of the two a code is, and when it is invalid says exactly why —
长度, 非法字符, 出生日期 or 校验位 — in a sentence a window clerk can read to the applicant.  The
check characters are computed with python-stdnum (``stdnum.cn.uscc`` / ``stdnum.cn.ric``).

Two deliberate differences from stdnum's own ``validate``:

* USCC: stdnum requires the first 8 characters to be digits, but GB 32100 lets the 登记管理部门码 and
  机构类别码 (positions 1-2) be letters (e.g. ``N2…`` for 农村集体经济组织); only the 行政区划码
  (positions 3-8) must be digits.
* 身份证: stdnum also rejects a 行政区划码 missing from its bundled table.  Region codes change (new and
  abolished counties), so an unknown one is a ``note`` to check, never a reason to refuse the number.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from stdnum.cn import ric, uscc

USCC = "统一社会信用代码"
RIC = "居民身份证号码"
UNKNOWN = "未知"

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, Z, S, V
_LENGTH = 18


@dataclass(frozen=True)
class IdCheck:
    """Result of :func:`check_id`.  ``problem`` is one of 长度/非法字符/出生日期/校验位 when invalid."""

    valid: bool
    kind: str
    reason: str
    normalized: str = ""
    problem: str = ""
    note: str = ""


def normalize(code: str) -> str:
    """Drop whitespace and hyphens, fold full-width characters (NFKC), upper-case (x → X)."""
    folded = unicodedata.normalize("NFKC", code)
    return "".join(ch for ch in folded if not ch.isspace() and ch != "-").upper()


def _ok(kind: str, code: str, reason: str, note: str = "") -> IdCheck:
    return IdCheck(True, kind, reason, code, "", note)


def _bad(kind: str, code: str, problem: str, reason: str) -> IdCheck:
    return IdCheck(False, kind, reason, code, problem)


def _shown(ch: str) -> str:
    return f"“{ch}”"


# -- 居民身份证号码 --------------------------------------------------------------------------------


def _ric_birth(code: str) -> dt.date | None:
    try:
        return dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return None


def check_ric(code: str, today: dt.date | None = None) -> IdCheck:
    """Check a 居民身份证号码 (already normalised or not)."""
    code = normalize(code)
    today = today or dt.date.today()
    if len(code) != _LENGTH:
        extra = "（15 位旧号码需换领 18 位身份证）" if len(code) == 15 and code.isdigit() else ""
        return _bad(RIC, code, "长度", f"长度错误：居民身份证号码应为 18 位，实际为 {len(code)} 位{extra}")
    for pos, ch in enumerate(code, start=1):
        allowed = ch.isascii() and (ch.isdigit() or (pos == _LENGTH and ch == "X"))
        if not allowed:
            hint = "只能是数字或 X" if pos == _LENGTH else "应为数字（只有第 18 位可以是 X）"
            return _bad(RIC, code, "非法字符", f"非法字符：第 {pos} 位{_shown(ch)}{hint}")
    birth = _ric_birth(code)
    raw_birth = code[6:14]
    if birth is None:
        return _bad(RIC, code, "出生日期", f"出生日期错误：第 7-14 位 {raw_birth} 不是有效日期")
    if birth > today:
        return _bad(RIC, code, "出生日期",
                    f"出生日期错误：{birth.isoformat()} 晚于今天（{today.isoformat()}）")
    if birth.year < 1900:
        return _bad(RIC, code, "出生日期", f"出生日期错误：{birth.isoformat()} 早于 1900 年")
    expected = ric.calc_check_digit(code)
    if code[-1] != expected:
        return _bad(RIC, code, "校验位", f"校验位错误：应为 {expected}，实际为 {code[-1]}")
    sex = "男" if int(code[16]) % 2 else "女"
    note = ""
    if not _region_known(code[:6]):
        note = f"行政区划代码 {code[:6]} 不在内置代码表中（可能为新设区划），请核对证件"
    return _ok(RIC, code, f"有效：出生日期 {birth.isoformat()}，性别 {sex}", note)


def _region_known(region: str) -> bool:
    """Whether stdnum's region table knows the county code at any time.

    stdnum's ``get_birth_place`` also requires the county to have existed in the birth year, but the
    number is assigned where the person is registered, often later (220102 南关区 dates from 1983 and
    holders born earlier are common), so only a code unknown at every date is worth a note.
    """
    from stdnum import numdb

    parts = numdb.get("cn/loc").info(region)
    return any("county" in props for _, props in parts)


# -- 统一社会信用代码 ------------------------------------------------------------------------------


def check_uscc(code: str) -> IdCheck:
    """Check a 统一社会信用代码 (already normalised or not)."""
    code = normalize(code)
    if len(code) != _LENGTH:
        return _bad(USCC, code, "长度", f"长度错误：统一社会信用代码应为 18 位，实际为 {len(code)} 位")
    for pos, ch in enumerate(code, start=1):
        if 3 <= pos <= 8:
            if not (ch.isascii() and ch.isdigit()):
                return _bad(USCC, code, "非法字符",
                            f"非法字符：第 {pos} 位{_shown(ch)}应为数字（第 3-8 位是行政区划码）")
        elif ch not in _USCC_ALPHABET:
            hint = "（代码不使用 I、O、Z、S、V）" if ch in "IOZSV" else "（只能是数字或大写字母）"
            return _bad(USCC, code, "非法字符", f"非法字符：第 {pos} 位{_shown(ch)}不是代码字符{hint}")
    expected = uscc.calc_check_digit(code)
    if code[-1] != expected:
        return _bad(USCC, code, "校验位", f"校验位错误：应为 {expected}，实际为 {code[-1]}")
    return _ok(USCC, code, "有效")


# -- either ----------------------------------------------------------------------------------------


# 省级行政区划代码 (GB/T 2260 first two digits); "10" is also used by central bodies in USCCs.
_PROVINCES = frozenset(f"{n}" for n in (
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
))


def _looks_like_ric(code: str) -> bool:
    """Positions 1-14 are digits: a province code, then a birth date starting 18/19/20."""
    head = code[:14]
    return head.isascii() and head.isdigit() and code[:2] in _PROVINCES and code[6:8] in ("18", "19", "20")


def _uscc_region_plausible(code: str) -> bool:
    """A USCC's 行政区划码 (positions 3-8) starts with a province code or 10 (central bodies)."""
    return code[2:4] in _PROVINCES or code[2:4] == "10"


def check_id(code: str, kind: str | None = None, today: dt.date | None = None) -> IdCheck:
    """Check a 统一社会信用代码 or 居民身份证号码.

    ``kind`` ("统一社会信用代码" / "居民身份证号码") checks as that kind only; None works it out:
    a code valid as a 身份证 is one; a code valid as a USCC is one unless it is shaped like a 身份证
    and its positions 3-4 are not a province code (then it is a 身份证 with a wrong date or check
    character: an all-digit string passes the USCC check by chance one time in 31).  An invalid
    code is judged as the kind it most resembles; ``kind`` is "未知" when it resembles neither.
    """
    if kind == USCC:
        return check_uscc(code)
    if kind == RIC:
        return check_ric(code, today)
    if kind is not None:
        raise ValueError(f"未知的号码类型“{kind}”：应为{USCC}或{RIC}")
    norm = normalize(code)
    if not norm:
        return _bad(UNKNOWN, norm, "长度", "未填写号码")
    as_ric = check_ric(norm, today)
    if as_ric.valid:
        return as_ric
    as_uscc = check_uscc(norm)
    ric_shaped = _looks_like_ric(norm)
    if as_uscc.valid:
        if not ric_shaped:
            return as_uscc
        if _uscc_region_plausible(norm):
            note = f"该号码也可能是居民身份证号码，但按身份证校验不通过（{as_ric.reason}），请核对证件类型"
            return _ok(USCC, norm, as_uscc.reason, note)
        return as_ric
    if ric_shaped:
        return as_ric
    if len(norm) == _LENGTH or any(ch.isalpha() and ch != "X" for ch in norm):
        return as_uscc
    if len(norm) == 15 and norm.isdigit():
        return as_ric
    if norm.isalnum():
        return _bad(UNKNOWN, norm, "长度",
                    f"无法识别：统一社会信用代码和居民身份证号码都是 18 位，实际为 {len(norm)} 位")
    return _bad(UNKNOWN, norm, "非法字符",
                "无法识别：号码含有数字和字母以外的字符，不是统一社会信用代码或居民身份证号码")
