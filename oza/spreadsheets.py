"""Helpers for files opened in a spreadsheet (CSV with ';' and XLSX), shared by every export."""

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Neutralise values a spreadsheet would run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in FORMULA_PREFIXES else text


def decimal_comma(amount) -> str:
    """Amounts as Dutch spreadsheets read them next to the ';' delimiter: 1234,50."""
    return f"{amount:.2f}".replace(".", ",")
