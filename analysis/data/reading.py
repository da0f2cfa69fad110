"""Reading a CSV file: its bytes, encoding, header and cells (every cell as text), with every problem logged."""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

import pandas as pd

from .datafiles import file_problem
from .problems import ProblemLog
from .schema import TableSchema

#: How spreadsheet workbooks (xlsx, xls) begin: a workbook saved as .csv is named as such.
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def read_bytes(path: Path, log: ProblemLog) -> bytes:
    """The file's bytes without a byte-order mark, or a problem saying why it is not a CSV text file."""
    problem = file_problem(path)  # before opening: a named pipe would block for ever
    if problem or not path.is_file():
        log.at_line(None, None, None, problem or "the file to exist")
        log.raise_if_any()
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.at_line(None, None, None, f"a file that can be read ({exc.strerror})")
        log.raise_if_any()
    if data.startswith(WORKBOOK_SIGNATURES):
        log.at_line(None, None, None, "a CSV text file, not a spreadsheet workbook (export the sheet as 'CSV UTF-8')")
        log.raise_if_any()
    wide = _wide_encoding(data)
    if wide:
        log.at_line(None, None, None, f"UTF-8 text, not {wide} (save the file as 'CSV UTF-8')")
        log.raise_if_any()
    nul = data.find(b"\x00")
    if nul >= 0:
        log.at_line(data.count(b"\n", 0, nul) + 1, None, None, "text, not binary data (a NUL byte was found)")
        log.raise_if_any()
    log.data = data = data.removeprefix(b"\xef\xbb\xbf")
    return data


def _wide_encoding(data: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes are text in one of them (by byte-order mark or NUL pattern)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    # Without a mark: mostly-ASCII text in UTF-16 has a NUL in every other byte, and only there.
    head = data[:200] if len(data) % 2 == 0 else b""
    if len(head) >= 8:
        for nuls, letters in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
            if nuls.count(0) == len(nuls) and 0 not in letters:
                return "UTF-16"
    return None


def _check_utf8(data: bytes, log: ProblemLog) -> None:
    """Raise a located problem at the first byte that is not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        log.at_line(data.count(b"\n", 0, exc.start) + 1, None, f"\\x{bad.hex()}",
                    "UTF-8 text (save the file as 'CSV UTF-8')")
        log.raise_if_any()


def header_text(data: bytes, log: ProblemLog) -> str:
    """The text of the header record (the whole file only if the header spans quoted line breaks)."""
    end = data.find(b"\n")
    first = data if end < 0 else data[: end + 1]
    if first.count(b'"') % 2:
        first = data
    _check_utf8(first, log)
    return first.decode("utf-8")


def check_header(text: str, schema: TableSchema, log: ProblemLog) -> list[str]:
    """The header's column names (from the header's text); problems with them are logged."""
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    expected = schema.field_names
    if not header or header == [""]:
        log.at_line(1, None, None, "a header line naming the columns: " + ", ".join(expected))
        return header
    seen: set[str] = set()
    for name in header:
        if name in seen:
            log.at_line(1, name, None, "each column to appear once in the header")
        seen.add(name)
    missing = [n for n in expected if n not in seen]
    for name in header:
        if name not in expected and name not in ("",):
            hint = difflib.get_close_matches(name, missing, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            log.at_line(1, name, None, f"only the columns of the schema{suggestion}: " + ", ".join(expected))
        elif name == "":
            log.at_line(1, "", None, "every column in the header to have a name")
    for name in missing:
        log.at_line(1, name, None, "this column in the header; it is missing")
    if not log and header != expected:
        log.at_line(1, None, None, "the columns in this order: " + ", ".join(expected))
    return header


def read_cells(data: bytes, header: list[str], log: ProblemLog) -> pd.DataFrame:
    """Every cell as text (pyarrow's CSV reader: fast, and strict about the number of fields).

    When pyarrow refuses the file, a slower reading says why, with line numbers: bytes that are not
    UTF-8, rows with too many or too few fields, or no data below the header.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            # One block for the whole file (at least pyarrow's 1 MiB default): a cell longer than a block is
            # otherwise refused ("straddles two block boundaries").
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1,
                                           block_size=min(max(1 << 20, len(data) + 1), 2**31 - 1)),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.large_string() for name in header},  # what pandas stores text as
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        _explain_refusal(data, len(header), log)
        log.at_line(None, None, None, f"a CSV file that can be read ({exc})")
        log.raise_if_any()
    if table.num_rows == 0:
        log.at_line(2, None, None, "at least one row of data below the header")
        log.raise_if_any()
    return table.to_pandas()


def _explain_refusal(data: bytes, width: int, log: ProblemLog) -> None:
    """Locate why pyarrow refused the file, raising DataError when the reason is found."""
    _check_utf8(data, log)
    rows = [r for r in csv.reader(io.StringIO(log.text, newline="")) if r][1:]
    for index, record in enumerate(rows):
        if len(record) != width:
            log.at_row(index, None, None, f"{width} fields as in the header, found {len(record)}")
    if not rows:
        log.at_line(2, None, None, "at least one row of data below the header")
    log.raise_if_any()
