"""The rows of the dossier table, as plain values.

A Django template pays for every attribute it reads from a model (an item lookup that fails,
then the attribute, then whether it is callable), and for every tag and include in a loop:
25 rows read from the oza's themselves cost a list page about 15 ms to render, dicts about 5.
They are read as values, not as model instances: building the page's hundred-odd related
objects cost about 15 ms, the values about 7. Each row is kept per oza with its markup
(``per_oza``, cases/_dossier_row.html), so a list made anew renders only the rows it makes."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from oza.accounts.models import User
from oza.choices import choice_label
from oza.compiled import compiled_filter

from .cache import per_oza
from .models import (
    Arrangement,
    ArrangementFunction,
    Jeugdige,
    Participation,
    TeamMember,
    TeamRole,
)
from .selectors import TeamRead, arrangements_visible_to

NOTHING = "—"


# Which of a page's oza's the reader may see: checked on every read, as the rows themselves are
# kept for everyone (``per_oza``).
_VISIBLE = TeamRead(
    lambda user, ozas: arrangements_visible_to(user).filter(pk__in=ozas).values("pk"), "ozas"
)
_OZAS = compiled_filter(
    Arrangement.objects.values("pk", "kind", "name", "location", "phase", "planned_end"),
    pk__in="ozas",
)
_PARTICIPANTS = compiled_filter(
    Participation.objects.values(
        "arrangement_id",
        "jeugdige_id",
        "jeugdige__first_name",
        "jeugdige__last_name",
        "jeugdige__school__name",
    ),
    arrangement_id__in="ozas",
)
_PROCESBEGELEIDERS = compiled_filter(
    TeamMember.objects.filter(role=TeamRole.PROCESBEGELEIDER).values(
        "arrangement_id", "user__first_name", "user__last_name", "user__username"
    ),
    arrangement_id__in="ozas",
)
_FUNCTIONS = compiled_filter(
    ArrangementFunction.objects.values("arrangement_id", "function"), arrangement_id__in="ozas"
)


def dossier_rows(user, arrangement_ids) -> list[dict]:
    """One dict per oza of ``arrangement_ids`` (a page of an ordered list) that ``user`` may
    see, in that order, with the ids of its jeugdigen for the audit trail. A row is the same
    for everyone who may see its oza: kept per oza (``per_oza``), so a list made anew after a
    change to one oza makes only that row again."""
    visible = [row["pk"] for row in _VISIBLE(user, ozas=arrangement_ids)]
    rows = per_oza("dossier-row", visible, _made_rows)
    return [rows[pk] for pk in arrangement_ids if pk in rows]


def _made_rows(arrangement_ids: list[int]) -> dict[int, dict]:
    participants = _grouped(_PARTICIPANTS(ozas=arrangement_ids))
    procesbegeleiders = _grouped(_PROCESBEGELEIDERS(ozas=arrangement_ids))
    functions = _grouped(_FUNCTIONS(ozas=arrangement_ids))
    rows = {
        values["pk"]: _row(
            values,
            participants.get(values["pk"], []),
            procesbegeleiders.get(values["pk"], []),
            functions.get(values["pk"], []),
        )
        for values in _OZAS(ozas=arrangement_ids)
    }
    # Kept with its markup: a list made anew renders no row it takes from the cache.
    for row in rows.values():
        row["html"] = render_to_string("cases/_dossier_row.html", {"row": row})
    return rows


def _grouped(rows) -> dict[int, list[dict]]:
    grouped = {}
    for row in rows:
        grouped.setdefault(row["arrangement_id"], []).append(row)
    return grouped


def _row(values, participants, procesbegeleiders, functions) -> dict:
    # Unsaved instances: the model's own properties and __str__ decide what a row says.
    arrangement = Arrangement(
        pk=values["pk"],
        kind=values["kind"],
        name=values["name"],
        location=values["location"],
        phase=values["phase"],
        planned_end=values["planned_end"],
    )
    if arrangement.is_group:
        name = arrangement.name
        school = Truncator(arrangement.location).chars(40) or NOTHING
    else:
        name = ", ".join(
            str(Jeugdige(first_name=p["jeugdige__first_name"], last_name=p["jeugdige__last_name"]))
            for p in participants
        )
        school = ", ".join(p["jeugdige__school__name"] or NOTHING for p in participants)
    if procesbegeleiders:
        first = procesbegeleiders[0]
        procesbegeleider = str(
            User(
                first_name=first["user__first_name"],
                last_name=first["user__last_name"],
                username=first["user__username"],
            )
        )
    else:
        procesbegeleider = NOTHING
    return {
        "pk": arrangement.pk,
        "url": reverse("cases:arrangement_detail", args=[arrangement.pk]),
        "is_group": arrangement.is_group,
        "name": name,
        "participants": len(participants),
        "jeugdige_ids": [p["jeugdige_id"] for p in participants],
        "school": school,
        "phase": arrangement.phase,
        "phase_label": arrangement.get_phase_display(),
        "functions": ", ".join(
            choice_label(ArrangementFunction, "function", f["function"]) for f in functions
        ),
        "procesbegeleider": procesbegeleider,
        "planned_end": arrangement.planned_end,
        "is_overdue": arrangement.is_overdue,
    }


class DossierTableMixin:
    """For a ListView whose queryset is the ordered ids of the oza's to list (the paginator
    counts and slices them): that page shown as dossier rows (cases/_dossier_results.html),
    each jeugdige in it logged as seen (with ``AuditedReadMixin``)."""

    def get_paginate_by(self, queryset):
        return settings.OZA_PAGE_SIZE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = dossier_rows(self.request.user, context["object_list"])
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context

    def audited_jeugdige_ids(self):
        return jeugdige_ids_of(self.rendered_context["rows"])


def jeugdige_ids_of(rows) -> list[int]:
    return [pk for row in rows for pk in row["jeugdige_ids"]]
