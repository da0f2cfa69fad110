"""Saved figures: the committed files equal a fresh build, byte for byte; writes are atomic."""

from __future__ import annotations


import pytest

from analysis import DataError, config
from analysis.build.figures import write_figures
from analysis.charts.registry import FIGURES
from analysis.files import atomic_write_bytes


@pytest.mark.slow
def test_committed_figures_equal_a_fresh_build(tmp_path):
    written = write_figures(out_dir=tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.{ext}" for n in FIGURES for ext in ("png", "svg"))
    for path in written:
        committed = config.FIGURES_DIR / path.name
        assert committed.exists(), f"{path.name} is not committed; run `make figures`"
        assert path.read_bytes() == committed.read_bytes(), f"figures/{path.name} is stale; run `make figures`"


def test_two_builds_give_identical_bytes(tmp_path):
    first = {p.name: p.read_bytes() for p in write_figures(["household-adoption"], tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_figures(["household-adoption"], tmp_path / "b")}
    assert first == second


def test_files_carry_no_date_or_version_but_do_carry_alt_text(tmp_path):
    png, svg = write_figures(["summit-adoption-comparison"], tmp_path)
    svg_text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in svg_text and "Matplotlib v" not in svg_text
    assert "<dc:description>Dot chart, logarithmic time axis" in svg_text
    assert b"Software" not in png.read_bytes() and b"Description" in png.read_bytes()


def test_bad_data_writes_nothing(tmp_path, data_dir):
    out = tmp_path / "figures"
    out.mkdir()
    (out / "adoption-trend.png").write_bytes(b"previous")
    (data_dir / "adoption.csv").write_text(
        (data_dir / "adoption.csv").read_text(encoding="utf-8").replace(",units sold,", ",unit sold,", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataError):
        write_figures(out_dir=out, data_dir=data_dir)
    assert [p.name for p in out.iterdir()] == ["adoption-trend.png"]
    assert (out / "adoption-trend.png").read_bytes() == b"previous"


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_bytes(b"old")

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr("analysis.files.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind


def test_unknown_figure_name(tmp_path):
    with pytest.raises(KeyError, match="unknown figure"):
        write_figures(["no-such-figure"], tmp_path)


def test_registered_figures_exist_in_the_readme():
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "figures/summit-adoption-comparison.png" in readme
    for name in FIGURES:
        assert name in readme
