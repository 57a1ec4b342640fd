"""统一社会信用代码 / 居民身份证号码 checks: published valid codes, each kind of mutation, detection."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from desktop.core.identifiers import RIC, UNKNOWN, USCC, check_id, check_ric, check_uscc, normalize

TODAY = dt.date(2026, 11, 25)
# python-stdnum's doctest code, and the example printed with GB 32100-2015
VALID_USCC = ["91110000600037341L", "91350100M000100Y43"]
# GB 11643-1999's example, and python-stdnum's doctest number
VALID_RIC = ["11010519491231002X", "360426199101010071"]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _with_check(body17: str, kind: str) -> str:
    if kind == USCC:
        return body17 + uscc.calc_check_digit(body17)
    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize("code", VALID_USCC)
def test_published_uscc_is_valid(code: str) -> None:
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind, r.problem) == (True, USCC, "")
    assert r.normalized == code


@pytest.mark.parametrize("code", VALID_RIC)
def test_published_ric_is_valid(code: str) -> None:
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind) == (True, RIC)
    assert r.reason.startswith("有效")


def test_ric_reason_gives_birth_date_and_sex() -> None:
    assert check_id("11010519491231002X", today=TODAY).reason == "有效：出生日期 1949-12-31，性别 女"
    assert "性别 男" in check_id("360426199101010071", today=TODAY).reason


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("11010519491231002x", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),  # full-width input method
        ("9111 0000 6000 3734 1l", "91110000600037341L"),
        ("91110000-600037341L\u3000", "91110000600037341L"),
    ],
)
def test_spaces_case_and_full_width_are_accepted(typed: str, normalized: str) -> None:
    assert normalize(typed) == normalized
    r = check_id(typed, today=TODAY)
    assert r.valid and r.normalized == normalized


def test_ric_check_character_mutation_names_expected_and_actual() -> None:
    r = check_id("110105194912310023", today=TODAY)
    assert (r.valid, r.kind, r.problem) == (False, RIC, "校验位")
    assert r.reason == "校验位错误：应为 X，实际为 3"


@pytest.mark.parametrize("wrong", [c for c in ALPHABET if c != "L"])
def test_every_wrong_uscc_check_character_is_caught(wrong: str) -> None:
    r = check_id("91110000600037341" + wrong, today=TODAY)
    assert (r.valid, r.kind, r.problem) == (False, USCC, "校验位")
    assert r.reason == f"校验位错误：应为 L，实际为 {wrong}"


@pytest.mark.parametrize("wrong", "0123456789")
def test_every_wrong_ric_check_character_is_caught(wrong: str) -> None:
    r = check_ric("11010519491231002" + wrong, today=TODAY)
    assert not r.valid and r.problem == "校验位"
    assert r.reason == f"校验位错误：应为 X，实际为 {wrong}"


@pytest.mark.parametrize(
    ("code", "kind", "length"),
    [
        ("9111000060003734L", USCC, 17),
        ("91110000600037341LL", USCC, 19),
        ("11010519491231002", RIC, 17),
        ("11010519491231002X1", RIC, 19),
        ("110105491231002", RIC, 15),
    ],
)
def test_wrong_length(code: str, kind: str, length: int) -> None:
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind, r.problem) == (False, kind, "长度")
    assert f"应为 18 位，实际为 {length} 位" in r.reason


def test_fifteen_digit_old_id_gets_a_hint() -> None:
    assert "15 位旧号码" in check_id("110105491231002", today=TODAY).reason


@pytest.mark.parametrize("code", ["", "   ", "12345", "#$%", "91110000600037341"])
def test_unrecognisable_input_is_unknown(code: str) -> None:
    r = check_id(code, today=TODAY)
    assert not r.valid and r.kind == UNKNOWN and r.reason


@pytest.mark.parametrize(
    ("code", "position", "char"),
    [
        ("91110000600O37341L", 12, "O"),  # letter O instead of digit 0: not in the alphabet
        ("9111000060003734IL", 17, "I"),
        ("9111000060003734#L", 17, "#"),
        ("911100006000373中1L", 16, "中"),
        ("9111A000600037341L", 5, "A"),  # 行政区划码 must be digits
    ],
)
def test_uscc_illegal_characters(code: str, position: int, char: str) -> None:
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind, r.problem) == (False, USCC, "非法字符")
    assert r.reason.startswith(f"非法字符：第 {position} 位“{char}”")


@pytest.mark.parametrize(
    ("code", "position"),
    [
        ("1101051949123100AX", 17),
        ("11010519491231002Y", 18),
        ("11010519491231002*", 18),
    ],
)
def test_ric_illegal_characters(code: str, position: int) -> None:
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind, r.problem) == (False, RIC, "非法字符")
    assert f"第 {position} 位" in r.reason


@pytest.mark.parametrize("birth", ["19491331", "19490230", "19000229", "19490000", "20250229"])
def test_ric_impossible_birth_date(birth: str) -> None:
    code = _with_check("110105" + birth + "002", RIC)
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind, r.problem) == (False, RIC, "出生日期")
    assert birth in r.reason


def test_ric_leap_day_is_fine() -> None:
    assert check_id(_with_check("110105" + "20000229" + "002", RIC), today=TODAY).valid


def test_ric_birth_date_in_the_future() -> None:
    tomorrow = _with_check("110105" + "20261126" + "002", RIC)
    r = check_id(tomorrow, today=TODAY)
    assert (r.valid, r.kind, r.problem) == (False, RIC, "出生日期")
    assert "晚于今天" in r.reason
    assert check_id(_with_check("110105" + "20261125" + "002", RIC), today=TODAY).valid
    assert check_id(tomorrow, today=dt.date(2026, 11, 26)).valid


def test_ric_birth_before_1900_is_rejected() -> None:
    r = check_ric(_with_check("110105" + "18991231" + "002", RIC), today=TODAY)
    assert r.problem == "出生日期"


def test_ric_checked_with_the_real_today_by_default() -> None:
    assert not check_ric(_with_check("110105" + "29991231" + "002", RIC)).valid


def test_ric_region_not_required_to_predate_birth() -> None:
    # 220102 长春市南关区 dates from 1983 in stdnum's table; a holder born in 1980 is valid.
    code = _with_check("220102" + "19800101" + "123", RIC)
    assert not ric.is_valid(code)  # stdnum alone would refuse it
    r = check_id(code, today=TODAY)
    assert r.valid and r.note == ""


def test_ric_unknown_region_is_a_note_not_a_failure() -> None:
    r = check_id(_with_check("229999" + "19800101" + "123", RIC), today=TODAY)
    assert r.valid and "229999" in r.note


def test_uscc_letter_registration_authority_is_valid() -> None:
    # GB 32100 allows letters in positions 1-2 (N = 农业 for 农村集体经济组织); stdnum requires digits.
    code = _with_check("N2220100MA0000000", USCC)
    assert not uscc.is_valid(code)
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind) == (True, USCC)


def test_ric_shaped_string_that_passes_uscc_by_chance_is_judged_as_ric() -> None:
    # bad birth date 1949-13-31, last character chosen so the string passes the USCC check
    body = "11010519491331002"
    code = _with_check(body, USCC)
    assert check_uscc(code).valid
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind, r.problem) == (False, RIC, "出生日期")


def test_ambiguous_all_digit_uscc_is_valid_with_a_note() -> None:
    # positions 3-4 "22" (吉林) make it a plausible USCC; it also looks like an ID with a bad date
    code = _with_check("11220119801301002", USCC)
    r = check_id(code, today=TODAY)
    assert (r.valid, r.kind) == (True, USCC)
    assert "居民身份证号码" in r.note


def test_explicit_kind_checks_only_that_kind() -> None:
    assert check_id("91110000600037341L", kind=RIC, today=TODAY).kind == RIC
    assert not check_id("91110000600037341L", kind=RIC, today=TODAY).valid
    assert check_id("91110000600037341L", kind=USCC).valid
    assert check_id("11010519491231002X", kind=USCC).problem == "校验位"
    with pytest.raises(ValueError, match="号码类型"):
        check_id("91110000600037341L", kind="护照")


uscc_body = st.tuples(
    st.text(alphabet=ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
).map("".join)


@given(body=uscc_body, pos=st.integers(0, 16), replacement=st.sampled_from(ALPHABET))
def test_uscc_any_single_substitution_is_detected(body: str, pos: int, replacement: str) -> None:
    code = _with_check(body, USCC)
    assert check_uscc(code).valid
    if 2 <= pos <= 7 and not replacement.isdigit():
        replacement = "0" if body[pos] != "0" else "1"
    mutated = code[:pos] + replacement + code[pos + 1:]
    assert check_uscc(mutated).valid == (mutated == code)


@given(birth=st.dates(dt.date(1900, 1, 1), TODAY), seq=st.integers(0, 999), pos=st.integers(0, 16),
       digit=st.sampled_from("0123456789"))
def test_ric_any_single_digit_substitution_is_detected(birth: dt.date, seq: int, pos: int,
                                                       digit: str) -> None:
    code = _with_check(f"220102{birth:%Y%m%d}{seq:03d}", RIC)
    assert check_ric(code, today=TODAY).valid
    mutated = code[:pos] + digit + code[pos + 1:]
    assert check_ric(mutated, today=TODAY).valid == (mutated == code)
