"""PDF documents for a case (reportlab only; never PySide6 or sqlite).

``fonts`` finds and registers the CJK font, ``styles`` holds the paragraph styles, ``data`` turns a
case into plain data, ``story`` and the per-kind modules build flowables from that data, and
``render`` writes the file.  Entry point: :func:`desktop.reports.render.render_case_pdf`.
"""

# The document kinds, importable without reportlab (the CLI parser lists them); kept equal to
# desktop.reports.story.kinds() by a test.
KIND_NAMES: tuple[str, ...] = ("summary", "notice", "commitment", "basis", "all")
KIND_TITLES = {"summary": "办理清单", "notice": "一次性告知单", "commitment": "告知承诺书", "basis": "依据附录",
               "all": "全部文书"}
