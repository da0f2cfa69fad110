"""Chart functions: each takes data frames and returns a matplotlib Figure with alt text. None saves.

The chart functions are imported on first use, so that the registry, the style and the rendering
helpers of this package can be imported without pandas or matplotlib.
"""

from __future__ import annotations

from ..lazy import lazy_names

_LAZY = {
    "adoption_trend": "adoption",
    "household_curves": "adoption",
    "summit_comparison": "adoption",
    "claims_chart": "claims",
    "halving_chart": "claims",
    "childlight_prevalence": "statistics",
    "iwf_reports": "statistics",
    "ncmec_reports": "statistics",
    "programme_chart": "summit",
    "sector_chart": "summit",
    "themes_heatmap": "summit",
}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
