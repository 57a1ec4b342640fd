"""Persistence: the SQLite database (sqlite3 through a sqlite-utils-compatible ``Database``), its numbered
migrations and the repository.

All SQL of the application lives in this package.
"""
