"""PDF documents for a case (reportlab only; never PySide6 or sqlite).

``fonts`` finds and registers the CJK font, ``styles`` holds the paragraph styles, the presentation model
(:mod:`desktop.core.present`) is plain data, ``story`` and the per-kind modules build flowables from that data, and
``render`` writes the file.  Entry point: :func:`desktop.reports.render.render_doc`;
documents are made from a case's snapshot by :mod:`desktop.services.documents`.
"""

# The document kinds, importable without reportlab (the CLI parser lists them); kept equal to
# desktop.reports.story.kinds() and all_kinds() by a test.  "brief" (办理清单（简版）, one or two pages)
# is what the counter hands over by default: the first kind and the default everywhere.  "all" is the
# counter's full set (COUNTER_KINDS); neither "brief" (its content is in 办理清单), "correction" (补正通知, issued
# when materials were accepted on 容缺) nor "self" (我的办事清单, written to the business owner) is part of it.
KIND_NAMES: tuple[str, ...] = ("brief", "summary", "notice", "correction", "commitment", "basis", "self", "all")
DEFAULT_KIND = "brief"
COUNTER_KINDS: tuple[str, ...] = ("summary", "notice", "commitment", "basis")
OWNER_KINDS: tuple[str, ...] = ("self",)
KIND_TITLES = {"brief": "办理清单（简版）", "summary": "办理清单", "notice": "一次性告知单", "correction": "补正通知",
               "commitment": "告知承诺书",
               "basis": "依据附录", "self": "我的办事清单", "all": "全部文书"}
