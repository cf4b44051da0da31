"""Group arrangements (seed 002 §6, Bijlagen 2 to 4): a proposal, its business case or project
plan, and the decision route beleidsoverleg → RBO → regisseuroverleg → PORA → OOGO.

Keyword-only services; each validates, saves in one transaction and writes the audit trail. A
proposal concerns a target group, never a child, so its audit rows name no jeugdige."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from cases.services import save_versioned_audited
from oza.accounts.models import Function
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

from .models import (
    BUSINESS_CASE_OUTLINE,
    DECIDING_FORUMS,
    PROPOSAL_OUTLINE,
    GroupProposal,
    ProposalOutcome,
    ProposalStage,
    ProposalStep,
    missing_sections,
    outline_keys,
)

EDITABLE_FIELDS = ["title", "sections", "business_case_kind", "business_case"]


def may_decide(user) -> bool:
    """Policy staff record what the forums of the decision route decided."""
    return user.is_authenticated and user.function == Function.BELEIDSMEDEWERKER


def may_edit(user, proposal: GroupProposal) -> bool:
    """Its author and policy staff, until a forum has decided for good."""
    return proposal.is_open and (proposal.created_by_id == user.pk or may_decide(user))


def _require_edit(user, proposal: GroupProposal) -> None:
    if not proposal.is_open:
        raise ValidationError(
            _("Over dit voorstel is besloten; het kan niet meer worden gewijzigd.")
        )
    if not may_edit(user, proposal):
        raise ValidationError(
            _("Alleen de opsteller en beleidsmedewerkers kunnen dit voorstel wijzigen.")
        )


def _texts(outline, data: dict) -> dict:
    """Only the outline's sections, stripped; empty ones left out."""
    return {
        key: str(data.get(key, "")).strip()
        for key in outline_keys(outline)
        if str(data.get(key, "")).strip()
    }


def business_case_missing(proposal: GroupProposal) -> list[str]:
    """What the forums after the beleidsoverleg need and is not yet written."""
    missing = missing_sections(BUSINESS_CASE_OUTLINE, proposal.business_case)
    if not missing:
        return []
    return [
        _("Nog in te vullen in de businesscase of het projectplan: %(sections)s.")
        % {"sections": ", ".join(missing)}
    ]


@transaction.atomic
def proposal_save(
    *,
    by,
    proposal: GroupProposal,
    title: str,
    sections: dict,
    business_case_kind: str,
    business_case: dict,
    expected_version: int | None = None,
) -> GroupProposal:
    """Write a new proposal or change one; a change saves only if nobody else saved it since
    ``expected_version`` (else cases.services.ConcurrentEdit). Sections may stay empty while
    it is being written; submitting asks for all of them."""
    if proposal._state.adding:
        proposal.created_by = by
    else:
        _require_edit(by, proposal)
    proposal.title = title.strip()
    proposal.sections = _texts(PROPOSAL_OUTLINE, sections)
    proposal.business_case_kind = business_case_kind
    proposal.business_case = _texts(BUSINESS_CASE_OUTLINE, business_case)
    return save_versioned_audited(
        by=by,
        instance=proposal,
        fields=EDITABLE_FIELDS,
        expected_version=expected_version,
        jeugdige_ids=[],
        description=_("Voorstel groepsarrangement vastgelegd: %(title)s")
        % {"title": proposal.title},
    )


def _move(proposal: GroupProposal, method, *, by, description: str) -> None:
    old = proposal.stage
    try:
        method()
        proposal.stage_since = timezone.now()
        proposal.save(update_fields=["stage", "stage_since"])
    except ConcurrentTransition:
        raise ValidationError(
            _("Iemand anders heeft de stand van dit voorstel zojuist gewijzigd. Bekijk de stand.")
        ) from None
    audit_change(
        actor=by,
        jeugdige_ids=[],
        obj=proposal,
        action=AuditAction.TRANSITION,
        description=description,
        changes={"stage": [old, proposal.stage]},
    )


@transaction.atomic
def proposal_submit(*, by, proposal: GroupProposal) -> GroupProposal:
    """Submit a complete proposal: the decision route starts with the beleidsoverleg."""
    _require_edit(by, proposal)
    if proposal.stage != ProposalStage.DRAFT:
        raise ValidationError(_("Dit voorstel is al ingediend."))
    missing = missing_sections(PROPOSAL_OUTLINE, proposal.sections)
    if missing:
        raise ValidationError(
            _("Vul eerst alle onderdelen van het voorstel in. Nog leeg: %(sections)s.")
            % {"sections": ", ".join(missing)}
        )
    proposal.full_clean(exclude=["created_by"])
    _move(proposal, proposal.submit, by=by, description=_("Voorstel ingediend"))
    return proposal


def allowed_outcomes(proposal: GroupProposal) -> list[str]:
    """What the forum where the proposal now stands can decide."""
    if proposal.stage == ProposalStage.POLICY_MEETING:
        return [ProposalOutcome.INFORMED]
    if proposal.stage in DECIDING_FORUMS:
        return [ProposalOutcome.AGREED, ProposalOutcome.DEFERRED, ProposalOutcome.REFUSED]
    return []


@transaction.atomic
def proposal_record_step(
    *,
    by,
    proposal: GroupProposal,
    outcome: str,
    held_on: date,
    minutes_reference: str,
    note: str = "",
) -> ProposalStep:
    """Record how the forum where the proposal stands treated it. Informed or agreed moves it
    to the next forum (after the OOGO: besloten), refused ends it (afgewezen), deferred keeps
    it where it is. The forums from the RBO on decide on the business case or project plan, so
    a forum can agree only once it is complete."""
    if not may_decide(by):
        raise ValidationError(
            _("Alleen beleidsmedewerkers leggen besluiten over groepsarrangementen vast.")
        )
    proposal = GroupProposal.objects.select_for_update().get(pk=proposal.pk)
    allowed = allowed_outcomes(proposal)
    if not allowed:
        raise ValidationError(
            _("Dit voorstel staat niet (meer) op de route: %(stage)s.")
            % {"stage": proposal.get_stage_display().lower()}
        )
    if outcome not in allowed:
        raise ValidationError(
            {
                "outcome": _("Het %(forum)s kan alleen: %(allowed)s.")
                % {
                    "forum": proposal.get_stage_display(),
                    "allowed": ", ".join(str(ProposalOutcome(o).label).lower() for o in allowed),
                }
            }
        )
    errors = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _("Het overleg kan niet in de toekomst liggen.")
    last = proposal.steps.order_by("-held_on").first()
    if last and held_on < last.held_on:
        errors["held_on"] = _("Het overleg kan niet voor het vorige (%(date)s) liggen.") % {
            "date": last.held_on.strftime("%d-%m-%Y")
        }
    if not minutes_reference.strip():
        errors["minutes_reference"] = _("Vul het kenmerk van het verslag of de besluitenlijst in.")
    if outcome == ProposalOutcome.AGREED:
        missing = business_case_missing(proposal)
        if missing:
            errors["outcome"] = [
                _("Akkoord kan pas als de businesscase of het projectplan (bijlage 3) af is."),
                *missing,
            ]
    if errors:
        raise ValidationError(errors)
    step = ProposalStep.objects.create(
        proposal=proposal,
        forum=proposal.stage,
        held_on=held_on,
        outcome=outcome,
        minutes_reference=minutes_reference.strip(),
        note=note.strip(),
        recorded_by=by,
    )
    if outcome in (ProposalOutcome.INFORMED, ProposalOutcome.AGREED):
        _move(
            proposal,
            proposal.advance,
            by=by,
            description=_("%(forum)s: %(outcome)s")
            % {"forum": step.get_forum_display(), "outcome": step.get_outcome_display()},
        )
    elif outcome == ProposalOutcome.REFUSED:
        _move(
            proposal,
            proposal.reject,
            by=by,
            description=_("%(forum)s: afgewezen") % {"forum": step.get_forum_display()},
        )
    else:
        audit_change(
            actor=by,
            jeugdige_ids=[],
            obj=proposal,
            action=AuditAction.UPDATE,
            description=_("%(forum)s: aangehouden") % {"forum": step.get_forum_display()},
        )
    return step
