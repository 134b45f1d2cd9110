"""Logging helpers with no domain knowledge."""

import logging


class ShortForbidden(logging.Filter):
    """Drops the traceback Django attaches to a 403 (PermissionDenied) log line.

    A member opening a page that is not hers is expected; a full traceback per refusal
    buries the log lines that matter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
