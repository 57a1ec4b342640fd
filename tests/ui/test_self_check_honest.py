"""Validity told honestly in the self-check (issue #12): a 长春 small restaurant sees no measure of an
annual or time-bound plan as a benefit it can simply enjoy — each such measure carries 时效未明 and
"请向受理部门确认是否仍在执行" — and no 牵头 agency of a work plan is given as the place to apply."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.services.cases import CaseService
from desktop.ui.views.self_check import SelfCheckView
from tests.ui.gui import choose

RESTAURANT = {"region": "长春市", "entity_type": "有限责任公司", "industry": "餐饮业", "has_employees": "是",
              "food_sales": "其他食品经营", "is_new": "是"}
CONFIRM = "请向受理部门确认是否仍在执行"


def test_a_changchun_restaurants_self_check_is_honest_about_validity_and_where_to_go(
        qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    view = SelfCheckView(CaseService(ctx))
    qtbot.addWidget(view)
    assert view.profile is not None
    for qid, text in RESTAURANT.items():
        if qid in view.profile.widgets:
            choose(view.profile.editor(qid), text)
    for qid, number in (("employees", "6"), ("revenue", "80"), ("assets", "30")):
        if qid in view.profile.widgets:
            view.profile.editor(qid).setText(number)  # type: ignore[attr-defined]
    view.profile.flush()
    owner = view.snap.doc.owner
    assert owner is not None
    catalog = view.snap.catalog
    items = {f"{cl.id}/{it.id}": it for cl in catalog.checklists.values() for it in cl.items}
    assert owner.benefits and owner.benefits_undated, "both kinds occur for this profile"
    # no plan measure among the benefits one can simply enjoy
    assert [b.key for b in owner.benefits if items[b.key].period_unstated] == []
    text = view.report.toPlainText()
    plain_part, _, rest = text.partition("可能适用、但需确认是否仍在执行的政策")
    assert rest, "the 时效未明 measures have their own section"
    for b in owner.benefits_undated:
        assert b.title in rest and b.title not in plain_part
    # every 时效未明 step or benefit shown says so and asks to confirm
    shown_undated = [i for i in (*owner.next_steps, *owner.benefits_undated) if i.undated]
    assert shown_undated
    assert text.count(CONFIRM) >= len(shown_undated)
    # the place to apply is never a work plan's lead agency
    for line in text.splitlines():
        if line.startswith("办理部门："):
            assert not re.search(r"牵头|分工负责", line), line  # a plan's 责任分工, not a counter
    for item in (*owner.next_steps, *owner.benefits, *owner.benefits_undated):
        assert "牵头" not in item.department, item.key
    # the licensing notice reaches the owner (证照分离 is among the default matters)
    assert any("许可" in n.title for n in owner.notices)
    ctx.close()
