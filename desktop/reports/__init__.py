"""PDF documents for a case (reportlab only; never PySide6 or sqlite).

``fonts`` finds and registers the CJK font, ``styles`` holds the paragraph styles, ``data`` turns a
case into plain data, ``story`` and the per-kind modules build flowables from that data, and
``render`` writes the file.  Entry point: :func:`desktop.reports.render.render_case_pdf`.
"""
