"""Direct labels placed where they overlap neither each other nor the data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Text
from matplotlib.transforms import Bbox


_LEADER = {"arrowstyle": "-", "color": "#999999", "linewidth": 0.6, "shrinkA": 1, "shrinkB": 4}


@dataclass(frozen=True)
class Spot:
    """A candidate position: data point (x, y), an offset in points, and the text alignment."""

    x: float
    y: float
    dx: float = 0.0
    dy: float = 0.0
    ha: str = "center"
    va: str = "center"
    leader: bool = False  # draw a thin line from the label to the point


@dataclass(frozen=True)
class Label:
    text: str
    spots: Sequence[Spot]
    colour: str


def around(x: float, y: float, gaps: Sequence[float] = (5.0, 16.0, 28.0)) -> list[Spot]:
    """Spots around a marker: right, left, above, below, then the diagonals; further rings get a leader line."""
    spots = []
    for ring, gap in enumerate(gaps):
        d = gap * 0.75
        spots += [
            Spot(x, y, gap, 0, "left", "center", ring > 0),
            Spot(x, y, -gap, 0, "right", "center", ring > 0),
            Spot(x, y, 0, gap, "center", "bottom", ring > 0),
            Spot(x, y, 0, -gap, "center", "top", ring > 0),
            Spot(x, y, d, d, "left", "bottom", ring > 0),
            Spot(x, y, -d, d, "right", "bottom", ring > 0),
            Spot(x, y, d, -d, "left", "top", ring > 0),
            Spot(x, y, -d, -d, "right", "top", ring > 0),
        ]
    return spots


def place_labels(
    ax: Axes,
    labels: Sequence[Label],
    obstacles: np.ndarray,
    *,
    fontsize: float = 8.5,
    pad: float = 2.0,
    passes: int = 4,
    markers: np.ndarray | None = None,
    clearance: float = 0.0,
) -> list[Text]:
    """Place each label at the spot that overlaps the fewest other labels, leader lines and obstacles.

    `obstacles` are data coordinates (n × 2) of points the labels must not cover (markers, line
    vertices). `markers` (data coordinates, n × 2) are obstacles with a size: a label also covers one
    whose centre lies within `clearance` points of its box (a marker's radius), so no label touches a
    marker beside it; spots should lie further than that from their own marker. Spots are tried in
    order and ties go to the earlier spot, so near spots win. After a
    first greedy pass, each label is moved again given all the others, a few times over. Axes limits
    and position must be final before calling. Deterministic: the same input gives the same placement.
    """
    renderer = ax.figure.canvas.get_renderer()
    points = ax.transData.transform(obstacles) if len(obstacles) else np.empty((0, 2))
    sized = ax.transData.transform(markers) if markers is not None and len(markers) else np.empty((0, 2))
    axes_box = ax.get_window_extent(renderer)
    sizes = [_text_size(ax, label.text, fontsize, renderer) for label in labels]
    geometry = [[_measure(ax, size, spot, pad) for spot in label.spots] for label, size in zip(labels, sizes, strict=True)]
    choice: list[int | None] = [None] * len(labels)
    clear = clearance * ax.figure.dpi / 72

    def cost(i: int, k: int) -> int:
        box, leader = geometry[i][k]
        total = _count_inside(box, points) + _count_inside(box.padded(clear), sized)
        total += 0 if _within(box, axes_box) else 1000
        for j, other in enumerate(choice):
            if j == i or other is None:
                continue
            other_box, other_leader = geometry[j][other]
            total += 10 * box.overlaps(other_box)
            total += 10 * _count_inside(box, other_leader) + 10 * _count_inside(other_box, leader)
        return total + (1 if len(leader) else 0)

    for _ in range(passes):
        changed = False
        for i in range(len(labels)):
            costs = [cost(i, k) for k in range(len(labels[i].spots))]
            best = int(np.argmin(costs))
            if best != choice[i]:
                choice[i], changed = best, True
        if not changed:
            break
    texts = []
    for label, k in zip(labels, choice, strict=True):
        spot = label.spots[k]
        texts.append(_annotate(ax, label, spot, fontsize))
    return texts


def _annotate(ax: Axes, label: Label, spot: Spot, fontsize: float) -> Text:
    return ax.annotate(
        label.text,
        (spot.x, spot.y),
        xytext=(spot.dx, spot.dy),
        textcoords="offset points",
        ha=spot.ha,
        va=spot.va,
        fontsize=fontsize,
        color=label.colour,
        annotation_clip=False,
        arrowprops=_LEADER if spot.leader else None,
    )


def _measure(ax: Axes, size: tuple[float, float], spot: Spot, pad: float) -> tuple[Bbox, np.ndarray]:
    """The box (display units, padded) of a label of `size` at `spot`, and points along its leader line.

    The text is measured once per label; its box at each spot follows from the anchor, the offset and
    the alignment, without drawing.
    """
    width, height = size
    scale = ax.figure.dpi / 72
    anchor_x, anchor_y = ax.transData.transform((spot.x, spot.y))
    x = anchor_x + spot.dx * scale
    y = anchor_y + spot.dy * scale
    x0 = {"left": x, "center": x - width / 2, "right": x - width}[spot.ha]
    y0 = {"bottom": y, "center": y - height / 2, "top": y - height}[spot.va]
    box = Bbox.from_bounds(x0, y0, width, height).padded(pad)
    if not spot.leader:
        return box, np.empty((0, 2))
    start = np.array([anchor_x, anchor_y])
    end = np.array([np.clip(start[0], box.x0, box.x1), np.clip(start[1], box.y0, box.y1)])
    t = np.linspace(0.15, 0.85, 8)[:, None]
    return box, start + (end - start) * t


def _text_size(ax: Axes, text: str, fontsize: float, renderer) -> tuple[float, float]:
    probe = ax.text(0, 0, text, fontsize=fontsize)
    extent = probe.get_window_extent(renderer)
    probe.remove()
    return extent.width, extent.height


def _within(box: Bbox, outer: Bbox) -> bool:
    return outer.x0 <= box.x0 and box.x1 <= outer.x1 and outer.y0 <= box.y0 and box.y1 <= outer.y1


def _count_inside(box: Bbox, points: np.ndarray) -> int:
    if not len(points):
        return 0
    inside = (
        (points[:, 0] >= box.x0) & (points[:, 0] <= box.x1) & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)
    )
    return int(np.count_nonzero(inside))


def densify(x: np.ndarray, y: np.ndarray, per_segment: int = 8) -> np.ndarray:
    """Points along a polyline (for obstacles), `per_segment` per segment, as an n × 2 array."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if len(x) < 2:
        return np.column_stack([x, y])
    t = np.linspace(0, 1, per_segment, endpoint=False)
    xs = (x[:-1, None] + (x[1:] - x[:-1])[:, None] * t).ravel()
    ys = (y[:-1, None] + (y[1:] - y[:-1])[:, None] * t).ravel()
    return np.column_stack([np.append(xs, x[-1]), np.append(ys, y[-1])])
