"""Offering and answering the satisfaction questionnaire."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.guards import SHARED_CONSENT_AGE
from cases.models import Phase
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

from .models import RespondentKind, SurveyInvitation, SurveyMoment, SurveyResponse

MOMENT_OF_PHASE = {Phase.EVALUATION: SurveyMoment.EVALUATION, Phase.CLOSED: SurveyMoment.CLOSING}


def survey_offer(*, arrangement, moment: str) -> list[SurveyInvitation]:
    """Offer the questionnaire about ``arrangement`` to the parents with gezag and the
    jeugdigen of 12+ of its current participants who can reach it in the portal. Safe to call
    twice: one offer per oza, moment and person."""
    from oza.portal.selectors import jeugdigen_for_portal_user

    today = timezone.localdate()
    offered = []
    for participation in arrangement.current_participations(today):
        jeugdige = participation.jeugdige
        respondents = [
            (RespondentKind.PARENT, guardian, guardian.user)
            for guardian in jeugdige.guardians.all()
            if guardian.has_authority and guardian.user_id
        ]
        if jeugdige.portal_user_id and jeugdige.age(today) >= SHARED_CONSENT_AGE:
            respondents.append((RespondentKind.JEUGDIGE, None, jeugdige.portal_user))
        for kind, guardian, user in respondents:
            if not jeugdigen_for_portal_user(user, today).filter(pk=jeugdige.pk).exists():
                continue
            invitation, created = SurveyInvitation.objects.get_or_create(
                arrangement=arrangement,
                jeugdige=jeugdige,
                moment=moment,
                user=user,
                defaults={"respondent_kind": kind, "guardian": guardian},
            )
            if created:
                offered.append(invitation)
    return offered


def offer_on_transition(sender, instance, name, source, target, **kwargs):
    """django-fsm ``post_transition`` receiver: entering evaluatie or afgesloten offers the
    questionnaire. Runs inside the transaction of ``arrangement_transition``, so a refused or
    rolled-back step offers nothing."""
    moment = MOMENT_OF_PHASE.get(target)
    if moment:
        survey_offer(arrangement=instance, moment=moment)


class AlreadyAnswered(ValidationError):
    pass


@transaction.atomic
def survey_answer(
    *, by, invitation: SurveyInvitation, heard: int, clear: int, helps: int, remark: str = ""
) -> SurveyResponse:
    """Store the answers once; a second answer is refused with AlreadyAnswered."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id != by.pk:
        raise ValidationError(_("Deze vragenlijst is niet voor u."))
    if SurveyResponse.objects.filter(invitation=invitation).exists():
        raise AlreadyAnswered(_("U heeft deze vragenlijst al ingevuld. Dank u wel!"))
    scores = {"heard": heard, "clear": clear, "helps": helps}
    if any(value not in range(1, 6) for value in scores.values()):
        raise ValidationError(_("Kies bij elke vraag een cijfer van 1 tot 5."))
    response = SurveyResponse(
        invitation=invitation,
        arrangement_id=invitation.arrangement_id,
        moment=invitation.moment,
        respondent_kind=invitation.respondent_kind,
        remark=remark.strip(),
        **scores,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise AlreadyAnswered(_("U heeft deze vragenlijst al ingevuld. Dank u wel!")) from None
    audit_change(
        actor=by,
        jeugdige_ids=[invitation.jeugdige_id],
        obj=response,
        action=AuditAction.CREATE,
        description=_("Vragenlijst ingevuld (%(moment)s)")
        % {"moment": invitation.get_moment_display().lower()},
    )
    return response
