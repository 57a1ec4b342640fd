"""Pure-Python core: the data model, checklist loading and validation, conditions, eligibility.

Nothing in this package imports Qt, SQLite or reportlab.
"""
