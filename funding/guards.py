"""The funding guard on the route (issue "Funding", seed 002 §6): an oza starts uitvoering only
with a granted funding line that covers its start date."""

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
