"""The content words the code relies on, declared once: question ids and option texts the program
reads, the derived facts conditions may use, and the checklist families the app knows.

The code imports these names instead of spelling the strings, and the validator
(:mod:`desktop.core.content_rules`) checks that ``checklists/questions.toml`` declares every question
below with that type and those options, and that every checklist's ``family`` is known.
"""

from __future__ import annotations

from typing import NamedTuple

# ---- questions the code reads

REGION = "region"  # evaluate.jurisdiction_check: which jurisdictions apply
CHANGCHUN = "长春市"  # the region where 长春市 rules apply
JILIN_OUTSIDE = "吉林省外"  # the region where 吉林省 rules do not apply
INDUSTRY = "industry"  # facts.classify_profile: the 中小企业划型 industry
EMPLOYEES = "employees"  # 划型 indicators (eligibility.INDICATORS), numbers
REVENUE = "revenue"
ASSETS = "assets"


class CodeQuestion(NamedTuple):
    """A question the code reads: its id, the type it must have and the options it must offer."""

    id: str
    type: str
    options: tuple[str, ...] = ()
    used_by: str = ""


CODE_QUESTIONS: tuple[CodeQuestion, ...] = (
    CodeQuestion(REGION, "choice", (CHANGCHUN, JILIN_OUTSIDE), "适用层级（国家/吉林省/长春市）的判断"),
    # every option must also be sized by the 划型标准 (checked against resources/data/sme_size.toml)
    CodeQuestion(INDUSTRY, "choice", (), "中小企业划型"),
    CodeQuestion(EMPLOYEES, "number", (), "中小企业划型"),
    CodeQuestion(REVENUE, "number", (), "中小企业划型"),
    CodeQuestion(ASSETS, "number", (), "中小企业划型"),
)

# ---- facts computed from the answers (conditions may read them; never asked)

SIZE = "size"
INDUSTRY_GROUP = "industry_group"
RECEIVED_ON = "received_on"
DERIVED_FACTS: dict[str, str] = {
    SIZE: "企业规模（划型结果）",
    INDUSTRY_GROUP: "划型行业组",
    RECEIVED_ON: "受理日期",
}

# ---- checklist families

KNOWN_FAMILIES: tuple[str, ...] = ("开办企业", "水电气报装", "小微企业", "告知承诺", "证照分离", "企业注销")
# the families the owner's self-check (企业自查) starts with
SELF_CHECK_FAMILIES: tuple[str, ...] = ("开办企业", "水电气报装", "小微企业", "证照分离")
