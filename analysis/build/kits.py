"""Copying the figures' files beside the reports, which link them under each chart."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..config import FIGURE_SUFFIXES


def copy_kits(figures_dir: Path, reports_dir: Path, names: Iterable[str]) -> list[Path]:
    """Copy the files of the figures `names` (those up to date in `figures_dir` for the data the reports were
    built from) into `reports_dir/figures/`, where the reports link them; a file is written (atomically) only
    when its bytes differ. Returns the files written."""
    from ..files import atomic_write_bytes

    written = []
    for name in names:
        for suffix in FIGURE_SUFFIXES:
            source, target = figures_dir / f"{name}{suffix}", reports_dir / "figures" / f"{name}{suffix}"
            if not source.is_file():
                continue
            data = source.read_bytes()
            if not target.is_file() or target.read_bytes() != data:
                atomic_write_bytes(target, data)
                written.append(target)
    return written
