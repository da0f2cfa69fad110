"""WeProtect Global Alliance 2024 Global Summit: the public record as validated data, analyses and charts.

The loaders and the error type are imported eagerly; charts, figures and reports lazily, so that
`import analysis` stays about as cheap as `import pandas`.
"""

from __future__ import annotations

from .errors import DataError, Problem
from .load import load_adoption, load_household_adoption, load_sources

__all__ = [
    "DataError",
    "Problem",
    "load_adoption",
    "load_household_adoption",
    "load_sources",
]
