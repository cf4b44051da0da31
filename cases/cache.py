"""Reads cached per professional, and dropped by every write that changes them.

- **Caseload reads**: the dossier list (their start page, which people come back to after
  every dossier they open), the funding checklist, Mijn afspraken and the API's lists (which
  other systems poll). Reading and rendering a large caseload costs a national deployment most of
  such a request's time.
- **Case pages**: the oza page, the MDO screen, the jeugdige page, an MDO's verslag and
  calendar file, an oza's costs, a jeugdige's portal access and a child's portal pages, which
  teams and families open again and again during the weeks an oza runs; and the forms to
  change such a case or add to it as they open, with what is saved (``CasePageMixin`` on a
  FormView: the form's page checks whether the user may change the case before it is made).
- **Empty forms** (``form_read``, ``FormPageMixin``): an aanmelding and a group oza, which
  only the user and the reference data decide (a proposal's form goes with the proposals).
- **Parts per oza** (``per_oza``): what a list shows of one oza (its dossier row, its section
  of the funding checklist, its record in the API), the same for everyone who may see it, so a
  list made anew after a change to one of its oza's (or a search, or a colleague's list) makes
  only what changed; and (``per_part``) what it shows of a part of one oza, such as an
  agreement's row, under that oza's version.
- **Proposals** (``proposals_read``): the pages and API answers about the proposals for group
  arrangements, which name no child, until a proposal, a step of one, a document of one or a
  group oza changes.
- **Caseload data** (``caseload_data``): what only the user's caseload decides, such as what the
  dossier search looks in, so each new search (each word typed in the search box) does not
  read the caseload again.
- **Fragments** (``reference_fragment``): what reference data alone decides, such as the dossier
  filters' options or an empty form's fields (``{% form_fields %}``), made once for everyone who
  sees the same, so that a page made anew (after a change to the caseload or the oza, or for a
  new search) does not make them again; and (``reference_data``) data so decided that
  requests read whole, such as the directory of professionals the team member search looks
  through, kept in each process's memory.

An entry is what the read shows (the rendered content, or the API's page of data) together with
the ids of the jeugdigen in it: every request, cached or not, logs those as seen. It is keyed
by everything that changes it: the user (what they may do), the address and query string, the
language, today (what is overdue), the *reference version* and, for a caseload read, the
user's *caseload version*; for a case page, the *oza version* of each oza it shows.

- Every write to an oza or to what belongs to it (``listen`` connects the receivers; the test
  of this module checks that each model that points at an oza, a jeugdige or their parts is
  listened to) drops, now and when the transaction commits, the oza's version and the caseload
  version of each member of its team. The next read starts a new version from the clock, so
  no earlier entry comes back. A write of a team membership also drops the caseload version of
  the member it adds or removes.
- Writes that send no signal (a queryset ``update``, ``bulk_create`` outside a signalled write)
  call ``ozas_changed`` themselves.
- The reference version is dropped by a write to an organisation (school names, the filter's
  options), a professional (names in a team, candidates for a team) or an escalation level,
  which may show on anyone's page.

Who may see a case is never cached: the page's view reads the oza's (or the jeugdige's) ids
through the access selector on every request, and only then looks in the cache. Forms in a
cached page carry a placeholder for the CSRF token, replaced by the reading session's token.
Receivers run before a delete, while the team the change reaches can still be read. Entries
expire after ``OZA_CASELOAD_CACHE_SECONDS``, which bounds what a missed write can leave stale.
A functioneel beheerder's pages and caseload data (open break-the-glass access, which ends with
time) are never cached: they are shown the same parts per oza as anyone, after the same access
check. Nothing is cached without a shared cache (``OZA_SHARED_CACHE``)."""

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save, pre_delete
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from oza.caching import now_and_on_commit, versions

REFERENCE_KEY = "cases:caseload-reference-version"
PROPOSALS_KEY = "cases:proposals-version"

T = TypeVar("T")

# Saving these fields changes nothing a cached read shows (a login sets last_login).
USER_FIELDS_NOT_SHOWN = frozenset({"last_login", "password"})

# Part of every key: a release that changes what an entry holds must not read the last one's.
ENTRY_FORMAT = 3

# Where a cached page has what is each request's own: its CSRF token (in forms and htmx's
# headers), and its notices (messages, the offer of a second factor; includes/notices.html).
CSRF_PLACEHOLDER = "oza-cached-page-csrf-token"
NOTICES_PLACEHOLDER = "<!-- oza-notices -->"


@dataclass(frozen=True)
class CachedRead:
    content: Any  # what the request shows: HTML, or the API's data
    jeugdige_ids: list[int]


def _caseload_key(user_id: int) -> str:
    return f"cases:caseload-version:{user_id}"


def _oza_key(arrangement_id: int) -> str:
    return f"cases:oza-version:{arrangement_id}"


def _cached_read(request, variant: str, version_keys: list[str], read) -> CachedRead:
    user = request.user
    if not settings.OZA_SHARED_CACHE or user.is_functional_admin:
        return read()
    # The versions are read before the rows: a write committed after this read leaves the
    # entry made now under a version that is already gone.
    parts = [
        user.pk,
        versions(*version_keys, REFERENCE_KEY),
        variant,
        request.build_absolute_uri(request.path),  # the API links to its next page
        get_language(),
        timezone.localdate().isoformat(),
        sorted(request.GET.lists()),
    ]
    return _get_or_make(_entry_key("cached-read", parts), read)


def _entry_key(kind: str, parts: list) -> str:
    return f"cases:{kind}:{ENTRY_FORMAT}:" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _get_or_make(key: str, make: Callable[[], Any]) -> Any:
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, settings.OZA_CASELOAD_CACHE_SECONDS)
    return found


def reference_fragment(
    name: str, parts: list, render: Callable[[], str], *, caseload_of=None
) -> str:
    """HTML that only reference data (organisations, fixed choices) and ``parts`` decide, such
    as a filter's options: made once per reference version, language and ``parts``, for
    everyone; and per caseload version of the user ``caseload_of`` where their oza's decide it
    too. A list made anew (after a change to the caseload, or for a new search) takes it from
    here."""
    if not settings.OZA_SHARED_CACHE:
        return render()
    keys = [] if caseload_of is None else [_caseload_key(caseload_of.pk)]
    return mark_safe(_kept("fragment", keys, [name, get_language(), parts], render))


# Reference data kept in this process's memory: name -> (reference version, kept until, data).
_IN_PROCESS: dict[str, tuple[int, float, Any]] = {}


def reference_data(name: str, read: Callable[[], T]) -> T:
    """``read()``, what only reference data (professionals, organisations) decide, kept in this
    process's memory until the reference data change (each call checks the shared reference
    version) or, like every entry, ``OZA_CASELOAD_CACHE_SECONDS`` have passed: for what
    requests read whole and often, such as the directory of professionals the team member
    search looks through as one types. Read each time without a shared cache, where no other
    process could say it changed."""
    if not settings.OZA_SHARED_CACHE:
        return read()
    (version,) = versions(REFERENCE_KEY)  # before the rows, as for every entry
    now = time.monotonic()
    kept = _IN_PROCESS.get(name)
    if kept is None or kept[0] != version or kept[1] <= now:
        kept = (version, now + settings.OZA_CASELOAD_CACHE_SECONDS, read())
        _IN_PROCESS[name] = kept
    return kept[2]


def caseload_data(name: str, user, read: Callable[[], T]) -> T:
    """``read()``, what only ``user``'s caseload and reference data decide (such as what the
    search looks in), kept until either changes. A functioneel beheerder's is read each time:
    their break-the-glass access ends with time."""
    if not settings.OZA_SHARED_CACHE or user.is_functional_admin:
        return read()
    return _kept("caseload-data", [_caseload_key(user.pk)], [name, user.pk], read)


def _kept(kind: str, version_keys: list[str], parts: list, make: Callable[[], T]) -> T:
    """``make()`` kept under ``parts`` and the current versions of ``version_keys`` and of the
    reference data, read before ``make()`` reads the rows."""
    return _get_or_make(_entry_key(kind, [versions(*version_keys, REFERENCE_KEY), *parts]), make)


def per_oza(
    kind: str, arrangement_ids: Iterable[int], make: Callable[[list[int]], dict[int, Any]]
) -> dict[int, Any]:
    """What ``make(ids)`` gives for each oza (by id) as ``kind`` shows it, such as its row in
    the dossier list: kept per oza for everyone who may see it, until the oza, the reference
    data, the language or the day changes. A list made anew after a change to one of its oza's
    makes that oza's part again, not the others'. The ids must come through the access
    selector: what is kept here is the same for every reader, and checks nobody."""
    return per_part(kind, {pk: pk for pk in arrangement_ids}, make)


def per_part(
    kind: str, oza_of: dict[int, int], make: Callable[[list[int]], dict[int, Any]]
) -> dict[int, Any]:
    """What ``make(ids)`` gives for each part of an oza (``oza_of`` maps a part's id, such as
    an agreement's, to its oza's id) as ``kind`` shows it, kept like ``per_oza``: until the
    oza (any write to it or its parts), the reference data, the language or the day changes.
    For lists that show several parts of one oza, such as its agreements."""
    ids = list(oza_of)
    if not settings.OZA_SHARED_CACHE or not ids:
        return make(ids)
    oza_ids = list(dict.fromkeys(oza_of.values()))
    *oza_versions, reference = versions(*(_oza_key(pk) for pk in oza_ids), REFERENCE_KEY)
    version_of = dict(zip(oza_ids, oza_versions, strict=True))
    shared = [reference, kind, get_language(), timezone.localdate().isoformat()]
    keys = {pk: _entry_key("oza-part", [pk, version_of[oza_of[pk]], *shared]) for pk in ids}
    found = cache.get_many(keys.values())
    parts = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in ids if pk not in parts]
    if missing:
        made = make(missing)
        cache.set_many(
            {keys[pk]: part for pk, part in made.items()}, settings.OZA_CASELOAD_CACHE_SECONDS
        )
        parts.update(made)
    return parts


def caseload_read(request, variant: str, read: Callable[[], CachedRead]) -> CachedRead:
    """``read()`` of the user's caseload, from the cache when nothing it shows has changed."""
    return _cached_read(request, variant, [_caseload_key(request.user.pk)], read)


def case_page_read(
    request,
    variant: str,
    arrangement_ids: Iterable[int],
    read: Callable[[], CachedRead],
    *,
    with_caseload: bool = False,
) -> CachedRead:
    """``read()`` of a page about the oza's ``arrangement_ids`` (those the user may see, just
    read through the access selector), from the cache when none of them changed, nor the
    user's caseload when the page shows from it (``with_caseload``)."""
    ids = sorted(arrangement_ids)
    keys = [_oza_key(pk) for pk in ids]
    if with_caseload:
        keys.append(_caseload_key(request.user.pk))
    return _cached_read(request, f"{variant}:{ids}", keys, read)


def form_read(request, variant: str, read: Callable[[], CachedRead]) -> CachedRead:
    """``read()`` of a page that only the user and the reference data decide, such as the
    empty form of an aanmelding (its choices, the user's role), from the cache until either
    changes: a write to a professional drops the reference version."""
    return _cached_read(request, variant, [], read)


def proposals_read(
    request, variant: str, read: Callable[[], CachedRead], *, with_caseload: bool = False
) -> CachedRead:
    """``read()`` of a page about the proposals for group arrangements (which name no child,
    so every professional reads them), from the cache while no proposal, step of one, document
    of one or group oza changed, nor the user's caseload where the page shows from it."""
    keys = [PROPOSALS_KEY]
    if with_caseload:
        keys.append(_caseload_key(request.user.pk))
    return _cached_read(request, variant, keys, read)


def render_to_cache(request, template_name: str, context: dict) -> str:
    """A page or its content, for every request with the same key: placeholders where each
    request's own parts go (``page_for``)."""
    placeholders = {"csrf_token": CSRF_PLACEHOLDER, "notices_later": mark_safe(NOTICES_PLACEHOLDER)}
    return render_to_string(template_name, {**context, **placeholders}, request)


def page_for(request, page: str) -> HttpResponse:
    """A cached page (or part of one) with this request's CSRF token and notices."""
    page = page.replace(CSRF_PLACEHOLDER, get_token(request))
    if NOTICES_PLACEHOLDER in page:  # a part (htmx) leaves the messages for the next page
        notices = render_to_string("includes/notices.html", request=request)
        page = page.replace(NOTICES_PLACEHOLDER, notices, 1)
    return HttpResponse(page)


class FormPageMixin:
    """For a view whose GET shows what names no child, such as empty forms that only the user
    and the reference data decide (``form_read``; an aanmelding): its page comes from the
    cache, with the request's own CSRF token and notices. A form shown again with its errors
    is made anew. ``cached_read`` says what decides the page, where more does."""

    def get(self, request, *args, **kwargs):
        return page_for(request, self.cached_read(request, self.read).content)

    def cached_read(self, request, read: Callable[[], CachedRead]) -> CachedRead:
        return form_read(request, self.template_name, read)

    def read(self) -> CachedRead:
        page = render_to_cache(self.request, self.template_name, self.get_context_data())
        return CachedRead(content=page, jeugdige_ids=[])  # the page names no child


class CaseloadPageMixin:
    """For a ListView (with ``AuditedReadMixin``) over the user's caseload: the page (made
    with its content, ``content_template_name``, as ``content``; an htmx request gets
    ``partial_template_name`` alone) comes from the cache while nothing in it changed. Every
    request gets its own CSRF token and notices, and logs the jeugdigen it shows."""

    content_template_name: str
    partial_template_name: str | None = None

    def get(self, request, *args, **kwargs):
        template_name = self.content_template_name
        if request.htmx and self.partial_template_name:
            template_name = self.partial_template_name
        self.shown = caseload_read(request, template_name, lambda: self.read(template_name))
        response = page_for(request, self.shown.content)
        self.log_read()
        return response

    def read(self, template_name: str) -> CachedRead:
        self.object_list = self.get_queryset()
        context = self.get_context_data()
        content = render_to_cache(self.request, template_name, context)
        if template_name == self.content_template_name:
            content = render_to_cache(self.request, self.template_name, {"content": content})
        return CachedRead(content=content, jeugdige_ids=self.jeugdige_ids_shown(context))

    def jeugdige_ids_shown(self, context) -> list[int]:
        raise NotImplementedError

    def audited_jeugdige_ids(self):
        return self.shown.jeugdige_ids


class CasePageMixin:
    """For a TemplateView (with ``AuditedReadMixin``) about one case: on a GET the page comes
    from the cache while none of the oza's it shows changed. Every request gets its own CSRF
    token and notices and logs the jeugdigen the page shows. A page with forms that are shown
    again with their errors (``render_to_response`` with the whole context, which renders the
    content anew inside the page) is made with its content, ``content_template_name``, as
    ``content`` and ``page_context()``; a page without them at once."""

    content_template_name: str | None = None
    shown: CachedRead | None = None

    def shown_arrangement_ids(self) -> list[int]:
        """The oza's whose changes change the page (those it shows, or more), once the access
        selector found that the user may see it (Http404 otherwise)."""
        raise NotImplementedError

    def page_context(self) -> dict:
        """What the page around the content (``content_template_name``) shows (its title)."""
        raise NotImplementedError

    def shows_from_caseload(self) -> bool:
        """Whether the page also shows what the user's other oza's hold."""
        return False

    def get(self, request, *args, **kwargs):
        self.shown = case_page_read(
            request,
            self.template_name,
            self.shown_arrangement_ids(),
            self.read,
            with_caseload=self.shows_from_caseload(),
        )
        response = page_for(request, self.shown.content)
        self.log_read()
        return response

    def read(self) -> CachedRead:
        context = self.get_context_data()
        if self.content_template_name is not None:
            content = render_to_cache(self.request, self.content_template_name, context)
            context = {**self.page_context(), "content": content}
        page = render_to_cache(self.request, self.template_name, context)
        return CachedRead(content=page, jeugdige_ids=super().audited_jeugdige_ids())

    def audited_jeugdige_ids(self):
        return self.shown.jeugdige_ids if self.shown else super().audited_jeugdige_ids()


# --- invalidation -----------------------------------------------------------------------------
# Every model whose writes drop cached reads; the test of this module checks it against what
# points at an oza or a jeugdige.
LISTENED: set[type] = set()

# For each part of a case: the lookup from it to the id of its oza (or oza's).
_OZA_PATHS: dict[type, str] = {}


def listen(receiver, *models) -> None:
    """Connect ``receiver`` to saves and deletes of ``models``: before a delete, while the team
    the change reaches can still be read."""
    for model in models:
        LISTENED.add(model)
        for signal in (post_save, pre_delete):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"caseload_cache_{receiver.__name__}_{model._meta.label}",
            )


def listen_to_case_parts(oza_paths: dict[type, str]) -> None:
    """Drop the cached reads of an oza on every write to these models, each given with the
    lookup from it to the oza's id (``"arrangement_id"``, ``"meeting__arrangement_id"``)."""
    _OZA_PATHS.update(oza_paths)
    listen(case_part_changed, *oza_paths)


def ozas_changed(arrangement_ids, also=(), using: str | None = None) -> None:
    """What shows the oza's (ids, or a query of them) has changed: their pages, and the lists
    of their teams and of the users ``also``."""
    from .models import TeamMember

    if not settings.OZA_SHARED_CACHE:
        return
    ids = {pk for pk in arrangement_ids if pk is not None}
    team = TeamMember.objects.filter(arrangement_id__in=ids).values_list("user_id", flat=True)
    keys = [
        *(_oza_key(pk) for pk in ids),
        *(_caseload_key(user_id) for user_id in {*team, *also}),
    ]
    if keys:
        now_and_on_commit(lambda: cache.delete_many(keys), using=using)


def case_part_changed(sender, instance, using=None, **kwargs) -> None:
    """Receiver for a saved or deleted oza or part of one."""
    from .models import TeamMember

    if not settings.OZA_SHARED_CACHE:
        return
    path = _OZA_PATHS[sender]
    if "__" in path:
        ids = sender._base_manager.filter(pk=instance.pk).values_list(path, flat=True)
    else:  # a field of the row itself: no query
        ids = [getattr(instance, path)]
    # A team membership also decides whether its member sees the oza at all.
    also = [instance.user_id] if isinstance(instance, TeamMember) else []
    ozas_changed(ids, also=also, using=using)


def proposals_changed(sender=None, instance=None, using=None, **kwargs) -> None:
    """Receiver for a saved or deleted proposal or step of one; and what a write that sends
    no signal calls."""
    if settings.OZA_SHARED_CACHE:
        now_and_on_commit(lambda: cache.delete(PROPOSALS_KEY), using=using)


def group_oza_changed(sender, instance, using=None, **kwargs) -> None:
    """Receiver for a saved or deleted oza: the proposals count the group oza's on each."""
    from .models import ArrangementKind

    if instance.kind == ArrangementKind.GROUP:
        proposals_changed(using=using)


def proposal_document_changed(sender, instance, using=None, **kwargs) -> None:
    """Receiver for a saved or deleted document: a proposal's shows on its page."""
    if instance.proposal_id is not None:
        proposals_changed(using=using)


def reference_changed(sender, instance, using=None, update_fields=None, **kwargs) -> None:
    """Receiver for a saved or deleted organisation, user or escalation level."""
    if update_fields is not None and set(update_fields) <= USER_FIELDS_NOT_SHOWN:
        return
    if settings.OZA_SHARED_CACHE:
        now_and_on_commit(lambda: cache.delete(REFERENCE_KEY), using=using)
