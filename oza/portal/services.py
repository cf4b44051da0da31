"""Writes of the portal: invitations, accepting them, and decisions of parents and jeugdigen.

Keyword-only functions that validate, save in one transaction and write the audit trail."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.guards import ADULT_DECIDES_AGE, SHARED_CONSENT_AGE
from cases.models import ACTIVE_PHASES, Arrangement, ConsentSubject, Guardian, Jeugdige
from cases.selectors import jeugdigen_visible_to
from oza.accounts.models import Function, User
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

from .models import PortalInvitation, hash_token
from .selectors import guardian_of, portal_arrangements

INVITATION_TEMPLATE = "email/portal_invitation.txt"


def _require_team_member(by, jeugdige: Jeugdige) -> None:
    if by.is_functional_admin or not jeugdigen_visible_to(by).filter(pk=jeugdige.pk).exists():
        raise ValidationError(
            _("Alleen een teamlid van een oza van deze jeugdige kan portaaltoegang regelen.")
        )


def invitation_url(token: str) -> str:
    path = reverse("portal:accept", kwargs={"token": token})
    return f"{settings.OZA_SITE_URL.rstrip('/')}{path}"


@transaction.atomic
def invitation_create(
    *, by, jeugdige: Jeugdige, guardian: Guardian | None, email: str
) -> tuple[PortalInvitation, str]:
    """Invite ``guardian`` (or, when None, the jeugdige of 12+) by e-mail. Returns the
    invitation and the token (only its hash is stored; the token is only in the e-mail)."""
    _require_team_member(by, jeugdige)
    if guardian is not None:
        if guardian.jeugdige_id != jeugdige.pk:
            raise ValidationError(_("Deze ouder/verzorger hoort niet bij deze jeugdige."))
        if guardian.user_id:
            raise ValidationError(_("Deze ouder/verzorger heeft al een portaalaccount."))
    else:
        if jeugdige.age() < SHARED_CONSENT_AGE:
            raise ValidationError(
                _("Een jeugdige krijgt vanaf 12 jaar een eigen account voor het portaal.")
            )
        if jeugdige.portal_user_id:
            raise ValidationError(_("Deze jeugdige heeft al een portaalaccount."))
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": _("Vul een e-mailadres in.")})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    # One working link per person: a new invitation replaces an earlier open one.
    PortalInvitation.objects.filter(
        jeugdige=jeugdige,
        guardian=guardian,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(revoked_at=now, revoked_by=by)
    invitation = PortalInvitation(
        jeugdige=jeugdige,
        guardian=guardian,
        email=email,
        token_hash=hash_token(token),
        created_at=now,
        created_by=by,
        expires_at=now + timedelta(days=settings.OZA_PORTAL_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=invitation,
        action=AuditAction.CREATE,
        description=_("Uitgenodigd voor het portaal: %(who)s") % {"who": invitation.invitee_name},
        changes={"email": [None, email]},
    )
    _send_invitation(invitation, token)
    return invitation, token


def _send_invitation(invitation: PortalInvitation, token: str) -> None:
    """The e-mail names no child: the link leads to a page behind a password."""
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            INVITATION_TEMPLATE,
            {
                # A parent by their own name; the jeugdige without one (no child's name).
                "name": invitation.guardian.name if invitation.guardian_id else "",
                "url": invitation_url(token),
                "days": settings.OZA_PORTAL_INVITATION_DAYS,
                "sender": invitation.created_by,
            },
        )
        subject = _("Uitnodiging voor het oza-portaal")
    EmailMessage(subject=subject, body=body, to=[invitation.email]).send()


@transaction.atomic
def invitation_revoke(*, by, invitation: PortalInvitation) -> PortalInvitation:
    invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
    _require_team_member(by, invitation.jeugdige)
    if not invitation.is_open:
        raise ValidationError(
            _("Deze uitnodiging is %(status)s en kan niet meer worden ingetrokken.")
            % {"status": invitation.get_status_display().lower()}
        )
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit_change(
        actor=by,
        jeugdige_ids=[invitation.jeugdige_id],
        obj=invitation,
        action=AuditAction.UPDATE,
        description=_("Portaaluitnodiging ingetrokken: %(who)s") % {"who": invitation.invitee_name},
    )
    return invitation


def invitation_for_token(token: str) -> PortalInvitation | None:
    """The invitation of this link, whatever its status; None for an unknown link."""
    return (
        PortalInvitation.objects.select_related("jeugdige", "guardian")
        .filter(token_hash=hash_token(token))
        .first()
    )


class InvitationUnusable(ValidationError):
    """The link was used, revoked or expired."""


def _check_usable(invitation: PortalInvitation | None) -> PortalInvitation:
    if invitation is None or invitation.revoked_at:
        raise InvitationUnusable(
            _("Deze link werkt niet (meer). Vraag het team om een nieuwe uitnodiging.")
        )
    if invitation.accepted_at:
        raise InvitationUnusable(
            _("Deze link is al gebruikt. U kunt inloggen met uw e-mailadres en wachtwoord.")
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(
            _("Deze link is verlopen. Vraag het team om een nieuwe uitnodiging.")
        )
    return invitation


def check_invitation(token: str) -> PortalInvitation:
    """The open invitation of ``token``, or InvitationUnusable saying why not, in Dutch."""
    return _check_usable(invitation_for_token(token))


@transaction.atomic
def invitation_accept(*, token: str, password: str = "", existing_user=None) -> User:
    """Use the link once: create the portal account (username is the e-mail address) with
    ``password``, or link ``existing_user`` (a logged-in portal user, e.g. a parent of a second
    child), and tie it to the guardian or the jeugdige."""
    found = invitation_for_token(token)
    invitation = _check_usable(
        PortalInvitation.objects.select_for_update(of=("self",))
        .select_related("jeugdige", "guardian")
        .filter(pk=found.pk)
        .first()
        if found
        else None
    )
    if existing_user is not None and existing_user.is_authenticated:
        if existing_user.function != Function.PORTAL:
            raise ValidationError(
                _("U bent ingelogd als professional. Log uit en open de link opnieuw.")
            )
        user = existing_user
    else:
        username = invitation.email.lower()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                _(
                    "Er is al een account met dit e-mailadres. Log eerst in en open de link "
                    "daarna opnieuw."
                )
            )
        person = invitation.guardian.name if invitation.guardian_id else None
        first, _sep, last = (person or "").partition(" ")
        user = User(
            username=username,
            email=invitation.email,
            function=Function.PORTAL,
            first_name=first if person else invitation.jeugdige.first_name,
            last_name=last if person else invitation.jeugdige.last_name,
        )
        validate_password(password, user)
        user.set_password(password)
        user.save()
    if invitation.guardian_id:
        guardian = Guardian.objects.select_for_update().get(pk=invitation.guardian_id)
        if guardian.user_id and guardian.user_id != user.pk:
            raise InvitationUnusable(_("Deze ouder/verzorger heeft al een portaalaccount."))
        guardian.user = user
        guardian.save(update_fields=["user"])
    else:
        jeugdige = Jeugdige.objects.select_for_update().get(pk=invitation.jeugdige_id)
        if jeugdige.portal_user_id and jeugdige.portal_user_id != user.pk:
            raise InvitationUnusable(_("Deze jeugdige heeft al een portaalaccount."))
        jeugdige.portal_user = user
        jeugdige.save(update_fields=["portal_user"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    audit_change(
        actor=user,
        jeugdige_ids=[invitation.jeugdige_id],
        obj=invitation,
        action=AuditAction.UPDATE,
        description=_("Portaaluitnodiging geaccepteerd door %(who)s")
        % {"who": invitation.invitee_name},
    )
    return user


# --- Decisions in the portal ----------------------------------------------------------------
def decisions_for(user, jeugdige: Jeugdige, day=None) -> dict:
    """What ``user`` may decide for ``jeugdige`` today, by the age rules (DOMAIN.md):

    - ``akkoord``: the oza's on which this person gives or withdraws akkoord (a parent with
      gezag under 16, the jeugdige from 12);
    - ``parents_may_view``: the jeugdige of 16+ decides whether the parents look along;
    - ``non_custodial``: a parent with gezag (under 16) decides for each parent without gezag.
    ``decider`` is the Guardian the person acts as, or None for the jeugdige."""
    day = day or timezone.localdate()
    age = jeugdige.age(day)
    guardian = guardian_of(user, jeugdige)
    is_self = jeugdige.portal_user_id == user.pk
    result = {
        "decider": guardian,
        "is_self": is_self,
        "akkoord": [],
        "parents_may_view": False,
        "non_custodial": [],
    }
    if is_self and age >= SHARED_CONSENT_AGE:
        result["decider"] = None
        result["akkoord"] = list(portal_arrangements(jeugdige, day).filter(phase__in=ACTIVE_PHASES))
        result["parents_may_view"] = age >= ADULT_DECIDES_AGE
    elif guardian is not None and guardian.has_authority and age < ADULT_DECIDES_AGE:
        result["akkoord"] = list(portal_arrangements(jeugdige, day).filter(phase__in=ACTIVE_PHASES))
        result["non_custodial"] = [g for g in jeugdige.guardians.all() if not g.has_authority]
    return result


@transaction.atomic
def portal_decide(
    *,
    by,
    jeugdige: Jeugdige,
    subject: str,
    given: bool,
    arrangement: Arrangement | None = None,
    about_guardian: Guardian | None = None,
):
    """A parent or jeugdige gives or withdraws a decision in the portal, if the age rules let
    this person decide it (``decisions_for``); recorded on their own behalf."""
    allowed = decisions_for(by, jeugdige)
    refused = ValidationError(_("U kunt hier niet over beslissen."))
    if subject == ConsentSubject.AKKOORD:
        if arrangement is None or arrangement.pk not in {a.pk for a in allowed["akkoord"]}:
            raise refused
    elif subject == ConsentSubject.PARENTS_MAY_VIEW:
        if not allowed["parents_may_view"]:
            raise refused
    elif subject == ConsentSubject.NON_CUSTODIAL_MAY_VIEW:
        if about_guardian is None or about_guardian.pk not in {
            g.pk for g in allowed["non_custodial"]
        }:
            raise refused
    else:
        raise refused
    return case_services.consent_record(
        by=by,
        jeugdige=jeugdige,
        guardian=allowed["decider"],
        given=given,
        arrangement=arrangement,
        subject=subject,
        about_guardian=about_guardian,
        note=_("Via het portaal"),
    )
