"""Reads of a professional's caseload, cached per professional: the dossier list (their start
page, which people come back to after every dossier they open), the funding checklist and the
API's list of oza's (which other systems poll). Reading and rendering a large caseload costs a
national deployment most of such a request's time.

An entry is what the read shows (the rendered list, or the API's page of data) together with
the ids of the jeugdigen in it: every request, cached or not, logs those as seen. It is keyed
by everything that changes it: the user, what is read (``variant``), the site address and
query string (filters, page), the language, today (what is overdue), the user's *caseload
version* and the *reference version*.

- The caseload version of a user is dropped, now and when the transaction commits, by every
  write that changes what their lists show: to an oza they are on the team of, its functions,
  participations, goals and their evaluations, funding lines, its team (which also decides
  whether they see it) or a jeugdige in it. The next read starts a new version from the
  clock, so no earlier entry comes back.
- The reference version is dropped by a write to an organisation (school names, the filter's
  options) or to a professional (the names in a team), which may show on anyone's list.

Receivers run before a delete, while the team the change reaches can still be read. Entries
expire after ``OZA_CASELOAD_CACHE_SECONDS``, which bounds what a write the signals miss (a bulk
load, a queryset ``update``) can leave stale. A functioneel beheerder's reads (open
break-the-glass access, which ends with time) are never cached; nor is anything without a
shared cache (``OZA_SHARED_CACHE``)."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save, pre_delete
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from oza.caching import now_and_on_commit, versions

REFERENCE_KEY = "cases:caseload-reference-version"

# Saving these fields changes nothing a caseload read shows (a login sets last_login).
USER_FIELDS_NOT_SHOWN = frozenset({"last_login", "password"})


@dataclass(frozen=True)
class CaseloadRead:
    content: Any  # what the request shows: HTML, or the API's data
    jeugdige_ids: list[int]


def _caseload_key(user_id: int) -> str:
    return f"cases:caseload-version:{user_id}"


def caseload_read(request, variant: str, read: Callable[[], CaseloadRead]) -> CaseloadRead:
    """``read()``, from the cache when nothing it shows has changed since."""
    user = request.user
    if not settings.OZA_SHARED_CACHE or user.is_functional_admin:
        return read()
    # The versions are read before the rows: a write committed after this read leaves the
    # entry made now under a version that is already gone.
    caseload, reference = versions(_caseload_key(user.pk), REFERENCE_KEY)
    parts = [
        user.pk,
        caseload,
        reference,
        variant,
        request.build_absolute_uri("/"),  # the API links to its next page
        get_language(),
        timezone.localdate().isoformat(),
        sorted(request.GET.lists()),
    ]
    key = "cases:caseload-read:" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = read()
        cache.set(key, found, settings.OZA_CASELOAD_CACHE_SECONDS)
    return found


class CaseloadPageMixin:
    """For a ListView (with ``AuditedReadMixin``) over the user's caseload: the page's content
    (``content_template_name``; an htmx request gets ``partial_template_name`` alone) comes from
    the cache while nothing in it changed. The page around it (messages, the logout form's
    token) is made for every request, and every request logs the jeugdigen it shows."""

    content_template_name: str
    partial_template_name: str | None = None

    def get(self, request, *args, **kwargs):
        if request.htmx and self.partial_template_name:
            self.shown = self.read_cached(self.partial_template_name)
            response = HttpResponse(self.shown.content)
            self.log_read()
            return response
        self.shown = self.read_cached(self.content_template_name)
        return self.render_to_response({"content": mark_safe(self.shown.content)})

    def read_cached(self, template_name: str) -> CaseloadRead:
        return caseload_read(self.request, template_name, lambda: self.read(template_name))

    def read(self, template_name: str) -> CaseloadRead:
        self.object_list = self.get_queryset()
        context = self.get_context_data()
        return CaseloadRead(
            content=render_to_string(template_name, context, self.request),
            jeugdige_ids=self.jeugdige_ids_shown(context),
        )

    def jeugdige_ids_shown(self, context) -> list[int]:
        raise NotImplementedError

    def get_template_names(self):
        return [self.template_name]  # not from object_list, which a cached page never reads

    def audited_jeugdige_ids(self):
        return self.shown.jeugdige_ids


# --- invalidation -----------------------------------------------------------------------------
def listen(receiver, *models) -> None:
    """Connect ``receiver`` to saves and deletes of ``models``: before a delete, while the team
    the change reaches can still be read."""
    for model in models:
        for signal in (post_save, pre_delete):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"caseload_cache_{receiver.__name__}_{model._meta.label}",
            )


def ozas_changed(arrangement_ids, also=(), using: str | None = None) -> None:
    """What the teams of the oza's (ids, or a query of them) and the users ``also`` see in
    their lists has changed."""
    from .models import TeamMember

    if not settings.OZA_SHARED_CACHE:
        return
    team = TeamMember.objects.filter(arrangement_id__in=arrangement_ids)
    keys = [_caseload_key(user_id) for user_id in {*team.values_list("user_id", flat=True), *also}]
    if keys:
        now_and_on_commit(lambda: cache.delete_many(keys), using=using)


def arrangement_changed(sender, instance, using=None, **kwargs) -> None:
    """Receiver for a saved or deleted oza."""
    ozas_changed([instance.pk], using=using)


def arrangement_part_changed(sender, instance, using=None, **kwargs) -> None:
    """Receiver for a saved or deleted participation, function, goal, funding line or team
    member of an oza."""
    user_id = getattr(instance, "user_id", None)  # a team member: whether they see it
    ozas_changed([instance.arrangement_id], also=[user_id] if user_id else [], using=using)


def goal_evaluation_changed(sender, instance, using=None, **kwargs) -> None:
    from .models import Goal

    ozas_changed(Goal.objects.filter(pk=instance.goal_id).values("arrangement_id"), using=using)


def jeugdige_changed(sender, instance, using=None, **kwargs) -> None:
    """Receiver for a saved or deleted jeugdige."""
    from .models import Participation

    ozas_changed(
        Participation.objects.filter(jeugdige_id=instance.pk).values("arrangement_id"),
        using=using,
    )


def reference_changed(sender, instance, using=None, update_fields=None, **kwargs) -> None:
    """Receiver for a saved or deleted organisation or user."""
    if update_fields is not None and set(update_fields) <= USER_FIELDS_NOT_SHOWN:
        return
    if settings.OZA_SHARED_CACHE:
        now_and_on_commit(lambda: cache.delete(REFERENCE_KEY), using=using)
