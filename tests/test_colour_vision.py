"""Charts for colour-blind readers: the colours a chart must tell apart stay apart under simulated colour-vision
deficiencies, or the marks that share a look in colour differ in something else (shape, dash, hatch, outline).

The marks are read from each registered figure as drawn: every line, marker, bar or box drawn in data
coordinates, and every legend key. Two marks of the same kind and shape (both solid lines, both filled circles,
both plain bars...) can only be told apart by colour, so their colours must differ by at least `MIN_DELTA_E`
(CIEDE2000) in normal vision and under each simulated deficiency. Marks of different kinds or shapes differ in
more than colour and are not compared. Reference lines and shaded spans drawn across the axes (axvline,
axhspan and the like) are context, not data, and are left out.

Simulation: Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of color
vision deficiency", severity 1.0 (dichromacy: protanopia, deuteranopia, tritanopia), applied to linear sRGB.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pytest
from matplotlib.collections import Collection, LineCollection
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.spines import Spine

from analysis.charts.registry import FIGURES, make_figure

#: The least CIEDE2000 difference between two colours that alone tell two marks apart. About 1 is a just
#: noticeable difference side by side; 10 is chosen so that colours differ at a glance, in small marks and thin
#: lines, not only side by side in large patches. The Okabe-Ito pairs the charts use stay at 10.9 or more.
MIN_DELTA_E = 10.0

#: Machado et al. (2009), table of simulation matrices, severity 1.0; rows give the simulated linear R, G, B.
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
VISIONS = ("normal", *MACHADO)


def to_linear(srgb):
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def to_srgb(linear):
    linear = np.clip(linear, 0, 1)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate(srgb, vision: str):
    """sRGB colours (values 0-1, last axis R, G, B) as seen with `vision` ('normal' or a key of MACHADO)."""
    if vision == "normal":
        return np.asarray(srgb, dtype=float)
    return to_srgb(to_linear(srgb) @ np.array(MACHADO[vision]).T)


_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_D65 = np.array([0.95047, 1.0, 1.08883])


def lab(srgb):
    """CIELAB (D65) of sRGB colours."""
    xyz = to_linear(srgb) @ _SRGB_TO_XYZ.T / _D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def ciede2000(lab1, lab2):
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), broadcasting over leading axes."""
    L1, a1, b1 = np.moveaxis(np.asarray(lab1, dtype=float), -1, 0)
    L2, a2, b2 = np.moveaxis(np.asarray(lab2, dtype=float), -1, 0)
    mean_c = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(mean_c**7 / (mean_c**7 + 25.0**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    chromatic = c1 * c2 != 0
    dh = h2 - h1
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(chromatic, dh, 0)
    d_l, d_c = L2 - L1, c2 - c1
    d_h = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    mean_l, mean_c = (L1 + L2) / 2, (c1 + c2) / 2
    total = h1 + h2
    mean_h = np.where(np.abs(h1 - h2) > 180, np.where(total < 360, total + 360, total - 360), total) / 2
    mean_h = np.where(chromatic, mean_h, total)
    t = (1 - 0.17 * np.cos(np.radians(mean_h - 30)) + 0.24 * np.cos(np.radians(2 * mean_h))
         + 0.32 * np.cos(np.radians(3 * mean_h + 6)) - 0.20 * np.cos(np.radians(4 * mean_h - 63)))
    rotation = -np.sin(np.radians(60 * np.exp(-(((mean_h - 275) / 25) ** 2)))) * 2 * np.sqrt(
        mean_c**7 / (mean_c**7 + 25.0**7))
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / np.sqrt(20 + (mean_l - 50) ** 2)
    s_c, s_h = 1 + 0.045 * mean_c, 1 + 0.015 * mean_c * t
    return np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + rotation * (d_c / s_c) * (d_h / s_h))


def delta_e(colour1: str, colour2: str, vision: str) -> float:
    return float(ciede2000(lab(simulate(to_rgb(colour1), vision)), lab(simulate(to_rgb(colour2), vision))))


# What the charts draw ---------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Mark:
    """A kind of mark as drawn: what it is and its shape (what tells it apart besides colour), and its colours
    (one, or fill and outline), each as seen on white."""

    kind: str
    shape: str
    colours: tuple[str, ...]

    @property
    def cue(self) -> tuple[str, str]:
        return self.kind, self.shape


def _on_white(colour) -> str | None:
    """The colour as seen over the white background (alpha blended), or None where nothing is drawn."""
    if colour is None or (isinstance(colour, str) and colour.lower() == "none"):
        return None
    r, g, b, a = to_rgba(colour)
    if a == 0:
        return None
    return to_hex(tuple(a * c + 1 - a for c in (r, g, b)))


def _marks_of_line(line: Line2D) -> list[Mark]:
    marks = []
    if line.get_linestyle() not in ("None", "", " ") and len(line.get_xdata()) > 1:
        marks.append(Mark("line", str(line.get_linestyle()), (_on_white(line.get_color()),)))
    if line.get_marker() not in ("None", "", " ", None):
        face, edge = _on_white(line.get_markerfacecolor()), _on_white(line.get_markeredgecolor())
        filled = face not in (None, "#ffffff")
        marks.append(Mark("marker", f"{line.get_marker()} {'filled' if filled else 'hollow'}",
                          (face or "#ffffff", edge or face or "#ffffff")))
    return marks


def _marks_of_collection(collection: Collection) -> list[Mark]:
    if isinstance(collection, LineCollection):
        return [Mark("line", str(collection.get_linestyle()[0]), (_on_white(c),))
                for c in collection.get_edgecolors() if _on_white(c)]
    shape = ";".join(str(np.round(p.vertices, 2).tolist()) for p in collection.get_paths())
    edges = [_on_white(c) for c in collection.get_edgecolors()] if np.max(collection.get_linewidths(), initial=0) else []
    faces = [_on_white(c) for c in collection.get_facecolors()]
    marks = []
    for i, face in enumerate(faces):
        edge = edges[i % len(edges)] if edges else None
        if face or edge:
            marks.append(Mark("marker", f"{shape} {'filled' if face and face != '#ffffff' else 'hollow'}",
                              (face or "#ffffff", edge or face)))
    return marks


def _marks_of_patch(patch: Patch) -> list[Mark]:
    face = _on_white(patch.get_facecolor())
    if face is None or face == "#ffffff":
        return []  # a white box is told apart by its outline, not its colour
    outlined = patch.get_linewidth() > 0 and _on_white(patch.get_edgecolor()) not in (None, face)
    return [Mark("area", f"hatch {patch.get_hatch() or 'none'}, outline "
                         f"{patch.get_linestyle() if outlined else 'none'}", (face,))]


def drawn_marks(fig) -> set[Mark]:
    """Every kind of mark the figure draws in data coordinates, and every legend key."""
    marks: set[Mark] = set()
    for ax in fig.axes:
        for artist in ax.get_children():
            if not artist.get_visible():
                continue
            in_data = artist.get_transform().contains_branch(ax.transData)
            if isinstance(artist, Line2D) and in_data:
                marks.update(_marks_of_line(artist))
            elif isinstance(artist, Collection) and (in_data or artist.get_offset_transform().contains_branch(ax.transData)):
                marks.update(_marks_of_collection(artist))
            elif isinstance(artist, Patch) and not isinstance(artist, Spine) and artist is not ax.patch and in_data:
                marks.update(_marks_of_patch(artist))
        legend = ax.get_legend()
        for handle in legend.legend_handles if legend else ():
            if isinstance(handle, Line2D):
                marks.update(_marks_of_line(handle))
            elif isinstance(handle, Patch):
                marks.update(_marks_of_patch(handle))
            elif isinstance(handle, Collection):
                marks.update(_marks_of_collection(handle))
    return marks


def mark_difference(a: Mark, b: Mark, vision: str) -> float:
    """How far apart two marks of one kind and shape look in colour: the larger of their fills' and their
    outlines' differences (either one tells them apart)."""
    return max(delta_e(x, y, vision) for x, y in zip(a.colours, b.colours, strict=True))


def colour_clashes(fig) -> list[str]:
    """Pairs of marks told apart by colour alone whose colours come closer than MIN_DELTA_E under some vision."""
    clashes = []
    for a, b in itertools.combinations(sorted(drawn_marks(fig)), 2):
        if a.cue != b.cue:
            continue  # differ in shape, dash, hatch or outline: colour is not the only cue
        for vision in VISIONS:
            difference = mark_difference(a, b, vision)
            if difference < MIN_DELTA_E:
                clashes.append(f"{a.kind} ({a.shape}) {'/'.join(a.colours)} vs {'/'.join(b.colours)}: "
                               f"ΔE00 {difference:.1f} in {vision} vision")
    return clashes


# The colour science itself ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    # Sharma, Wu and Dalal (2005), test data pairs 1, 7, 17, 25 and 34.
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert float(ciede2000(lab1, lab2)) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_greys_and_confuses_what_each_deficiency_confuses():
    for vision in MACHADO:
        for grey in (0.0, 0.5, 1.0):
            assert simulate([grey] * 3, vision) == pytest.approx([grey] * 3, abs=2e-3)
    # Red and green, far apart in normal vision, come close without L or M cones; blue and green stay apart
    # for them but come close without S cones.
    red, green = "#CC3311", "#558800"
    assert delta_e(red, green, "normal") > 40
    assert delta_e(red, green, "deuteranopia") < 12 and delta_e(red, green, "protanopia") < 20
    assert delta_e("#0072B2", "#009E73", "deuteranopia") > 20 > delta_e("#0072B2", "#009E73", "tritanopia")


def test_marks_are_read_from_the_drawing():
    # The household chart: context lines, each population's line and crossing dots, and the 10%-50% boxes.
    marks = drawn_marks(make_figure("household-adoption"))
    kinds = {(m.kind, m.colours[0]) for m in marks}
    assert {("line", "#cfcfcf"), ("line", "#0072b2"), ("line", "#d55e00"),
            ("marker", "#0072b2"), ("marker", "#d55e00")} <= kinds
    assert {m.kind for m in marks} == {"line", "marker", "area"}
    # The claims chart's hollow circle (the published figure) is its own mark, not a grey dot.
    claims = drawn_marks(make_figure("claims-vs-evidence"))
    assert Mark("marker", "o hollow", ("#ffffff", "#777777")) in claims


# Every chart ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FIGURES))
def test_colours_a_chart_must_tell_apart_stay_apart(name):
    assert colour_clashes(make_figure(name)) == []


def test_heatmaps_keep_their_order_of_lightness():
    """A sequential colour scale reads as 'darker is more' for every reader: CIELAB lightness falls strictly
    with the value, in normal vision and under each deficiency (the counts are also written in the cells)."""
    images = [(name, artist) for name in FIGURES for ax in make_figure(name).axes
              for artist in ax.get_children() if isinstance(artist, AxesImage)]
    assert images, "no heatmap found"
    for name, image in images:
        values = np.unique(np.asarray(image.get_array(), dtype=float))
        colours = image.to_rgba(values)[:, :3]
        for vision in VISIONS:
            lightness = lab(simulate(colours, vision))[:, 0]
            assert np.all(np.diff(lightness) < 0), (name, vision, lightness)


def test_tints_for_boxes_with_text_stay_apart_and_readable():
    from analysis.charts.style import TINTS

    for (_, a), (_, b) in itertools.combinations(TINTS.items(), 2):
        for vision in VISIONS:
            assert delta_e(a, b, vision) >= MIN_DELTA_E, (a, b, vision)

    def luminance(colour: str) -> float:
        return float(to_linear(to_rgb(colour)) @ (0.2126, 0.7152, 0.0722))

    text = luminance("#222222")
    assert all((luminance(tint) + 0.05) / (text + 0.05) >= 7 for tint in TINTS.values())  # WCAG AAA
