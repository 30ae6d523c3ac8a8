"""Template filters and globals: dates, prices, weekdays, links to pages."""

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import Flask


def long_date(value) -> str:
    """"2026-10-06" -> "6 October 2026"."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return ""
    return f"{day.day} {day:%B %Y}"


def price(value) -> str:
    """"65.00" -> "€65", "62.50" -> "€62.50"."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return f"€{amount:.0f}" if amount == amount.to_integral_value() else f"€{amount:.2f}"


def weekday(value: str) -> str:
    return str(value).capitalize()


def register(app: Flask) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(price)
    app.add_template_filter(weekday)
