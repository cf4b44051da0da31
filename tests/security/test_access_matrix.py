"""Every route of the site, web and API, visited as five people; each answer as the table says.

The routes come from the URL configuration itself (``get_resolver()``, walked recursively), so
a new route without an entry in ``EXPECTED`` fails this test with its name: decide who may
reach it and add it. Pages are fetched with GET; a POST-only view answers GET with 405 (or the
login redirect first). URL arguments come from one data set (``arguments``): a dict from
kwarg name to an object id; ``pk`` means the object the entry names."""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "outsider", "member", "parent", "beheerder")


@dataclass(frozen=True)
class Expect:
    statuses: tuple  # one per role, in the order of ROLES
    pk: str | None = None  # which object "pk" is


def e(anonymous, outsider, member, parent, beheerder, pk=None) -> Expect:
    return Expect((anonymous, outsider, member, parent, beheerder), pk)


# Shorthands for the common shapes. A professional page: login first, 403 for a parent.
def page(outsider, member, beheerder, pk=None, anonymous=302, parent=403):
    return e(anonymous, outsider, member, parent, beheerder, pk)


def api(outsider, member, beheerder, pk=None):
    """The API: 401 without credentials, 403 for portal users."""
    return e(401, outsider, member, 403, beheerder, pk)


ADMIN_ONLY = e(302, 302, 302, 302, 403)  # the admin: its login for non-staff; no permission
ADMIN_MANAGED = e(302, 302, 302, 302, 200)  # what a beheerder manages

EXPECTED: dict[str, Expect] = {
    # The API: 401 without credentials, 403 for a portal user, 404 off the team; POST-only
    # actions answer GET with 405. The schema and its UI are public.
    "api:agreement-detail": api(404, 200, 404, pk="agreement"),
    "api:agreement-list": api(200, 200, 200),
    "api:docs": e(200, 200, 200, 200, 200),
    "api:funding-line-decision": api(405, 405, 405, pk="funding_line"),
    "api:funding-line-detail": api(404, 200, 404, pk="funding_line"),
    "api:funding-line-list": api(200, 200, 200),
    "api:jeugdige-detail": api(404, 200, 404, pk="jeugdige"),
    "api:jeugdige-list": api(200, 200, 200),
    "api:mdo-detail": api(404, 200, 404, pk="meeting"),
    "api:mdo-list": api(200, 200, 200),
    "api:outcomes": api(200, 200, 403),
    "api:oza-detail": api(404, 200, 404, pk="oza"),
    "api:oza-goal-evaluations": api(405, 405, 405, pk="oza"),
    "api:oza-goals": api(405, 405, 405, pk="oza"),
    "api:oza-list": api(200, 200, 200),
    "api:oza-team": api(405, 405, 405, pk="oza"),
    "api:oza-team-member": api(405, 405, 405, pk="oza"),
    "api:oza-transitions": api(405, 405, 405, pk="oza"),
    "api:proposal-detail": api(200, 200, 200, pk="proposal"),
    "api:proposal-list": api(200, 200, 200),
    "api:schema": e(200, 200, 200, 200, 200),
    # Case pages: the login first, 403 for a portal user, 404 off the team (also for a beheerder
    # without noodtoegang); POST-only views answer GET with 405.
    # The second factor of professionals; portal users have their own pages.
    "accounts:recovery_codes": page(405, 405, 405),
    "accounts:two_factor_setup": page(200, 200, 200),
    "accounts:two_factor_verify": page(302, 302, 302),  # nothing to verify: back to setup
    # AVG and the audit viewer: functioneel beheerders only; a dossier only through
    # noodtoegang (404 without it).
    "avg:audit_log": page(403, 403, 200),
    "avg:audit_review": page(403, 403, 405, pk="audit_event"),
    "avg:inzage_json": page(403, 403, 404, pk="jeugdige"),
    "avg:inzage_pdf": page(403, 403, 405, pk="jeugdige"),
    "avg:inzage_pdf_download": page(403, 403, 404, pk="jeugdige"),
    "avg:inzage_pdf_status": page(403, 403, 404, pk="jeugdige"),
    "avg:jeugdige": page(403, 403, 404, pk="jeugdige"),
    # The outcomes dashboard: professionals on teams (policy staff their region); not the
    # beheerder. The drill-down needs a figure (404 without one).
    "outcomes:dashboard": page(200, 200, 403),
    "outcomes:drill_down": page(404, 404, 403),
    "outcomes:export": page(200, 200, 403),
    "cases:arrangement_create": page(404, 200, 404, pk="jeugdige"),
    "cases:arrangement_detail": page(404, 200, 404, pk="oza"),
    "cases:arrangement_transition": page(405, 405, 405, pk="oza"),
    "cases:arrangement_update": page(404, 200, 404, pk="oza"),
    "cases:break_glass": page(403, 403, 200),
    "cases:consent_record": page(405, 405, 405, pk="oza"),
    "cases:dossier_list": page(200, 200, 200),
    "cases:goal_add": page(405, 405, 405, pk="oza"),
    "cases:goal_delete": page(405, 405, 405, pk="oza"),
    "cases:goal_evaluate": page(405, 405, 405, pk="oza"),
    "cases:goal_update": page(404, 200, 404, pk="oza"),
    "cases:group_arrangement_create": page(200, 200, 403),
    "cases:guardian_create": page(404, 200, 404, pk="jeugdige"),
    "cases:guardian_update": page(404, 200, 404, pk="jeugdige"),
    "cases:jeugdige_detail": page(404, 200, 404, pk="jeugdige"),
    "cases:jeugdige_update": page(404, 200, 404, pk="jeugdige"),
    "cases:participation_add": page(405, 405, 405, pk="oza"),
    "cases:participation_end": page(405, 405, 405, pk="oza"),
    "cases:procesbegeleider_handover": page(405, 405, 405, pk="oza"),
    "cases:register": page(200, 200, 403),
    "cases:team_candidates": page(404, 200, 404, pk="oza"),
    "cases:team_member_add": page(405, 405, 405, pk="oza"),
    "cases:team_member_remove": page(405, 405, 405, pk="oza"),
    "documents:download": page(404, 200, 404, pk="document"),
    "documents:plan_request": page(405, 405, 405, pk="oza"),
    "documents:proposal_request": page(405, 405, 405, pk="proposal"),
    "documents:report_request": page(405, 405, 405, pk="meeting"),
    "documents:share": page(405, 405, 405, pk="document"),
    "documents:status": page(404, 200, 404, pk="document"),
    "funding:add": page(404, 200, 404, pk="oza"),
    "funding:checklist": page(200, 200, 200),
    "funding:costs": page(404, 200, 404, pk="oza"),
    "funding:decide": page(405, 405, 405, pk="oza"),
    "funding:edit": page(404, 200, 404, pk="oza"),
    "funding:escalate": page(405, 405, 405, pk="oza"),
    "funding:escalation_resolve": page(405, 405, 405, pk="oza"),
    "funding:escalation_step_up": page(405, 405, 405, pk="oza"),
    "funding:proposal_add": page(200, 200, 200),
    "funding:proposal_detail": page(200, 200, 200, pk="proposal"),
    "funding:proposal_edit": page(403, 200, 403, pk="proposal"),
    "funding:proposal_list": page(200, 200, 200),
    "funding:proposal_step": page(405, 405, 405, pk="proposal"),
    "funding:proposal_submit": page(405, 405, 405, pk="proposal"),
    "mdo:agenda_add": page(405, 405, 405, pk="meeting"),
    "mdo:agreement_add": page(405, 405, 405, pk="meeting"),
    "mdo:agreement_update": page(405, 405, 405, pk="agreement"),
    "mdo:attendance": page(405, 405, 405, pk="meeting"),
    "mdo:cancel": page(405, 405, 405, pk="meeting"),
    "mdo:close": page(405, 405, 405, pk="meeting"),
    "mdo:ics": page(404, 200, 404, pk="meeting"),
    "mdo:invite": page(405, 405, 405, pk="meeting"),
    "mdo:meeting": page(404, 200, 404, pk="meeting"),
    "mdo:my_agreements": page(200, 200, 200),
    "mdo:notes": page(405, 405, 405, pk="meeting"),
    "mdo:open": page(405, 405, 405, pk="meeting"),
    "mdo:participant_add": page(405, 405, 405, pk="meeting"),
    "mdo:plan": page(404, 200, 404, pk="oza"),
    "mdo:report": page(404, 200, 404, pk="meeting"),
    "mdo:reschedule": page(404, 200, 404, pk="meeting"),
    "portal_team:access": page(404, 200, 404, pk="jeugdige"),
    "portal_team:revoke": page(405, 405, 405, pk="jeugdige"),
    # The portal: for parents and jeugdigen only; another family's child is 404.
    "portal:accept": e(200, 403, 403, 200, 403),
    # The toegankelijkheidsverklaring: public, for anyone.
    "portal:accessibility": e(200, 200, 200, 200, 200),
    "portal:consent": e(302, 403, 403, 404, 403),
    "portal:document_download": e(302, 403, 403, 404, 403),
    "portal:documents": e(302, 403, 403, 404, 403),
    "portal:home": e(302, 403, 403, 200, 403),
    "portal:meeting_ics": e(302, 403, 403, 404, 403),
    "portal:meetings": e(302, 403, 403, 404, 403),
    "portal:plan": e(302, 403, 403, 404, 403),
    "portal:survey_answer": e(302, 403, 403, 404, 403),
    "portal:surveys": e(302, 403, 403, 404, 403),
    "portal:two_factor_setup": e(302, 403, 403, 200, 403),
    "portal:verify": e(302, 403, 403, 200, 403),
    "portal:viewed": e(302, 403, 403, 404, 403),
    # The admin: its own login for anyone not staff; a beheerder manages users, organisations,
    # the escalatieladder and API tokens, never case content.
    "admin/(?P<url>.*)$": e(302, 302, 302, 302, 404),
    "admin/accounts/organisation/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/accounts/user/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/api/apitoken/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/audit/auditevent/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/auth/group/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/cases/arrangement/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/cases/jeugdige/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/django_celery_beat/clockedschedule/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/django_celery_beat/crontabschedule/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/django_celery_beat/intervalschedule/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/django_celery_beat/periodictask/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/django_celery_beat/solarschedule/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/funding/escalationlevel/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/otp_totp/totpdevice/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/accounts/region/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/avg/auditreview/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/avg/legalhold/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/avg/retentiontombstone/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/axes/accessattempt/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/axes/accessfailurelog/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/axes/accesslog/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin/otp_static/staticdevice/<path:object_id>/": e(302, 302, 302, 302, 302),
    "admin:accounts_region_add": ADMIN_MANAGED,
    "admin:accounts_region_change": ADMIN_MANAGED,
    "admin:accounts_region_changelist": ADMIN_MANAGED,
    "admin:accounts_region_delete": ADMIN_ONLY,
    "admin:accounts_region_history": ADMIN_MANAGED,
    # AVG rows are read in the AVG pages; in the admin only by a superuser.
    "admin:avg_auditreview_add": ADMIN_ONLY,
    "admin:avg_auditreview_change": ADMIN_ONLY,
    "admin:avg_auditreview_changelist": ADMIN_ONLY,
    "admin:avg_auditreview_delete": ADMIN_ONLY,
    "admin:avg_auditreview_history": e(302, 302, 302, 302, 302),
    "admin:avg_legalhold_add": ADMIN_ONLY,
    "admin:avg_legalhold_change": ADMIN_ONLY,
    "admin:avg_legalhold_changelist": ADMIN_ONLY,
    "admin:avg_legalhold_delete": ADMIN_ONLY,
    "admin:avg_legalhold_history": e(302, 302, 302, 302, 302),
    "admin:avg_retentiontombstone_add": ADMIN_ONLY,
    "admin:avg_retentiontombstone_change": ADMIN_ONLY,
    "admin:avg_retentiontombstone_changelist": ADMIN_ONLY,
    "admin:avg_retentiontombstone_delete": ADMIN_ONLY,
    "admin:avg_retentiontombstone_history": e(302, 302, 302, 302, 302),
    # Lockouts: a beheerder sees and lifts them (an unknown one redirects to the list).
    "admin:axes_accessattempt_add": ADMIN_ONLY,
    "admin:axes_accessattempt_change": e(302, 302, 302, 302, 302),
    "admin:axes_accessattempt_changelist": ADMIN_MANAGED,
    "admin:axes_accessattempt_delete": e(302, 302, 302, 302, 302),
    "admin:axes_accessattempt_history": e(302, 302, 302, 302, 302),
    "admin:axes_accessfailurelog_add": ADMIN_ONLY,
    "admin:axes_accessfailurelog_change": ADMIN_ONLY,
    "admin:axes_accessfailurelog_changelist": ADMIN_ONLY,
    "admin:axes_accessfailurelog_delete": ADMIN_ONLY,
    "admin:axes_accessfailurelog_history": e(302, 302, 302, 302, 302),
    "admin:axes_accesslog_add": ADMIN_ONLY,
    "admin:axes_accesslog_change": ADMIN_ONLY,
    "admin:axes_accesslog_changelist": ADMIN_ONLY,
    "admin:axes_accesslog_delete": ADMIN_ONLY,
    "admin:axes_accesslog_history": e(302, 302, 302, 302, 302),
    "admin:otp_static_staticdevice_add": ADMIN_ONLY,
    "admin:otp_static_staticdevice_change": ADMIN_ONLY,
    "admin:otp_static_staticdevice_changelist": ADMIN_ONLY,
    "admin:otp_static_staticdevice_delete": ADMIN_ONLY,
    "admin:otp_static_staticdevice_history": e(302, 302, 302, 302, 302),
    "admin:accounts_organisation_add": ADMIN_MANAGED,
    "admin:accounts_organisation_change": ADMIN_MANAGED,
    "admin:accounts_organisation_changelist": ADMIN_MANAGED,
    "admin:accounts_organisation_delete": ADMIN_ONLY,
    "admin:accounts_organisation_history": ADMIN_MANAGED,
    "admin:accounts_user_add": ADMIN_MANAGED,
    "admin:accounts_user_change": ADMIN_MANAGED,
    "admin:accounts_user_changelist": ADMIN_MANAGED,
    "admin:accounts_user_delete": ADMIN_ONLY,
    "admin:accounts_user_history": ADMIN_MANAGED,
    "admin:api_apitoken_add": ADMIN_MANAGED,
    "admin:api_apitoken_change": ADMIN_MANAGED,
    "admin:api_apitoken_changelist": ADMIN_MANAGED,
    "admin:api_apitoken_delete": ADMIN_ONLY,
    "admin:api_apitoken_history": ADMIN_MANAGED,
    "admin:app_list": ADMIN_MANAGED,
    "admin:audit_auditevent_add": ADMIN_ONLY,
    "admin:audit_auditevent_change": ADMIN_ONLY,
    "admin:audit_auditevent_changelist": ADMIN_ONLY,
    "admin:audit_auditevent_delete": ADMIN_ONLY,
    "admin:audit_auditevent_history": ADMIN_ONLY,
    "admin:auth_group_add": ADMIN_ONLY,
    "admin:auth_group_change": ADMIN_ONLY,
    "admin:auth_group_changelist": ADMIN_ONLY,
    "admin:auth_group_delete": ADMIN_ONLY,
    "admin:auth_group_history": ADMIN_ONLY,
    "admin:auth_user_password_change": ADMIN_MANAGED,
    "admin:autocomplete": ADMIN_ONLY,
    "admin:cases_arrangement_add": ADMIN_ONLY,
    "admin:cases_arrangement_change": ADMIN_ONLY,
    "admin:cases_arrangement_changelist": ADMIN_ONLY,
    "admin:cases_arrangement_delete": ADMIN_ONLY,
    "admin:cases_arrangement_history": e(302, 302, 302, 302, 302),
    "admin:cases_jeugdige_add": ADMIN_ONLY,
    "admin:cases_jeugdige_change": ADMIN_ONLY,
    "admin:cases_jeugdige_changelist": ADMIN_ONLY,
    "admin:cases_jeugdige_delete": ADMIN_ONLY,
    "admin:cases_jeugdige_history": e(302, 302, 302, 302, 302),
    "admin:django_celery_beat_clockedschedule_add": ADMIN_ONLY,
    "admin:django_celery_beat_clockedschedule_change": ADMIN_ONLY,
    "admin:django_celery_beat_clockedschedule_changelist": ADMIN_ONLY,
    "admin:django_celery_beat_clockedschedule_delete": ADMIN_ONLY,
    "admin:django_celery_beat_clockedschedule_history": e(302, 302, 302, 302, 302),
    "admin:django_celery_beat_crontabschedule_add": ADMIN_ONLY,
    "admin:django_celery_beat_crontabschedule_change": ADMIN_ONLY,
    "admin:django_celery_beat_crontabschedule_changelist": ADMIN_ONLY,
    "admin:django_celery_beat_crontabschedule_delete": ADMIN_ONLY,
    "admin:django_celery_beat_crontabschedule_history": e(302, 302, 302, 302, 302),
    "admin:django_celery_beat_intervalschedule_add": ADMIN_ONLY,
    "admin:django_celery_beat_intervalschedule_change": ADMIN_ONLY,
    "admin:django_celery_beat_intervalschedule_changelist": ADMIN_ONLY,
    "admin:django_celery_beat_intervalschedule_delete": ADMIN_ONLY,
    "admin:django_celery_beat_intervalschedule_history": ADMIN_ONLY,
    "admin:django_celery_beat_periodictask_add": ADMIN_ONLY,
    "admin:django_celery_beat_periodictask_change": ADMIN_ONLY,
    "admin:django_celery_beat_periodictask_changelist": ADMIN_ONLY,
    "admin:django_celery_beat_periodictask_delete": ADMIN_ONLY,
    "admin:django_celery_beat_periodictask_history": e(302, 302, 302, 302, 302),
    "admin:django_celery_beat_solarschedule_add": ADMIN_ONLY,
    "admin:django_celery_beat_solarschedule_change": ADMIN_ONLY,
    "admin:django_celery_beat_solarschedule_changelist": ADMIN_ONLY,
    "admin:django_celery_beat_solarschedule_delete": ADMIN_ONLY,
    "admin:django_celery_beat_solarschedule_history": e(302, 302, 302, 302, 302),
    "admin:funding_escalationlevel_add": ADMIN_MANAGED,
    "admin:funding_escalationlevel_change": ADMIN_MANAGED,
    "admin:funding_escalationlevel_changelist": ADMIN_MANAGED,
    "admin:funding_escalationlevel_delete": ADMIN_ONLY,
    "admin:funding_escalationlevel_history": ADMIN_MANAGED,
    "admin:index": ADMIN_MANAGED,
    "admin:jsi18n": ADMIN_MANAGED,
    "admin:login": e(200, 200, 200, 200, 302),
    "admin:logout": e(302, 302, 302, 302, 405),
    "admin:otp_totp_totpdevice_add": ADMIN_ONLY,
    "admin:otp_totp_totpdevice_change": ADMIN_ONLY,
    "admin:otp_totp_totpdevice_changelist": ADMIN_ONLY,
    "admin:otp_totp_totpdevice_config": ADMIN_ONLY,
    "admin:otp_totp_totpdevice_delete": ADMIN_ONLY,
    "admin:otp_totp_totpdevice_history": ADMIN_ONLY,
    "admin:otp_totp_totpdevice_qrcode": ADMIN_ONLY,
    "admin:password_change": ADMIN_MANAGED,
    "admin:password_change_done": ADMIN_MANAGED,
    "admin:view_on_site": e(302, 302, 302, 302, 404),
    # Everything else.
    "healthz": e(200, 200, 200, 200, 200),
    "login": e(200, 200, 200, 200, 200),
    "logout": e(405, 405, 405, 405, 405),
    "set_language": e(302, 302, 302, 302, 302),
}

# API writes, POSTed with an empty body: who may try gets a Dutch validation answer (400),
# anyone else the refusal of the GET; nothing is written either way.
POST_EMPTY: dict[str, Expect] = {
    "api:oza-transitions": api(404, 400, 404, pk="oza"),
    "api:oza-goals": api(404, 400, 404, pk="oza"),
    "api:funding-line-list": api(400, 400, 400),
    "api:jeugdige-list": api(400, 400, 403),
    "api:oza-team": api(404, 400, 404, pk="oza"),
    "api:funding-line-decision": api(404, 400, 404, pk="funding_line"),
}


def walk(patterns, prefix="", namespace=None):
    """(key, route) for every URL pattern: the key is its name with namespaces, or for an
    unnamed pattern its route; the route is the full pattern text from the root."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield (name or route), route


def all_routes() -> dict[str, str]:
    routes = {}
    for key, route in walk(get_resolver().url_patterns):
        routes.setdefault(key, route)  # the first match wins, as in resolving
    return routes


ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def build_path(key: str, route: str, expect: Expect, arguments: dict) -> str:
    """The route with its arguments filled in from the data set."""
    segments = route.split("/")

    def value(match):
        name = match.group(1) or match.group(2)
        if segments[0] == "admin" and name in ("pk", "object_id"):
            # admin/<app_label>/<model>/<object_id>/...: an object of that model
            return str(arguments["admin"].get((segments[1], segments[2]), 999999))
        if name == "pk":
            return str(arguments[expect.pk])
        return str(arguments[name])

    return "/" + ARGUMENT.sub(value, route).replace("^", "").replace("$", "")


@pytest.fixture
def people_and_arguments(private_media):
    """One data set: an oza of the member's team with everything a route can point at, and a
    parent (portal account) of a child in another oza."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django_celery_beat.models import IntervalSchedule
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cases.models import Goal, TeamRole
    from funding.escalations import escalation_raise
    from funding.models import EscalationLevel
    from outcomes.models import SurveyInvitation
    from oza.accounts.models import Region
    from oza.audit.models import AuditEvent
    from oza.avg.models import InzageExport
    from oza.documents.models import Document
    from oza.portal.services import invitation_create
    from tests.factories import (
        GuardianFactory,
        TeamMemberFactory,
        UserFactory,
        hold_mdo,
        make_api_token,
        make_functional_admin,
        make_individual_arrangement,
        portal_guardian,
        request_funding,
        the_jeugdige,
        write_proposal,
    )

    member = UserFactory(first_name="Pien", last_name="Procesbegeleider")
    oza = make_individual_arrangement(procesbegeleider=member, age=13)
    jeugdige = the_jeugdige(oza)
    colleague = TeamMemberFactory(
        arrangement=oza, user=UserFactory(intern_begeleider=True), role=TeamRole.MENTOR
    )
    goal = Goal.objects.create(
        arrangement=oza, domain="onderwijs", description="Leest", target_date="2030-01-01"
    )
    own_parent = portal_guardian(jeugdige)
    invited = GuardianFactory(jeugdige=jeugdige, email="ouder2@oza.example")
    invitation, token = invitation_create(
        by=member, jeugdige=jeugdige, guardian=invited, email=invited.email
    )
    meeting = hold_mdo(oza, agreements=[("Mentor belt wekelijks", True)])
    line = request_funding(oza, by=member)
    level = EscalationLevel.objects.order_by("number").first() or EscalationLevel.objects.create(
        number=1, name="MDO"
    )
    escalation = escalation_raise(
        by=member, arrangement=oza, subject="financiering", disagreement="Wie betaalt het vervoer"
    )
    document = Document.objects.create(
        kind="plan",
        audience="team",
        arrangement=oza,
        jeugdige=jeugdige,
        series=f"plan:{oza.pk}:{jeugdige.pk}::team",
        version=1,
        requested_by=member,
        status="klaar",
        page_count=1,
        sha256="0" * 64,
    )
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4 matrix"))
    survey = SurveyInvitation.objects.create(
        arrangement=oza,
        jeugdige=jeugdige,
        moment="evaluatie",
        respondent_kind="ouder",
        guardian=own_parent,
        user=own_parent.user,
    )
    proposal = write_proposal(by=member)
    api_token, _plain = make_api_token(service_user=member)
    device = TOTPDevice.objects.create(user=own_parent.user, name="app", confirmed=False)

    other = make_individual_arrangement()
    parent = portal_guardian(the_jeugdige(other)).user
    beheerder = make_functional_admin()
    inzage = InzageExport.objects.create(jeugdige=jeugdige, requested_by=beheerder)
    region = Region.objects.create(name="Regio Matrix")

    arguments = {
        "oza": oza.pk,
        "jeugdige": jeugdige.pk,
        "jeugdige_pk": jeugdige.pk,
        "meeting": meeting.pk,
        "meeting_pk": meeting.pk,
        "agreement": meeting.agreements.get().pk,
        "document": document.pk,
        "proposal": proposal.pk,
        "funding_line": line.pk,
        "line_pk": line.pk,
        "goal_pk": goal.pk,
        "member_pk": colleague.pk,
        "guardian_pk": jeugdige.guardians.first().pk,
        "participation_pk": oza.participations.get().pk,
        "escalation_pk": escalation.pk,
        "participant_pk": meeting.participants.first().pk,
        "item_pk": meeting.agenda_items.first().pk,
        "invitation_pk": invitation.pk,
        "token": token,
        "survey_pk": survey.pk,
        "document_pk": document.pk,
        "export_pk": inzage.pk,
        "audit_event": AuditEvent.objects.first().pk,
        "extension": "csv",
        "transition": "start_preparation",
        "app_label": "accounts",
        "url": "bestaat-niet/",
        "totp_device": device.pk,
        "id": 0,  # admin: the user whose password is set (filled in below)
        "content_type_id": ContentType.objects.get_for_model(type(oza)).pk,
        "admin": {
            ("accounts", "organisation"): member.organisation_id,
            ("accounts", "user"): member.pk,
            ("auth", "group"): Group.objects.create(name="Groep").pk,
            ("audit", "auditevent"): AuditEvent.objects.first().pk,
            ("cases", "jeugdige"): jeugdige.pk,
            ("cases", "arrangement"): oza.pk,
            ("funding", "escalationlevel"): level.pk,
            ("api", "apitoken"): api_token.pk,
            ("accounts", "region"): region.pk,
            ("otp_totp", "totpdevice"): device.pk,
            ("django_celery_beat", "intervalschedule"): IntervalSchedule.objects.create(
                every=1, period="days"
            ).pk,
        },
    }
    arguments["object_id"] = oza.pk  # admin:view_on_site
    arguments["id"] = member.pk
    people = {
        "anonymous": None,
        "outsider": UserFactory(jeugdconsulent=True),
        "member": member,
        "parent": parent,
        "beheerder": beheerder,
    }
    return people, arguments


@pytest.mark.django_db
def test_every_route_answers_each_role_as_the_table_says(people_and_arguments):
    from django.test import Client

    from oza.audit.models import AuditAction, AuditEvent

    people, arguments = people_and_arguments
    clients = {}
    for role, user in people.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)

    unclassified, wrong = [], []
    for key, route in sorted(all_routes().items()):
        expect = EXPECTED.get(key)
        if expect is None:
            unclassified.append(key)
            continue
        path = build_path(key, route, expect, arguments)
        for role, wanted in zip(ROLES, expect.statuses, strict=True):
            got = clients[role].get(path).status_code
            if got != wanted:
                wrong.append(f"{key} ({path}) as {role}: {got}, expected {wanted}")

    writes = AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LIST]).count()
    routes = all_routes()
    for key, expect in POST_EMPTY.items():
        path = build_path(key, routes[key], expect, arguments)
        for role, wanted in zip(ROLES, expect.statuses, strict=True):
            got = clients[role].post(path, {}, content_type="application/json").status_code
            if got != wanted:
                wrong.append(f"POST {key} ({path}) as {role}: {got}, expected {wanted}")
    assert (
        AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LIST]).count()
        == writes
    ), "an empty POST changed something"

    assert not unclassified, (
        "Routes without an entry in EXPECTED (tests/security/test_access_matrix.py); decide "
        "who may reach each and add it: " + ", ".join(unclassified)
    )
    assert not wrong, "\n".join(wrong)
