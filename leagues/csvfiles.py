"""The interchange files of domain.md: their headers, and reading and writing them.

The column lists are the organisers' contract; every import and export uses
these constants so a header is written in exactly one place.
"""

import codecs
import contextlib
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings

from leagues import rules
from nationscup.hostile import text_problem

# The header lines exactly as domain.md gives them.
HEADERS = {
    "registrations.csv": (
        "season,online_id,display_name,region,country,main_area,secondary_area,league,dr_points,"
        "birth_date"
    ),
    "results.csv": (
        "season,round,slot_start_utc,region,league,lobby,online_id,position,status,dr_points"
    ),
    "standings.csv": "season,region,league,tier,scope,rank,online_id,points,rounds_counted,medal",
    "payouts.csv": "season,online_id,league,tier,scope,medal,credits",
    "ratings.csv": "online_id,dr_points,sr_grade,rated_races,rated_at",
}
REGISTRATIONS, RESULTS, STANDINGS, PAYOUTS, RATINGS = (line.split(",") for line in HEADERS.values())

# No cell of these files is longer (a display name: 64); a longer one is refused with its
# column named, not echoed back.
CELL_MAX_CHARS = 100

# How an import refusal names the row(s) it is about: "Row 7: ..." or "Rows 2-21: ...".
ROW_PREFIX = re.compile(r"Rows? (\d+)")


def whole_number(value: str, minimum: int = 0) -> int | None:
    """A plain decimal whole number from ``minimum`` below 2**31, else None (no sign, no space)."""
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if minimum <= number < 2**31 else None


def dr_points(value: str, problems: list[str]) -> int | None:
    """The DR points of a row, or None with the reason added to ``problems``."""
    number = whole_number(value)
    if number is None or number > rules.DR_MAX:
        problems.append(f"dr_points must be a whole number from 0 to {rules.DR_MAX}, not {value!r}")
        return None
    return number


def utc_time(value: str) -> dt.datetime | None:
    """An ISO 8601 time in UTC (``Z`` or ``+00:00``), else None: a file's times are UTC."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() != dt.timedelta(0):
        return None
    return parsed.astimezone(dt.UTC)


class HeaderError(ValueError):
    """The file as a whole cannot be read: empty, not UTF-8, not CSV, or the wrong header."""


@dataclass(frozen=True)
class Row:
    """One data row of an import, with its line number in the file (header = line 1)."""

    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


# A file's text, whole or as the lines of an open file (``file_lines``): a round's results
# file need not be held in memory to be imported.
Source = str | Iterable[str]


def file_lines(handle: BinaryIO) -> Iterator[str]:
    """The lines of an open binary file as the formats' text (UTF-8, a BOM tolerated), one
    at a time; a line that is not UTF-8 stops them with ``HeaderError`` naming it."""
    for number, raw in enumerate(handle, start=1):
        try:
            text = (raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw).decode()
        except UnicodeDecodeError as error:
            raise HeaderError(
                f"Line {number} is not UTF-8 text (byte {error.start + 1} of the line)."
            ) from error
        yield from _lines(text)


def read_rows(source: Source, header: list[str]) -> list[Row]:
    """Parse CSV text whose first row must be exactly ``header``."""
    return list(iter_rows(source, header))


def iter_rows(source: Source, header: list[str]) -> Iterator[Row]:
    """The rows of CSV text one at a time; the header is checked before the first is asked for.

    A row that is not valid CSV raises ``HeaderError`` when the iteration reaches it.
    """
    lines = _ScannedLines(_lines(source.lstrip("\ufeff")) if isinstance(source, str) else source)
    reader = csv.reader(lines)
    with _file_errors(reader):
        first = next(reader, None)
    if first is None:
        raise HeaderError("The file is empty; expected the header " + ",".join(header) + ".")
    if [column.strip() for column in first] != header:
        found = ",".join(first)
        raise HeaderError(
            "Wrong header: expected " + ",".join(header) + " but found "
            f"{found[:200]}{'…' if len(found) > 200 else ''}."
        )
    return _data_rows(reader, header, lines)


@contextlib.contextmanager
def _file_errors(reader) -> Iterator[None]:
    """The reader's errors as the file's problem, named by its line."""
    try:
        yield
    except csv.Error as error:
        raise HeaderError(f"Line {reader.line_num or 1} is not valid CSV: {error}.") from error


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, made one at a time (a reader's copy of a
    round's file would be four times its size)."""
    return (match.group() for match in _LINE.finditer(text))


class _ScannedLines:
    """Lines on their way to the CSV reader, noting whether one so far held a hostile
    character or a ``'``: until one has, no cell needs the per-cell checks."""

    def __init__(self, lines: Iterable[str]):
        self._lines = lines
        self.hostile = False
        self.quoted = False

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            if not self.hostile and text_problem(line) is not None:
                self.hostile = True
            if not self.quoted and "'" in line:
                self.quoted = True
            yield line


# domain.md, "Interchange formats": a text cell a spreadsheet would read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _quoted(text: str) -> bool:
    """Whether ``text`` is a cell the writer protected: quotes, then a formula start."""
    return text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS)


def text_cell(value: object) -> object:
    """A cell as the site writes it: text that a spreadsheet would run gets a leading ``'``.

    Numbers the site writes are left alone. A text that already looks protected
    (``'=x``) gets one more ``'``, so that ``plain_cell`` gives every text back unchanged.
    """
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or _quoted(value)):
        return "'" + value
    return value


def plain_cell(text: str) -> str:
    """A cell as it was before ``text_cell`` protected it: files the site wrote round-trip."""
    return text[1:] if _quoted(text) else text


def _data_rows(reader, header: list[str], lines: _ScannedLines) -> Iterator[Row]:
    """The rows; a cell is checked for a hostile character or a ``'`` once a line has held
    one (a row is read whole before it is given)."""
    rows = 0
    width = len(header)
    with _file_errors(reader):
        for values in reader:
            if not "".join(values).strip():
                continue
            line = reader.line_num
            rows += 1
            if rows > settings.IMPORT_MAX_ROWS:
                raise HeaderError(
                    f"The file has more than {settings.IMPORT_MAX_ROWS:,} rows, the most one "
                    "import takes (IMPORT_MAX_ROWS); split it into several files."
                )
            if len(values) != width:
                yield Row(line, {"__error__": f"{len(values)} columns, expected {width}"})
                continue
            if max(map(len, values)) > CELL_MAX_CHARS:
                column = next(c for c, v in zip(header, values) if len(v) > CELL_MAX_CHARS)
                yield Row(
                    line, {"__error__": f"{column} is longer than {CELL_MAX_CHARS} characters"}
                )
                continue
            if lines.hostile:
                problem = next(
                    (
                        f"{column} {problem}"
                        for column, v in zip(header, values)
                        if (problem := text_problem(v))
                    ),
                    None,
                )
                if problem:
                    yield Row(line, {"__error__": problem})
                    continue
            cells = [v.strip() for v in values]
            if lines.quoted:
                cells = [plain_cell(cell) for cell in cells]
            yield Row(line, dict(zip(header, cells)))


def check_size(size: int) -> None:
    """Refuse, before it is read, a file bigger than one import takes (``IMPORT_MAX_BYTES``)."""
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise HeaderError(
            f"The file is {size / 2**20:,.1f} MB; one import takes at most {limit / 2**20:,.1f} "
            "MB (IMPORT_MAX_BYTES). Split it into several files."
        )


def decode(data: bytes) -> str:
    """Uploaded bytes as text: the formats are UTF-8 (a BOM is tolerated)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HeaderError(f"The file is not UTF-8 text (byte {error.start}).") from error


def csv_lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The CSV text of ``rows`` under ``header``, one line at a time (for streaming).

    Every file the site writes comes through here, so every text cell follows the
    rulebook's leading-quote rule (``text_cell``). Lines end in ``\n``; the writer is
    told ``\r\n`` so that it quotes a cell holding either character (with ``\n`` alone
    it leaves a lone ``\r`` bare, which splits the row for any reader).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    protected = ([text_cell(value) for value in row] for row in rows)
    lines: Iterable[list[object]] = itertools.chain([list(header)], protected)
    for cells in lines:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        yield buffer.getvalue()[:-2] + "\n"


@dataclass
class ImportReport:
    """What an import did or would do; with any error, it wrote nothing.

    Only the first ``IMPORT_MAX_LISTED_ERRORS`` problems are kept as sentences, the
    rest are counted: a file with a million bad rows gives a readable page.
    """

    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unlisted_errors: int = 0
    conflicts: int = 0  # errors about what is stored, not about the file itself
    # How errors name a row when it is not a file's line (an API entry: "ratings[2] (id)").
    row_names: dict[int, str] = field(default_factory=dict)
    # A results preview (dry run): each lobby with its rows, points and what it replaces.
    lobbies: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def refuse(self, message: str) -> None:
        """Record one problem of the file (it is then rejected as a whole)."""
        if len(self.errors) < settings.IMPORT_MAX_LISTED_ERRORS:
            self.errors.append(message)
        else:
            self.unlisted_errors += 1

    @property
    def is_conflict(self) -> bool:
        """Every error is a collision with stored data: the input itself was fine (a 409)."""
        return bool(self.errors) and self.conflicts == len(self.errors)

    def errors_in_file_order(self) -> list[str]:
        """The refusals by the first row each names; those about the whole file come first."""

        def first_row(message: str) -> int:
            match = ROW_PREFIX.match(message)
            return int(match.group(1)) if match else 0

        return sorted(self.errors, key=first_row)

    def error(self, line: int, message: str) -> None:
        self.refuse(f"{self.row_names.get(line, f'Row {line}')}: {message}")

    def summary(self) -> str:
        if self.errors:
            count = len(self.errors) + self.unlisted_errors
            listed = f" (the first {len(self.errors)} listed)" if self.unlisted_errors else ""
            return f"Rejected: {count} problem(s){listed}; nothing was imported."
        return f"{self.created} new, {self.replaced} replaced, {self.unchanged} unchanged."
