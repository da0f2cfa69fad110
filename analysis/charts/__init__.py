"""Chart functions: each takes data frames and returns a matplotlib Figure with alt text. None saves."""

from .adoption import adoption_trend, household_curves, summit_comparison
from .claims import claims_chart, halving_chart
from .statistics import childlight_prevalence, iwf_reports, ncmec_reports
from .summit import programme_chart, sector_chart, themes_heatmap

__all__ = [
    "adoption_trend",
    "childlight_prevalence",
    "claims_chart",
    "halving_chart",
    "household_curves",
    "iwf_reports",
    "ncmec_reports",
    "programme_chart",
    "sector_chart",
    "summit_comparison",
    "themes_heatmap",
]
