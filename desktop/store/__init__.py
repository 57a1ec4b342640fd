"""Persistence: the SQLite database (sqlite-utils), its numbered migrations and the repository.

All SQL of the application lives in this package.
"""
