"""本中心办事指南: the office's own guidance for a step — window and address, hours, phone, fee, its 承诺时限
and 补正期限 (工作日), the materials it asks for (原件/复印件, 份数, 容缺受理, 告知承诺) — with the guide's origin
(title, number or version, date) and who entered it when.

This is the office's layer, kept apart from the signed content (the law): it is shown under its own
heading, never mixed into 法律依据, and it may not contradict the cited clauses
(:mod:`desktop.core.guide_checks`).  Entries refer to steps as ``"<checklist id>/<item id>"``.

The guide file (``"format": "qingdan-guide/1"``, ``resources/schema/guide-v1.schema.json``) carries one
office's guide from the office that prepares it to every window; :func:`parse_guide` reads it within the
limits of desktop/core/limits.py (every file from outside is hostile: one line ``<file>: <JSON path>: <what
is wrong>``), :func:`dump_guide` writes it.  The origin given at the top applies to every entry that does
not carry its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import jsonfile
from desktop.core.errors import UserError
from desktop.core.limits import MAX_COPIES, MAX_GUIDE_DAYS, MAX_MATERIALS, check_date, check_text, safe_text
from desktop.core.vocab import MaterialForm

FORMAT = "qingdan-guide/1"
SCHEMA_FILE = "guide-v1.schema.json"
MAX_GUIDE_FILE_BYTES = 4 * 1024 * 1024  # a guide of every step of every checklist is a few hundred kB
HEADING = "本中心办事指南"


class GuideFileError(UserError, ValueError):
    """A guide file (or a guide entered in the form) that cannot be used: one line (or several, one per
    problem, for the law checks) naming the file, the entry and the fault."""


@dataclass(frozen=True)
class GuideOrigin:
    """Where the office's guidance comes from: the guide's title, its number or version, and its date."""

    title: str
    number: str = ""
    date: str = ""  # YYYY-MM-DD

    def label(self) -> str:
        """本中心办事指南（长春市政务服务中心办事指南，第3版，2026-03-01） — the heading every place shows."""
        inner = "，".join(x for x in (self.title, self.number, self.date) if x)
        return f"{HEADING}（{inner}）" if inner else HEADING

    def as_dict(self) -> dict[str, str]:
        out = {"title": self.title}
        if self.number:
            out["number"] = self.number
        out["date"] = self.date
        return out


@dataclass(frozen=True)
class GuideMaterial:
    """One material as the office's guide asks for it."""

    name: str
    form: str = ""  # 原件 / 复印件 / 原件及复印件 (desktop.core.vocab.MaterialForm); "" when not stated
    copies: int | None = None
    deferrable: bool = False  # may be accepted now on the applicant's commitment (容缺受理) and supplied later
    commitment: bool = False  # may be replaced by the applicant's 告知承诺
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.form:
            out["form"] = self.form
        if self.copies is not None:
            out["copies"] = self.copies
        out["deferrable"] = self.deferrable
        out["commitment"] = self.commitment
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class GuideEntry:
    """The office's guidance for one step, as stored (one version of it)."""

    key: str  # "<checklist id>/<item id>"
    office: str
    origin: GuideOrigin
    place: str = ""
    hours: str = ""
    phone: str = ""
    fee: str = ""
    promise_days: int | None = None  # 承诺时限, 工作日
    defer_days: int | None = None  # 补正期限 for materials accepted on 容缺, 工作日 from the day of acceptance
    materials: tuple[GuideMaterial, ...] = ()
    entered_by: str = ""  # who entered this version, and when (the store's history)
    entered_at: str = ""
    version: int = 0
    action: str = ""  # desktop.core.vocab.GuideAction of this version
    source: str = ""  # the file it was imported from ("" when entered in the form)

    @property
    def checklist_id(self) -> str:
        return self.key.partition("/")[0]

    @property
    def item_id(self) -> str:
        return self.key.partition("/")[2]

    def material(self, name: str) -> GuideMaterial | None:
        return next((m for m in self.materials if m.name == name), None)

    def content(self) -> dict[str, Any]:
        """What the entry says (the guide file's entry, without the origin): compared to tell a change."""
        out: dict[str, Any] = {}
        for key in ("place", "hours", "phone", "fee"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        for key in ("promise_days", "defer_days"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out["materials"] = [m.as_dict() for m in self.materials]
        return out

    def same_as(self, other: GuideEntry) -> bool:
        """Same guidance from the same office and origin (who entered it and when do not count)."""
        return (self.content(), self.office, self.origin) == (other.content(), other.office, other.origin)


@dataclass(frozen=True)
class GuideFile:
    office: str
    origin: GuideOrigin
    entries: dict[str, GuideEntry] = field(default_factory=dict)


def schema_path() -> Path:
    from desktop import paths  # a leaf module (no Qt)

    return paths.resource_path("schema", SCHEMA_FILE)


class _Fail(jsonfile.Fail):
    def __init__(self, file: str) -> None:
        super().__init__(file, GuideFileError)


def _origin(raw: dict[str, Any], where: str, fail: _Fail) -> GuideOrigin:
    jsonfile.text(raw["title"], "origin_title", f"{where}.title", fail)
    if not raw["title"].strip():
        raise fail(f"{where}.title", "指南名称不能为空")
    jsonfile.text(raw.get("number", ""), "origin_number", f"{where}.number", fail)
    jsonfile.date(raw["date"], f"{where}.date", fail)
    return GuideOrigin(raw["title"], raw.get("number", ""), raw["date"])


def _entry(key: str, raw: dict[str, Any], office: str, origin: GuideOrigin, fail: _Fail) -> GuideEntry:
    where = f"entries.{safe_text(key)}"
    for name, limit in (("place", "guide_place"), ("hours", "guide_hours"), ("phone", "guide_phone"),
                        ("fee", "guide_fee")):
        jsonfile.text(raw.get(name, ""), limit, f"{where}.{name}", fail)
    own = _origin(raw["origin"], f"{where}.origin", fail) if "origin" in raw else origin
    materials: list[GuideMaterial] = []
    seen: set[str] = set()
    for n, m in enumerate(raw.get("materials", [])):
        at = f"{where}.materials[{n}]"
        jsonfile.text(m["name"], "material", f"{at}.name", fail)
        if not m["name"].strip():
            raise fail(f"{at}.name", "材料名称不能为空")
        if m["name"] in seen:
            raise fail(f"{at}.name", f"材料{jsonfile.show(m['name'])}重复")
        seen.add(m["name"])
        jsonfile.text(m.get("note", ""), "guide_note", f"{at}.note", fail)
        materials.append(GuideMaterial(m["name"], m.get("form", ""), m.get("copies"), m.get("deferrable", False),
                                       m.get("commitment", False), m.get("note", "")))
    entry = GuideEntry(key, office, own, raw.get("place", ""), raw.get("hours", ""), raw.get("phone", ""),
                       raw.get("fee", ""), raw.get("promise_days"), raw.get("defer_days"), tuple(materials))
    problem = entry_problem(entry)
    if problem is not None:
        raise fail(where, problem)
    return entry


def entry_problem(entry: GuideEntry) -> str | None:
    """What makes an entry unusable whatever the law says (the form and the file share this), or None."""
    for value, name in ((entry.place, "guide_place"), (entry.hours, "guide_hours"), (entry.phone, "guide_phone"),
                        (entry.fee, "guide_fee"), (entry.office, "office"), (entry.origin.title, "origin_title"),
                        (entry.origin.number, "origin_number")):
        problem = check_text(value, name)
        if problem is not None:
            return problem
    if not entry.origin.title.strip():
        return "请填写指南名称（办事指南的来源）"
    if not entry.office.strip():
        return "请填写单位名称"
    problem = check_date(entry.origin.date, "指南日期")
    if problem is not None:
        return problem
    for days, label in ((entry.promise_days, "承诺时限"), (entry.defer_days, "补正期限")):
        if days is not None and not 0 <= days <= MAX_GUIDE_DAYS:
            return f"{label}应在 0–{MAX_GUIDE_DAYS} 个工作日之间"
    if len(entry.materials) > MAX_MATERIALS:
        return f"材料最多 {MAX_MATERIALS} 项"
    names = [m.name for m in entry.materials]
    for m in entry.materials:
        for value, name in ((m.name, "material"), (m.note, "guide_note")):
            problem = check_text(value, name)
            if problem is not None:
                return problem
        if not m.name.strip():
            return "材料名称不能为空"
        if names.count(m.name) > 1:
            return f"材料“{m.name}”重复"
        if m.form and m.form not in {f.value for f in MaterialForm}:
            return f"材料“{m.name}”的形式应为原件、复印件或原件及复印件"
        if m.copies is not None and not 1 <= m.copies <= MAX_COPIES:
            return f"材料“{m.name}”的份数应在 1–{MAX_COPIES} 之间"
    if entry.defer_days is not None and entry.defer_days < 1:
        return "补正期限至少 1 个工作日"
    if any(m.deferrable for m in entry.materials) and not entry.defer_days:
        return "有可容缺受理的材料时，须填写补正期限（工作日，至少 1 天）"
    return None


def parse_guide(data: object, file: str = "guide.json") -> GuideFile:
    """Check a decoded guide file against its schema and the limits; the entries keep their keys as
    written (whether each names a step of the content is :mod:`desktop.core.guide_checks`' question)."""
    fail = _Fail(file)
    jsonfile.check_shape(data, fail)
    jsonfile.check_schema(data, schema_path(), fail)
    assert isinstance(data, dict)
    jsonfile.text(data["office"], "office", "office", fail)
    if not data["office"].strip():
        raise fail("office", "单位名称不能为空")
    origin = _origin(data["origin"], "origin", fail)
    entries = {key: _entry(key, raw, data["office"], origin, fail) for key, raw in data["entries"].items()}
    return GuideFile(data["office"], origin, entries)


def read_guide(path: Path) -> GuideFile:
    """Read and check a guide file; every failure is a one-line :class:`GuideFileError`."""
    blob = jsonfile.read_bytes(path, MAX_GUIDE_FILE_BYTES, GuideFileError, "办事指南文件")
    return parse_guide(jsonfile.parse_json(blob, _Fail(path.name), MAX_GUIDE_FILE_BYTES), path.name)


def parse_guide_text(text: str, file: str) -> GuideFile:
    """A guide carried as text (a content pack's ``guide.json``), read as a file would be."""
    return parse_guide(jsonfile.parse_json(text.encode("utf-8"), _Fail(file), MAX_GUIDE_FILE_BYTES), file)


def dump_guide(entries: list[GuideEntry], office: str = "") -> dict[str, Any]:
    """The guide file of these entries: the office and origin most entries share go to the top; an entry
    from another origin carries its own."""
    if not entries:
        raise GuideFileError("本中心办事指南还没有内容，没有可导出的条目")
    top_office = office or Counter(e.office for e in entries).most_common(1)[0][0]
    origin = Counter(e.origin for e in entries).most_common(1)[0][0]
    out: dict[str, Any] = {}
    for e in sorted(entries, key=lambda e: e.key):
        raw = e.content()
        if e.origin != origin:
            raw["origin"] = e.origin.as_dict()
        out[e.key] = raw
    return {"format": FORMAT, "office": top_office, "origin": origin.as_dict(), "entries": out}

