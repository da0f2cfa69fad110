"""Fuzzing the loaders: whatever bytes a data file holds, the only exception that escapes is DataError.

Two kinds of input, for every table in `analysis.data.load.LOADERS`:

- random bytes (alone, or after a byte-order mark, a workbook signature or the table's real header),
  written over the table's CSV;
- the table's real CSV, mutated a little: a cell replaced by random or tricky text (written with or
  without csv's quoting), a field dropped or repeated, a line dropped or repeated, quotes, line breaks,
  spaces or other characters inserted or text deleted anywhere, LF turned into CRLF.

The file then either loads, or raises `DataError` with at least one problem, every one naming the file.

Hypothesis runs derandomized, so a run is reproducible. Function-scoped fixtures do not mix with
@given, so each test makes its own copy of data/ (once per test, not per example) and restores the
fuzzed file after every example.

The crashes these tests found first (a header without a line break, integers beyond 64 bits, digits of
other scripts, a plus sign in an integer, a session day outside the summit) are fixed; each is also a
case of test_bad_inputs.py.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import DataError, config
from analysis.data.load import LOADERS
from analysis.data.schema import table_schema

#: Fuzzing: left out by `make test-fast`.
pytestmark = pytest.mark.slow

TABLES = list(LOADERS)
#: Examples per table and test (18 tests): about 20 s in all.
RANDOM_EXAMPLES = 50
MUTATED_EXAMPLES = 70

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,  # derandomized runs need no example database (and write none into the project)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- a private copy of the data and a private cache -------------------------------------------------


@contextmanager
def data_copy() -> Iterator[Path]:
    """A temporary copy of data/, and a temporary cache of validated tables (so nothing lands in .cache/)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        target = Path(tmp) / "data"
        shutil.copytree(config.DATA_DIR, target)
        previous = config.CACHE_DIR
        config.CACHE_DIR = Path(tmp) / "cache"
        try:
            yield target
        finally:
            config.CACHE_DIR = previous


_stamps = count(1)


def write(path: Path, data: bytes) -> None:
    """Write `data` and give the file a modification time no other example had.

    read_table remembers validated files by path, size, inode and modification time; two examples of
    the same size written within one tick of the file system clock would otherwise share an identity.
    """
    path.write_bytes(data)
    stamp = 1_700_000_000_000_000_000 + next(_stamps) * 1_000
    os.utime(path, ns=(stamp, stamp))


def check_load(name: str, data_dir: Path, data: bytes) -> None:
    """Write `data` as the table's file and load it: it loads, or raises a well-formed DataError."""
    path = data_dir / table_schema(name, data_dir).path
    original = path.read_bytes()
    write(path, data)
    try:
        LOADERS[name](data_dir)
    except DataError as exc:
        assert exc.problems, "a DataError without problems"
        for problem in exc.problems:
            # Only this file differs from the valid data, so every problem is in this file.
            assert str(problem).startswith((f"{path}:", f"{path} — ")), str(problem)
    finally:
        write(path, original)


def real_bytes(name: str) -> bytes:
    return (config.DATA_DIR / table_schema(name).path).read_bytes()


def real_header(name: str) -> bytes:
    return real_bytes(name).split(b"\n", 1)[0] + b"\n"


# --- random bytes -------------------------------------------------------------------------------------

PREFIXES = [b"", b"\xef\xbb\xbf", b"PK\x03\x04"]


@st.composite
def random_file(draw, name: str) -> bytes:
    prefix = draw(st.sampled_from([*PREFIXES, real_header(name), real_header(name).rstrip(b"\n")]))
    body = draw(
        st.one_of(
            st.binary(max_size=400),
            # Mostly printable bytes with commas, quotes and line breaks: gets further into the parser.
            st.lists(st.sampled_from(list(b'abc019-., "\r\n\t') + [0xC3, 0xA9, 0xFF]), max_size=200).map(bytes),
        )
    )
    return prefix + body


@pytest.mark.parametrize("name", TABLES)
def test_random_bytes_raise_only_data_error(name: str):
    with data_copy() as data_dir:

        @settings(FUZZ, max_examples=RANDOM_EXAMPLES)
        @given(data=random_file(name))
        def run(data: bytes) -> None:
            check_load(name, data_dir, data)

        run()


# --- near-valid files ------------------------------------------------------------------------------------

#: Cell values that have broken CSV readers or type parsers before.
TRICKY = [
    "", " ", "  x", "x ", '"', '""', "'", ",", ";", "\n", "\r", "\r\n", "a\nb", "\t", "\u00a0", "\ufeff",
    "NA", "N/A", "None", "null", "NaN", "nan", "inf", "-inf", "Infinity", "true", "TRUE", "false", "0", "-0",
    "1", "2", "3", "-1", "0.0", "1e3", "1e400", "-1e400", "+5", ".5", "5.", "1,200", "12 months", "1_000",
    "99999999999999999999", "-99999999999999999999", "2023-02-30", "2023-13", "2024-12-4", "2024", "24:00",
    "09:00", "23:59", "00:00", "x" * 300, "é", "😀", "\u202e", "العربية", "\x7f", "\\", "%s", "{0}",
]

#: A few substrings inserted anywhere in the text: quotes, separators, line breaks, spaces, unicode.
INSERTS = ['"', '""', ",", "\n", "\r", "\r\n", " ", "\t", "é", "\ufeff", "\u2028", "\x85", "😀", "\\", "'", "\x00"]


def records(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(real_bytes(name).decode("utf-8"), newline="")))


def serialise(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


cell_text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=12),
    st.from_regex(r"[+-]?[0-9]{1,25}", fullmatch=True),
    st.from_regex(r"[+-]?[0-9]{0,4}\.?[0-9]{0,4}([eE][+-]?[0-9]{1,4})?", fullmatch=True),
    st.text(st.characters(categories=["Nd"]), min_size=1, max_size=6),  # digits of every script
)


@st.composite
def mutated_file(draw, name: str) -> bytes:
    rows = [list(r) for r in records(name)]
    raw: dict[str, str] = {}  # placeholders for values written as they are, without csv's quoting
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["cell", "cell", "cell", "cell", "raw", "raw", "drop", "repeat", "line"]))
        # Mostly a data row: one draw in ten changes the header (hypothesis would otherwise favour row 0).
        i = 0 if draw(st.integers(0, 9)) == 9 or len(rows) == 1 else draw(st.integers(1, len(rows) - 1))
        if kind == "line":
            if draw(st.booleans()):
                rows.insert(draw(st.integers(0, len(rows))), list(rows[i]))
            elif len(rows) > 1:
                rows.pop(i)
            continue
        row = rows[i] or [""]
        rows[i] = row
        j = draw(st.integers(0, len(row) - 1))
        if kind == "cell":
            row[j] = draw(cell_text)
        elif kind == "raw":
            placeholder = f"\x01{len(raw)}\x01"
            raw[placeholder] = draw(st.one_of(cell_text.map(lambda t: f'"{t}"'), st.sampled_from(INSERTS), cell_text))
            row[j] = placeholder
        elif kind == "drop":
            del row[j]
        else:
            row.insert(j, row[j])
    text = serialise(rows)
    for placeholder, value in raw.items():
        text = text.replace(placeholder, value)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # edits of the text itself, anywhere
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.one_of(st.sampled_from(INSERTS), st.text(max_size=4))) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8", errors="surrogatepass")


@pytest.mark.parametrize("name", TABLES)
def test_near_valid_files_load_or_raise_data_error(name: str):
    with data_copy() as data_dir:

        @settings(FUZZ, max_examples=MUTATED_EXAMPLES)
        @given(data=mutated_file(name))
        def run(data: bytes) -> None:
            check_load(name, data_dir, data)

        run()
