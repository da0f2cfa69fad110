"""Source footers built from `sources.csv`."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def source_line(sources: pd.DataFrame, ids: Iterable[str]) -> str:
    """'Source: …' (or 'Sources: …') from the short citations of `ids`, in first-seen order."""
    unique = list(dict.fromkeys(ids))
    by_id = sources.set_index("id")["citation"]
    missing = [i for i in unique if i not in by_id.index]
    if missing:
        raise KeyError(f"source ids not in sources.csv: {', '.join(missing)}")
    label = "Source" if len(unique) == 1 else "Sources"
    return f"{label}: " + "; ".join(by_id[i] for i in unique) + "."
