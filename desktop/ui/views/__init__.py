"""The main window's panels: case list, case view (profile, steps, summary)."""
