"""The lock of released item ids (``checklists/released.toml``) and the rule "a released item id does
not disappear": cases keep item states under ``<checklist id>/<item id>``, so an id that vanishes
from the content leaves those states without their item.

The lock, one table per checklist::

    [kaiban-jilin]
    ids = ["K01", "K02", ...]                 # every id released so far (only ever grows)
    retired = { K06 = "并入 K05（2026-12 审校）" }  # ids deliberately removed, with the reason
    # withdrawn = "原因"                        # the whole checklist deliberately removed

``tools/released_ids.py --update`` adds the ids of the current content to the lock; removing an id
from the content then needs an entry in ``retired`` (or ``withdrawn`` for a whole checklist).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.catalog import LOCK_FILE as LOCK_FILE  # re-exported: the lock is this module's
from desktop.core.problems import RELEASED_IDS, Problem

LOCK_LABEL = f"checklists/{LOCK_FILE}"


@dataclass
class Released:
    """The released ids of one checklist."""

    ids: list[str] = field(default_factory=list)
    retired: dict[str, str] = field(default_factory=dict)
    withdrawn: str = ""


def read_lock(path: Path, problems: list[Problem]) -> dict[str, Released] | None:
    """The lock by checklist id; None when there is no lock (content never released)."""
    if not path.is_file():
        return None
    import tomllib  # only where the validator reads the lock: catalog.py imports this module at every start

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        problems.append(Problem(LOCK_LABEL, "-", "语法", f"无法读取已发布编号清单：{exc}", RELEASED_IDS))
        return None
    out: dict[str, Released] = {}
    for cid, table in data.items():
        def bad(fld: str, message: str, cid: str = cid) -> None:
            problems.append(Problem(LOCK_LABEL, cid, fld, message, RELEASED_IDS))

        if not isinstance(table, dict):
            bad("-", "应为 [清单编号] 表")
            continue
        entry = Released()
        for key in table:
            if key not in ("ids", "retired", "withdrawn"):
                bad(key, "未知字段（应为 ids、retired 或 withdrawn）")
        ids = table.get("ids", [])
        if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
            entry.ids = list(ids)
        else:
            bad("ids", "应为事项编号字符串的列表")
        retired = table.get("retired", {})
        if isinstance(retired, dict) and all(isinstance(v, str) and v.strip() for v in retired.values()):
            entry.retired = dict(retired)
        else:
            bad("retired", "应为 { 事项编号 = \"删除原因\" } 形式，原因不能为空")
        withdrawn = table.get("withdrawn", "")
        if isinstance(withdrawn, str):
            entry.withdrawn = withdrawn.strip()
        else:
            bad("withdrawn", "应为字符串（删除整个清单的原因）")
        out[cid] = entry
    return out


def check(
    lock: Mapping[str, Released],
    current: Mapping[str, tuple[str, list[str]]],
    whole: bool,
) -> list[Problem]:
    """Problems of the current content against the lock.

    ``current`` maps each loaded checklist id to (file label, item ids).  With ``whole`` (all checklist
    files loaded) a released checklist that is missing altogether is reported too.
    """
    problems: list[Problem] = []
    for cid, entry in lock.items():
        if cid not in current:
            if whole and not entry.withdrawn:
                problems.append(Problem(
                    LOCK_LABEL, cid, "id",
                    f"清单“{cid}”在已发布版本中存在，现已删除（已有办件会失去这个清单）；如确需删除，请在 "
                    f"{LOCK_LABEL} 中为它登记 withdrawn", RELEASED_IDS))
            continue
        file, ids = current[cid]
        present = set(ids)
        for iid in entry.ids:
            if iid not in present and iid not in entry.retired:
                problems.append(Problem(
                    file, iid, "id",
                    "事项编号在已发布版本中存在，现已删除（已有办件的状态会失去对应事项）；如确需删除，请在 "
                    f"{LOCK_LABEL} 中登记 retired", RELEASED_IDS))
        for iid in ids:
            if iid in entry.retired:
                problems.append(Problem(
                    file, iid, "id",
                    f"事项编号已在 {LOCK_LABEL} 中登记为 retired，不能再次使用（旧办件的状态会挂到新事项上）",
                    RELEASED_IDS))
        if entry.withdrawn:
            problems.append(Problem(
                file, "-", "id", f"清单已在 {LOCK_LABEL} 中登记为 withdrawn，不能再次使用这个清单编号",
                RELEASED_IDS))
    return problems


def updated(lock: Mapping[str, Released], current: Iterable[tuple[str, list[str]]]) -> dict[str, Released]:
    """The lock with the ids of the current content added (existing ids, retired and withdrawn kept)."""
    out = {cid: Released(list(e.ids), dict(e.retired), e.withdrawn) for cid, e in lock.items()}
    for cid, ids in current:
        entry = out.setdefault(cid, Released())
        entry.ids += [i for i in ids if i not in entry.ids and i not in entry.retired]
    return out


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def render(lock: Mapping[str, Released]) -> str:
    """The lock as TOML text, checklists in id order."""
    lines = [
        "# 已发布的事项编号（由 tools/released_ids.py --update 生成，见 checklists/README.md「Released ids」）。",
        "# 办件按“清单编号/事项编号”保存状态：已发布的编号不能从内容中消失；确需删除的登记在 retired 中并写明原因。",
    ]
    for cid in sorted(lock):
        entry = lock[cid]
        lines += ["", f"[{_key(cid)}]"]
        if entry.withdrawn:
            lines.append(f"withdrawn = {_string(entry.withdrawn)}")
        rows = [", ".join(_string(i) for i in entry.ids[n:n + 12]) for n in range(0, len(entry.ids), 12)]
        lines.append("ids = [" + "".join(f"\n  {row}," for row in rows) + ("\n]" if rows else "]"))
        if entry.retired:
            lines.append("retired = { " + ", ".join(f"{_key(k)} = {_string(v)}" for k, v in entry.retired.items())
                         + " }")
    return "\n".join(lines) + "\n"
