"""Reading generated PDFs back in tests, with poppler's pdftotext."""

import subprocess


def pdf_text(document) -> str:
    """The text of a generated document, whitespace collapsed (table cells wrap lines)."""
    with document.file.open("rb") as pdf:
        return pdf_bytes_text(pdf.read())


def pdf_bytes_text(content: bytes) -> str:
    """The text of a PDF, whitespace collapsed."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
        timeout=30,
    )
    return " ".join(result.stdout.decode("utf-8").split())


def squash(text: str) -> str:
    return " ".join(text.split())
