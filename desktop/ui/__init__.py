"""The PySide6 user interface: main window, views, dialogs, Qt models and the background helper."""
