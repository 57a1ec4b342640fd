"""Applicability: jurisdiction, validity, conditions, variant groups, due dates — on small
hand-made checklists and on the shipped 开办企业 content."""

from __future__ import annotations

import datetime as dt

from desktop import paths
from desktop.core.catalog import load_catalog
from desktop.core.evaluate import (
    APPLIES,
    EXPIRED,
    NOT_APPLICABLE,
    NOT_YET,
    SUPERSEDED,
    UNDATED,
    UNKNOWN,
    evaluate_case,
    evaluate_checklist,
)
from desktop.core.facts import case_facts
from desktop.core.model import Applicant, Case, Checklist, Item, ItemState, LegalBasis, TimeLimit
from desktop.core.progress import progress_of

BASIS = (LegalBasis("s", "一、", "引文"),)
LABELS = {"region": "所在地", "entity_type": "市场主体类型"}
TODAY = dt.date(2026, 11, 25)


def _item(iid: str, **kw: object) -> Item:
    return Item(id=iid, title=iid, kind="step", what="做", basis=BASIS, **kw)  # type: ignore[arg-type]


def _views(items: list[Item], facts: dict[str, object], on: dt.date = TODAY) -> dict[str, object]:
    cl = Checklist("c", "清单", "开办企业", "吉林省", "", "v", ("region",), tuple(items))
    return {v.item.id: v for v in evaluate_checklist(cl, facts, on, LABELS)}


def test_jurisdiction_follows_the_region() -> None:
    items = [_item("nat", jurisdiction="国家"), _item("jl", jurisdiction="吉林省"),
             _item("cc", jurisdiction="长春市"), _item("other", jurisdiction="其他省份")]
    cc = _views(items, {"region": "长春市"})
    assert [cc[i].applicability for i in ("nat", "jl", "cc", "other")] == [APPLIES, APPLIES, APPLIES, NOT_APPLICABLE]
    jl = _views(items, {"region": "吉林市"})
    assert jl["cc"].applicability == NOT_APPLICABLE and "长春市" in jl["cc"].reasons[0]
    out = _views(items, {"region": "吉林省外"})
    assert out["jl"].applicability == NOT_APPLICABLE and out["nat"].applicability == APPLIES
    unknown = _views(items, {})
    assert unknown["jl"].applicability == UNKNOWN and unknown["jl"].missing == ["region"]
    assert unknown["nat"].applicability == APPLIES


def test_validity_period_as_of_the_received_date() -> None:
    items = [_item("old", jurisdiction="国家", valid_to=dt.date(2021, 12, 31)),
             _item("new", jurisdiction="国家", valid_from=dt.date(2027, 1, 1))]
    v = _views(items, {})
    assert v["old"].applicability == EXPIRED and "2021-12-31" in v["old"].reasons[0]
    assert v["new"].applicability == NOT_YET
    assert _views(items, {}, on=dt.date(2021, 6, 1))["old"].applicability == APPLIES


def test_condition_false_gives_reason_and_unanswered_gives_missing() -> None:
    items = [_item("co", jurisdiction="国家", applies_if='entity_type == "有限责任公司"')]
    assert _views(items, {"entity_type": "个体工商户"})["co"].reasons == ["市场主体类型为“个体工商户”，不是“有限责任公司”"]
    assert _views(items, {})["co"].missing == ["entity_type"]


def test_variant_groups_pick_the_most_specific_then_the_newest() -> None:
    items = [_item("nat", jurisdiction="国家", group="g"),
             _item("jl2021", jurisdiction="吉林省", group="g", valid_from=dt.date(2021, 4, 7)),
             _item("jl2023", jurisdiction="吉林省", group="g", valid_from=dt.date(2023, 1, 19)),
             _item("cc", jurisdiction="长春市", group="g")]
    jl = _views(items, {"region": "吉林市"})
    assert jl["jl2023"].applicability == APPLIES
    assert {jl[i].applicability for i in ("nat", "jl2021")} == {SUPERSEDED}
    assert jl["cc"].applicability == NOT_APPLICABLE
    cc = _views(items, {"region": "长春市"})
    assert cc["cc"].applicability == APPLIES and cc["jl2023"].applicability == SUPERSEDED
    # side by side: the applicable variant is listed first and labelled
    assert cc["nat"].variants[0].id == "cc" and cc["nat"].variant_labels["cc"] == "适用"


def test_due_dates_and_progress() -> None:
    items = [_item("a", jurisdiction="国家", time_limit=TimeLimit(1, "工作日")),
             _item("b", jurisdiction="国家", time_limit=TimeLimit(None, "即办")),
             _item("c", jurisdiction="国家")]
    cl = Checklist("c", "清单", "开办企业", "吉林省", "", "v", (), tuple(items))
    from desktop.core.catalog import Catalog

    cat = Catalog(checklists={"c": cl})
    case = Case("X", Applicant("甲"), ["c"], dt.date(2026, 9, 30),
                states={"c/b": ItemState("done")})
    views = {v.item.id: v for v in evaluate_case(cat, case, {})}
    assert views["a"].due is not None and views["a"].due.due == dt.date(2026, 10, 8)  # 国庆 10-01…10-07 skipped
    assert views["b"].due is not None and views["b"].due.due == dt.date(2026, 9, 30)
    assert views["c"].due is None
    assert views["a"].overdue(dt.date(2026, 10, 12)) and not views["b"].overdue(dt.date(2026, 10, 12))
    p = progress_of(views.values())
    assert (p.done, p.settled, p.applicable, p.pending) == (1, 1, 3, 2)


def test_changchun_llc_today_sees_changchun_and_province_side_by_side() -> None:
    """In a variant group at most one variant in force and one 时效未明 variant apply; a 时效未明 variant never
    hides one in force, and stands beside it only when it is more specific or newer; every other variant
    stays visible, superseded, naming the variant of its own class that applies."""
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    case = Case("X", Applicant("甲"), ["kaiban-jilin"], dt.date.today(),
                profile={"region": "长春市", "entity_type": "有限责任公司"})
    views = evaluate_case(cat, case, case_facts(case.profile, case.received_on))
    differing = [v for v in views if v.item.jurisdiction == "长春市" and v.variants]
    assert differing, "the 开办企业 content has 长春市 variants"
    by_id = {v.item.id: v for v in views}
    both_seen = False
    for v in differing:
        members = [v, *(by_id[i.id] for i in v.variants)]
        in_force = [m for m in members if m.applicability == APPLIES]
        undated = [m for m in members if m.applicability == UNDATED]
        assert len(in_force) <= 1 and len(undated) <= 1, [m.item.id for m in in_force + undated]
        both_seen |= bool(in_force and undated)
        for m in members:
            assert m.applicability in (APPLIES, UNDATED, SUPERSEDED, EXPIRED, NOT_APPLICABLE, NOT_YET), m.item.id
            if m.applicability == SUPERSEDED:
                assert any(w.item.title in m.reasons[0] for w in in_force + undated), m.item.id
                assert not (in_force and not m.item.period_unstated and undated
                            and undated[0].item.title in m.reasons[0]), "a 时效未明 variant hid one in force"
    assert both_seen, "a 长春 plan measure stands beside the rule in force (K03 beside K01)"
