"""From a Document row to PDF bytes: a context per kind and audience, a print template,
WeasyPrint. Runs in the Celery worker (``services.document_render``), never in a request.

The family copy is safe by construction: its context is built only from what is shared with
ouders and jeugdige, so a template slip cannot leak what the context does not hold.

A new kind of document registers a context builder with ``@renderer(kind, template)``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Document, DocumentKind


@dataclass(frozen=True)
class Renderer:
    template: str
    context: Callable[[Document], dict]


RENDERERS: dict[str, Renderer] = {}


def renderer(kind: str, template: str):
    """Register the context builder of one kind of document and its template."""

    def register(build_context):
        RENDERERS[kind] = Renderer(template=template, context=build_context)
        return build_context

    return register


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def _no_fetching(url, *args, **kwargs):
    """Documents are self-contained (inline CSS, system fonts): nothing is fetched, so no
    text in a document can make the worker read a file or call a server."""
    raise ValueError(f"oza documents load no external resources ({url[:60]})")


def render_html(document: Document, *, made_at) -> str:
    spec = RENDERERS[document.kind]
    context = {
        "document": document,
        "family": document.is_family_copy,
        "made_at": made_at,
        **spec.context(document),
    }
    return render_to_string(spec.template, context)


def render_pdf(document: Document, *, made_at=None) -> RenderedPdf:
    from weasyprint import HTML  # imported here: loading Pango is only needed by the worker

    made_at = made_at or timezone.now()
    # Documents are Dutch, whatever language the requesting user had chosen.
    with translation.override(settings.LANGUAGE_CODE):
        html = render_html(document, made_at=made_at)
    rendered = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_no_fetching).render()
    return RenderedPdf(content=rendered.write_pdf(), page_count=len(rendered.pages))


# --- Onderwijs-zorgplan ---------------------------------------------------------------------
@renderer(DocumentKind.PLAN, "documents/plan.html")
def plan_context(document: Document) -> dict:
    from cases.models import Arrangement, Jeugdige, TeamMember
    from cases.selectors import goals_with_evaluations
    from mdo.models import AgendaItem, Agreement, Meeting, MeetingStatus

    family = document.is_family_copy
    arrangement = Arrangement.objects.prefetch_related("functions").get(pk=document.arrangement_id)
    jeugdige = Jeugdige.objects.select_related("school").get(pk=document.jeugdige_id)
    team = TeamMember.objects.filter(arrangement=arrangement).select_related(
        "user", "user__organisation"
    )
    goals = (
        goals_with_evaluations()
        .filter(arrangement=arrangement)
        .order_by("domain", "target_date", "id")
    )
    agreements = Agreement.objects.filter(arrangement=arrangement).select_related(
        "owner", "meeting"
    )
    meetings = Meeting.objects.filter(
        arrangement=arrangement, status=MeetingStatus.HELD, closed_at__isnull=False
    ).order_by("starts_at", "id")
    if family:
        # Only agreements that are shared and were made in a closed (vastgesteld) MDO.
        agreements = agreements.filter(shared_with_family=True, meeting__closed_at__isnull=False)
        meetings = meetings.prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(shared_with_family=True),
                to_attr="shared_items",
            )
        )
    context = {
        "arrangement": arrangement,
        "jeugdige": jeugdige,
        "functions": list(arrangement.functions.all()),
        "team": list(team),
        "goals": list(goals),
        "agreements": list(agreements.order_by("due_date", "id")),
        "meetings": list(meetings),
    }
    if not family:
        from funding.models import FundingLine

        context |= {
            "support_questions": arrangement.support_questions,
            "protective_factors": arrangement.protective_factors,
            "hindering_factors": arrangement.hindering_factors,
            "funding_lines": list(
                FundingLine.objects.filter(arrangement=arrangement).select_related(
                    "financier", "partner"
                )
            ),
            "transitions": list(arrangement.transitions.select_related("by")),
        }
    return context


# --- MDO-verslag ----------------------------------------------------------------------------
@renderer(DocumentKind.MDO_REPORT, "documents/mdo_report.html")
def mdo_report_context(document: Document) -> dict:
    from mdo.models import Meeting

    meeting = Meeting.objects.select_related(
        "arrangement", "chair", "closed_by", "next_meeting"
    ).get(pk=document.meeting_id)
    report = meeting.frozen_report
    agreements = meeting.agreements.select_related("owner").order_by("due_date", "id")
    context = {
        "meeting": meeting,
        "arrangement": meeting.arrangement,
        "jeugdigen": [
            p.jeugdige for p in meeting.arrangement.participations.select_related("jeugdige")
        ],
        "participants": report.get("participants", []),
        "next_meeting": meeting.next_meeting,
    }
    if document.is_family_copy:
        # The shared parts as they stand now, amendments included.
        context |= {
            "items": [
                {"title": item.title, "notes": item.notes}
                for item in meeting.agenda_items.filter(shared_with_family=True)
            ],
            "agreements": list(agreements.filter(shared_with_family=True)),
        }
    else:
        # The verslag as vastgesteld at closing, with every later amendment after it.
        context |= {
            "items": report.get("items", []),
            "agreements": list(agreements),
            "decision": report.get("decision", ""),
            "amendments": list(meeting.amendments.select_related("by", "agenda_item")),
        }
    return context


# --- Voorstel groepsarrangement (Bijlage 2) --------------------------------------------------
@renderer(DocumentKind.PROPOSAL, "documents/proposal.html")
def proposal_context(document: Document) -> dict:
    """The proposal as the forums of the decision route read it: at most two A4."""
    from funding.models import PROPOSAL_OUTLINE, GroupProposal
    from funding.selectors import outline_texts

    proposal = GroupProposal.objects.select_related("created_by").get(pk=document.proposal_id)
    return {
        "proposal": proposal,
        "chapters": outline_texts(PROPOSAL_OUTLINE, proposal.sections),
    }
