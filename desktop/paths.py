"""Where things are: bundled resources (source tree or PyInstaller bundle) and the user data dir.

The data dir comes from platformdirs; one override wins over it: ``--data-dir`` on the command line,
else the ``QINGDAN_DATA_DIR`` environment variable (platformdirs is imported only when neither is given).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "qingdan"


def bundle_root() -> Path:
    """The directory holding resources/ and checklists/ (the repo root, or the frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def checklist_dir() -> Path:
    return bundle_root() / "checklists"


def source_dir() -> Path:
    return resource_path("sources")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user data dir, created owner-only if missing."""
    chosen = override or os.environ.get("QINGDAN_DATA_DIR")
    if not chosen:
        from platformdirs import user_data_dir

        chosen = user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
