"""The inzage export as a PDF (WeasyPrint, in the Celery worker like oza.documents): every model
of the registry as a section, every row as a table of field and value."""

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from oza.documents.rendering import RenderedPdf, _no_fetching


def sections(data: dict) -> list[dict]:
    """``inzage_data()["gegevens"]`` with the models' and fields' Dutch names."""
    result = []
    for label, rows in data.items():
        model = apps.get_model(label)
        names = {field.name: field.verbose_name for field in model._meta.concrete_fields}
        result.append(
            {
                "title": model._meta.verbose_name_plural,
                "label": label,
                "rows": [
                    [
                        (names.get(key, key), "" if value is None else value)
                        for key, value in row.items()
                    ]
                    for row in rows
                ],
            }
        )
    return result


def render_inzage_pdf(export, data: dict) -> RenderedPdf:
    from weasyprint import HTML  # imported here: loading Pango is only needed by the worker

    made_at = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "avg/inzage_pdf.html",
            {
                "export": export,
                "made_at": made_at,
                "sections": sections(data["gegevens"]),
            },
        )
    rendered = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_no_fetching).render()
    return RenderedPdf(content=rendered.write_pdf(), page_count=len(rendered.pages))
