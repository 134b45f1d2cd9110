"""Cells for CSV and Excel files that a spreadsheet cannot run as a formula.

A product code or a name typed as `=HYPERLINK(...)` or `+2+3` would otherwise run when
the treasurer opens the export (CSV injection). A text cell that starts like a formula
gets a leading apostrophe, which spreadsheets show as plain text; numbers stay numbers.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def safe_cell(value: Any) -> Any:
    """The value, with a text that a spreadsheet would read as a formula made inert."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeCsvWriter:
    """csv.writer that passes every cell through safe_cell."""

    def __init__(self, out: _Writable) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
