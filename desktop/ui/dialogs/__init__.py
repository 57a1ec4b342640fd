"""Dialogs: new case."""
