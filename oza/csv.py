"""CSV exports shared by the apps."""


def csv_safe(value) -> str:
    """Neutralise values a spreadsheet would run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
