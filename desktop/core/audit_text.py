"""The audit log in plain Chinese: what each stored entry means to a clerk reading the 办理记录 tab.

The log stores codes (``item_status``, ``kaiban-jilin/K14``, ``true``, ``checklists`` …); this turns them into
the words the rest of the app uses: the action's label, the question or item named by its title, values
as 是/否, status labels and checklist titles.  Entries written by older versions (Chinese action words)
read the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.core.catalog import Catalog
from desktop.core.vocab import (
    NOT_CHECKED,
    AuditAction,
    audit_action,
    audit_action_label,
    case_status_label,
    material_state_label,
    status_label,
)

APPLICANT_FIELDS = {"applicant_name": "申请人名称", "id_number": "证件号码", "id_override": "号码未通过校验仍保存",
                    "contact": "联系人", "phone": "联系电话"}
FIELD_WORDS = {"checklists": "办理清单", "status": "办件状态", "file": "来源文件"}


@dataclass(frozen=True)
class AuditLine:
    at: str
    who: str
    action: str
    target: str
    old: str
    new: str


def _value(raw: str | None) -> object:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return raw


def _show(value: object, titles: Mapping[str, str] | None = None) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "、".join(_show(v, titles) for v in value)
    if titles is not None and isinstance(value, str):
        return "、".join(titles.get(part, part) for part in value.split(",") if part) or "（空）"
    return str(value)


def material_text(raw: str | None) -> str:
    """A material's state as its audit entry keeps it (desktop/store/materials.py), in words:
    ``容缺受理，补正期限 2026-12-02；备注：…``; 未核对 for none."""
    value = _value(raw)
    if not isinstance(value, dict):
        return NOT_CHECKED if raw is None else str(raw)
    text = material_state_label(str(value.get("state", "")), str(value.get("form", "")))
    if value.get("due"):
        text += f"，补正期限 {value['due']}"
    if value.get("note"):
        text += f"；备注：{value['note']}"
    return text


def _item_target(catalog: Catalog, key: str) -> str:
    cid, _, iid = key.partition("/")
    cl = catalog.checklists.get(cid)
    item = cl.item(iid) if cl else None
    return f"{cl.title if cl else cid}：{item.title if item else iid}"


def audit_line(catalog: Catalog, at: str, who: str, action: str, fld: str, old: str | None,
               new: str | None) -> AuditLine:
    """One stored entry in words."""
    kind = audit_action(action)
    labels = catalog.labels()
    titles = {cid: cl.title for cid, cl in catalog.checklists.items()}
    target = fld
    old_text, new_text = _show(_value(old)), _show(_value(new))
    if kind == AuditAction.MATERIAL:
        cid, _, rest = fld.partition("/")
        iid, _, name = rest.partition("/")
        target = f"{_item_target(catalog, f'{cid}/{iid}')}：材料“{name}”"
        old_text, new_text = material_text(old), material_text(new)
    elif kind in (AuditAction.ITEM_STATUS, AuditAction.ITEM_NOTE):
        target = _item_target(catalog, fld)
        if kind == AuditAction.ITEM_STATUS:
            old_text, new_text = status_label(old or "pending"), status_label(new or "")
        else:
            old_text, new_text = old or "（空）", new or "（空）"
    elif kind == AuditAction.ANSWER:
        target = labels.get(fld, fld)
    elif kind == AuditAction.APPLICANT:
        target = APPLICANT_FIELDS.get(fld, fld)
        if fld == "id_override":
            old_text, new_text = _show(bool(_value(old))), _show(bool(_value(new)))
    elif kind in (AuditAction.CLOSE, AuditAction.REOPEN):
        target = FIELD_WORDS["status"]
        old_text, new_text = case_status_label(old or ""), case_status_label(new or "")
    elif kind in (AuditAction.CHECKLISTS, AuditAction.CREATE):
        target = FIELD_WORDS["checklists"]
        old_text, new_text = _show(old, titles), _show(new, titles)
    elif kind == AuditAction.UPDATE_VERSION:
        target = f"{titles.get(fld, fld)}的内容版本"
    elif kind == AuditAction.IMPORT:
        target = FIELD_WORDS["file"]
    else:
        target = FIELD_WORDS.get(fld, fld)
    return AuditLine(at.replace("T", " "), who, audit_action_label(action), target, old_text, new_text)
