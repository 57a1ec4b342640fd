"""``python -m desktop`` — same as the ``qingdan`` command."""

from desktop.app import main

raise SystemExit(main())
