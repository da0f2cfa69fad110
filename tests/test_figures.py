"""Saved figures: the committed files equal a fresh build, byte for byte; writes are atomic."""

from __future__ import annotations

import subprocess

import pytest

from analysis import DataError, config
from analysis.build.figures import write_figures
from analysis.config import FIGURE_SUFFIXES as FIGURE_FILES
from analysis.charts.registry import FIGURES
from analysis.files import atomic_write_bytes


@pytest.mark.slow
def test_committed_figures_equal_a_fresh_build(full_build):
    """The figures of the run's fresh `build` (tests/conftest.py: `full_build`) are those committed."""
    written = sorted((full_build / "figures").glob("*.*"))
    assert sorted(p.name for p in written) == sorted(f"{n}{suffix}" for n in FIGURES for suffix in FIGURE_FILES)
    tracked = subprocess.run(["git", "ls-files", "figures"], cwd=config.PROJECT_ROOT, capture_output=True, text=True)
    for path in written:
        committed = config.FIGURES_DIR / path.name
        assert committed.exists(), f"{path.name} is not committed; run `make figures`"
        if tracked.returncode == 0:  # in a git checkout (not an unpacked source tree): committed, not just present
            assert f"figures/{path.name}" in tracked.stdout.splitlines(), f"{path.name} is not committed"
        assert path.read_bytes() == committed.read_bytes(), f"figures/{path.name} is stale; run `make figures`"


def test_two_builds_give_identical_bytes(tmp_path):
    first = {p.name: p.read_bytes() for p in write_figures(["household-adoption"], tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_figures(["household-adoption"], tmp_path / "b")}
    assert first == second


def test_files_carry_no_date_or_version_but_do_carry_alt_text(tmp_path):
    png, svg, *_kit = write_figures(["summit-adoption-comparison"], tmp_path)
    svg_text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in svg_text and "Matplotlib v" not in svg_text
    assert "<dc:description>Dot chart, logarithmic time axis" in svg_text
    assert b"Software" not in png.read_bytes() and b"Description" in png.read_bytes()


def test_svg_keeps_its_text_as_text_in_identical_bytes():
    """Text in the SVG is <text> (editable and translatable in slide and drawing tools), in the bundled font
    first with fallbacks ending in a generic family; drawing the figure twice gives the same bytes."""
    import xml.etree.ElementTree as ET

    from analysis.charts.registry import make_figure
    from analysis.charts.saving import figure_bytes
    from analysis.charts.style import alt_text

    for name in ("summit-adoption-comparison", "household-adoption"):
        fig = make_figure(name)
        svg = figure_bytes(fig, "svg")
        assert svg == figure_bytes(make_figure(name), "svg"), name
        root = ET.fromstring(svg)
        texts = root.iter("{http://www.w3.org/2000/svg}text")
        shown = [(t.text, t.get("style")) for t in texts]
        lines = [text for text, _ in shown]
        # The title, wrapped, is one <text> per line, in order; every other text of the chart is there too.
        title = fig.texts[0].get_text().split("\n")
        first = lines.index(title[0])
        assert lines[first : first + len(title)] == title, name
        drawn = [line for t in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_visible())
                 for line in t.get_text().split("\n") if line]
        assert set(drawn) <= set(lines), (name, set(drawn) - set(lines))
        families = {dict(part.split(": ", 1) for part in style.split("; "))["font-family"] for _, style in shown}
        assert families == {"'DejaVu Sans', 'Bitstream Vera Sans', 'Arial', 'Liberation Sans', 'Helvetica', sans-serif"}
        assert b'id="DejaVuSans' not in svg  # no glyphs drawn as paths
        assert alt_text(fig) in svg.decode("utf-8")
        if name == "summit-adoption-comparison":  # text beyond ASCII kept as characters
            assert "96× faster than the automobile's stated time" in lines


def test_png_is_wide_enough_for_a_full_slide_and_small_enough_to_embed():
    """1,920 pixels across (8 inches at 240 dpi), the layout in inches unchanged; the busiest figure stays
    under 600 kB."""
    import io

    from PIL import Image

    from analysis.charts.registry import make_figure
    from analysis.charts.saving import figure_bytes
    from analysis.charts.style import WIDTH_IN

    for name in ("household-adoption", "summit-programme"):
        fig = make_figure(name)
        assert fig.get_figwidth() == WIDTH_IN == 8.0
        png = figure_bytes(fig, "png")
        image = Image.open(io.BytesIO(png))
        assert image.size == (1920, int(fig.get_figheight() * 240)), name
        assert image.info["dpi"] == pytest.approx((240, 240), abs=0.01)
        assert len(png) < 600_000, (name, len(png))


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
