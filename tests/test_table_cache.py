"""The cache of validated tables: Arrow files that give back exactly the validated frame and never run code.

Each test has its own cache folder and starts with nothing remembered in the process, so every load reads
the folder (or validates).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analysis import config
from analysis.data import tables
from analysis.data.load import LOADERS
from analysis.data.schema import table_schema
from analysis.data.store import SUFFIX, VALIDATED, _decode, _encode, read_stored, same_frame


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """An empty cache folder, and nothing validated in this process (restored afterwards)."""
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    saved = dict(VALIDATED)
    VALIDATED.clear()
    yield tmp_path / "cache" / "tables"
    VALIDATED.clear()
    VALIDATED.update(saved)


def no_validation(monkeypatch) -> None:
    """From now on a table can only come from the cache folder: validating one fails the test."""
    VALIDATED.clear()

    def fail(*args, **kwargs):
        raise AssertionError("the table was validated again instead of read from the cache")

    monkeypatch.setattr(tables, "_validate", fail)


def stored_file(cache: Path, name: str) -> Path:
    """The one stored file of table `name`."""
    (found,) = cache.glob(f"{name}-*{SUFFIX}")
    return found


def assert_exactly_equal(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left, right, check_dtype=True, check_exact=True, check_index_type=True,
                                  check_column_type=True, check_categorical=True)
    assert same_frame(left, right)  # also each categorical's categories dtype and each string dtype's storage


def test_every_table_loads_from_the_cache_exactly_as_validated(cache, monkeypatch):
    fresh = {name: loader() for name, loader in LOADERS.items()}
    validated = {name: frame.copy() for name, frame in zip_tables(VALIDATED)}
    assert sorted(p.suffix for p in cache.iterdir()) == [SUFFIX] * len(LOADERS)  # one Arrow file per table
    no_validation(monkeypatch)
    for name, loader in LOADERS.items():
        assert_exactly_equal(loader(), fresh[name])
        assert_exactly_equal(read_stored(stored_file(cache, name)), validated[name])


def zip_tables(validated: dict[tuple, pd.DataFrame]) -> list[tuple[str, pd.DataFrame]]:
    """(table name, frame) of the tables validated in this process, by the name of their file."""
    by_file = {Path(identity[1][0]).name: frame for identity, frame in validated.items()}
    return [(name, by_file[Path(table_schema(name, None).path).name]) for name in LOADERS]


def test_dtypes_arrow_does_not_keep_are_restored_from_the_schema_metadata():
    categories = pd.Index(["b", "a", "c"], dtype="str")
    frame = pd.DataFrame({
        "empty category": pd.Categorical([], categories=categories, ordered=True),
        "python string": pd.Series([], dtype=pd.StringDtype("python")),
        "NA string": pd.Series([], dtype=pd.StringDtype("pyarrow", na_value=pd.NA)),
        "object categories": pd.Categorical([], categories=pd.Index(["x"], dtype=object)),
    })
    plain = pa.Table.from_pandas(frame).to_pandas()
    assert not same_frame(plain, frame)  # Arrow alone loses these dtypes
    assert_exactly_equal(_decode(_encode(frame)), frame)


def test_every_kind_of_column_round_trips():
    rows = 4
    frame = pd.DataFrame({
        "text": pd.Series(["a", None, "ç", ""], dtype="str"),
        "integer": pd.array([1, None, -(2 ** 62), 0], dtype="Int64"),
        "flag": pd.array([True, None, False, True], dtype="boolean"),
        "number": [1.5, np.nan, -0.0, 1e300],
        "enum": pd.Categorical(["b", None, "a", "b"], categories=pd.Index(["b", "a", "z"], dtype="str"), ordered=True),
        "date": pd.Series(["2024-12-04", None, "1970-01-01", "2099-01-31"], dtype="datetime64[us]"),
        "aware": pd.date_range("2024-03-30", periods=rows, freq="D", tz="Europe/London"),
        "month": pd.period_range("2024-01", periods=rows, freq="M"),
        "plain integer": np.arange(rows, dtype="int64"),
    })
    assert_exactly_equal(_decode(_encode(frame)), frame)
    assert_exactly_equal(_decode(_encode(frame.iloc[:0])), frame.iloc[:0])


class _Payload:
    """Unpickling this creates the file `marker` (as any pickle may run any code)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return open, (str(self.marker), "w")


def test_a_planted_pickle_is_never_run_and_the_table_is_still_loaded(cache, tmp_path):
    fresh = LOADERS["adoption"]()
    target = stored_file(cache, "adoption")
    witness = tmp_path / "witness"
    pickle.loads(pickle.dumps(_Payload(witness))).close()
    assert witness.exists()  # the payload works: unpickled, it creates its marker

    marker = tmp_path / "marker"
    planted = pickle.dumps(_Payload(marker), protocol=pickle.HIGHEST_PROTOCOL)
    target.write_bytes(planted)
    target.with_suffix(".pkl").write_bytes(planted)  # where earlier versions kept the table
    VALIDATED.clear()
    assert_exactly_equal(LOADERS["adoption"](), fresh)
    assert not marker.exists()
    assert_exactly_equal(read_stored(target), tables.read_table("adoption"))  # rebuilt as an Arrow file
    assert not marker.exists()


@pytest.mark.parametrize("damage", ["truncated", "header only", "empty", "garbage", "pickled frame"])
def test_a_damaged_cache_file_is_ignored_and_rebuilt(cache, damage):
    fresh = LOADERS["statistics"]()
    target = stored_file(cache, "statistics")
    good = target.read_bytes()
    damaged = {
        "truncated": good[: len(good) // 2],
        "header only": good[:64],
        "empty": b"",
        "garbage": b"ARROW1\x00\x00" + bytes(range(256)) * 4,
        "pickled frame": pickle.dumps(fresh),  # a pickle is never read, even of the right table
    }[damage]
    target.write_bytes(damaged)
    assert read_stored(target) is None
    VALIDATED.clear()
    assert_exactly_equal(LOADERS["statistics"](), fresh)
    assert target.read_bytes() == good


def test_a_file_whose_dtypes_do_not_match_its_description_is_a_miss(cache):
    LOADERS["organisations"]()
    target = stored_file(cache, "organisations")
    table = pa.ipc.open_file(target.read_bytes()).read_all()
    wrong = table.replace_schema_metadata({**table.schema.metadata, b"analysis.dtypes": b'[["id", {"dtype": "int64"}]]'})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, wrong.schema) as writer:
        writer.write_table(wrong)
    target.write_bytes(sink.getvalue().to_pybytes())
    assert read_stored(target) is None
