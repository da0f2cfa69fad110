"""Numbers written as a person reads them, the same way in every table and chart."""

from __future__ import annotations


def format_count(value: float) -> str:
    """'21.8 million' from a million upwards, else the number with thousands separators ('291,273', '12.5')."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}".removesuffix(".0") + " million"
    return format_value(value)


def format_value(value: float) -> str:
    """A value as published: whole numbers with thousands separators, decimals kept ('12.6', '1,200')."""
    return f"{value:,.0f}" if float(value) == int(value) else f"{value:,}"
