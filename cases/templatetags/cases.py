from django import template

from ..tables import dossier_rows as build_dossier_rows

register = template.Library()


@register.filter
def dossier_rows(arrangements):
    """``{% with rows=arrangements|dossier_rows %}``: see cases/tables.py."""
    return build_dossier_rows(arrangements)
