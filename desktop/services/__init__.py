"""The application layer: the use cases the GUI, the CLI and the PDF builder share.

Qt-free.  Opening a case gives one :class:`~desktop.services.cases.CaseSnapshot` (the case's pinned
content, facts, evaluated items, progress, next due date and the presentation model); every write
(answer, item state, note, close, reopen, update to the latest content, create, import) goes through
:class:`~desktop.services.cases.CaseService`, which keeps the derived data (next due date, progress) right
in the same transaction.  Documents are rendered from a snapshot (:mod:`desktop.services.documents`).
"""
