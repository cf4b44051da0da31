"""The funding guards on the route (seed 002 §6): an oza starts uitvoering only with a granted
funding line that covers its start date, and a group oza only with a decided proposal."""

from django.utils.translation import gettext as _

from cases.route import route_guard

from .models import FundingStatus


@route_guard("start_execution")
def granted_line_covers_start(arrangement):
    lines = list(arrangement.funding_lines.all())
    if any(
        line.status == FundingStatus.GRANTED and line.covers(arrangement.planned_start)
        for line in lines
    ):
        return
    start = arrangement.planned_start.strftime("%d-%m-%Y")
    pending = [line for line in lines if line.status == FundingStatus.REQUESTED]
    if pending:
        yield _(
            "De bekostiging is aangevraagd maar nog niet toegekend: %(lines)s. Uitvoering kan "
            "pas starten als een toegekende regel de start op %(start)s dekt."
        ) % {"lines": ", ".join(str(line) for line in pending), "start": start}
    else:
        yield _(
            "Er is geen toegekende bekostiging die de start op %(start)s dekt. Leg bijvoorbeeld "
            "de TLV of de jeugdhulpbeschikking vast."
        ) % {"start": start}


@route_guard("start_execution")
def group_proposal_decided(arrangement):
    """A group oza starts only once the region decided on its proposal (Bijlage 4)."""
    if not arrangement.is_group:
        return
    proposal = arrangement.group_proposal
    if proposal is None:
        yield _(
            "Een groepsarrangement start pas na een bestuurlijk besluit. Koppel het voorstel "
            "(bijlagen 2 tot en met 4) aan dit oza via 'wijzigen'."
        )
    elif not proposal.is_decided:
        yield _(
            "Over het voorstel '%(title)s' is nog niet besloten (stand: %(stage)s). Een "
            "groepsarrangement start pas na het besluit in het OOGO."
        ) % {"title": proposal.title, "stage": proposal.get_stage_display().lower()}
