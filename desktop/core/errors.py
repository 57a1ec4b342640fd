"""Errors a user can act on, kept apart from bugs.

:class:`UserError` carries one line of Chinese for the user (which file, which field, what is wrong).
The CLI prints it and exits non-zero; the GUI shows it in a message box.  Anything else that escapes is
a bug: the CLI and the GUI log its traceback (``<data dir>/logs/``) and show a short message.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or an environment problem the user can fix; ``str()`` is the one line to show."""

    exit_code = 2
