"""WeProtect Global Alliance 2024 Global Summit: the public record as validated data, analyses and charts.

The public names below are imported on first use, so `import analysis` is cheap and a build with
nothing to do never imports pandas or matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import DataError, Problem
from .lazy import lazy_names

_LAZY = {
    "load_adoption": "data.load",
    "load_household_adoption": "data.load",
    "load_sources": "data.load",
    "load_organisations": "data.load",
    "load_people": "data.load",
    "load_sessions": "data.load",
    "load_session_themes": "data.load",
    "load_session_people": "data.load",
    "load_statistics": "data.load",
    "load_all": "data.load",
}

__all__ = ["DataError", "Problem", "charts", *_LAZY]


__getattr__, __dir__ = lazy_names(__name__, {"charts": "", **_LAZY})


if TYPE_CHECKING:  # pragma: no cover
    from .data.load import (
        load_adoption,
        load_all,
        load_household_adoption,
        load_organisations,
        load_people,
        load_session_people,
        load_session_themes,
        load_sessions,
        load_sources,
        load_statistics,
    )
