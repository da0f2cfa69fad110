"""Numbers written as a person reads them, the same way in every table and chart."""

from __future__ import annotations


def format_count(value: float) -> str:
    """'21.8 million' from a million upwards, else the number with thousands separators ('291,273', '12.5')."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}".removesuffix(".0") + " million"
    return format_value(value)


def format_published(value: float, qualifier: str) -> str:
    """A value as a person reads it: a rounded figure of a million or more in words ('more than 300 million'),
    an exact count with all its digits ('21,751,085'), each with its published qualifier."""
    rounded = str(qualifier) not in ("exact", "", "nan", "None")
    text = format_count(value) if rounded and abs(value) >= 1_000_000 else format_value(value)
    return qualified(text, str(qualifier))


def format_value(value: float) -> str:
    """A value as published: whole numbers with thousands separators, decimals kept ('12.6', '1,200')."""
    return f"{value:,.0f}" if float(value) == int(value) else f"{value:,}"


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve")


def number_word(n: int) -> str:
    """A whole number as written in running text: words up to twelve ('three'), digits above ('14')."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def join_words(items: list[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def capitalise(text: str) -> str:
    """The first letter in capitals, the rest as it is: 'civil society' -> 'Civil society'; 'UN ...' unchanged."""
    return text[:1].upper() + text[1:]


def qualified(text: str, qualifier: str) -> str:
    """A formatted value with its published qualifier in front ('about 36.2 million'); 'exact' adds nothing."""
    return text if qualifier in ("exact", "", "nan", None) else f"{qualifier} {text}"
