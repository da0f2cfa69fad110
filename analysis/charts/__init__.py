"""Chart functions: each takes data frames and returns a matplotlib Figure with alt text. None saves.

The chart functions are imported on first use, so that the registry, the style and the rendering
helpers of this package can be imported without pandas or matplotlib.
"""

from __future__ import annotations

from importlib import import_module

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


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
