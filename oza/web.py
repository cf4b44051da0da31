"""View helpers shared by every app: who may use professional pages, and read logging."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from oza.audit.models import AuditAction
from oza.audit.services import audit_read


def reads_through_break_glass(user) -> bool:
    """Every case read of a functioneel beheerder goes through break-the-glass."""
    return user.is_functional_admin


def in_order(queryset, ids) -> list:
    """The rows ``ids`` of ``queryset``, in that order: the page a paginator cut from a list of
    every matching id, read with all it shows."""
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def add_form_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names where there is one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ProfessionalRequiredMixin(LoginRequiredMixin):
    """Case pages are for professionals; parents and jeugdigen use the portal."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_professional:
            raise PermissionDenied(_("Deze pagina is alleen voor professionals."))
        return super().dispatch(request, *args, **kwargs)


class FormActionMixin:
    """One form POSTed from a page that shows many: on success a message and a redirect to
    ``success_url()``; on invalid input or a service's ValidationError the page is shown again
    with the form and its errors, so nothing typed is lost."""

    http_method_names = ["post"]
    form_context_name = None

    def get_form(self):
        raise NotImplementedError

    def perform(self, form) -> str:
        """Carry out the change; return the success message."""
        raise NotImplementedError

    def success_url(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.require_team_member()
        form = self.get_form()
        if form.is_valid():
            try:
                message = self.perform(form)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                if message:
                    messages.success(request, message)
                return redirect(self.success_url())
        context = self.get_context_data(**{self.form_context_name: form})
        return self.render_to_response(context, status=400)


class AuditedReadMixin:
    """Logs that the user saw the jeugdigen a page shows, each time the page is rendered: on a
    GET, and when a form is shown again after invalid input."""

    audit_action = AuditAction.VIEW

    def audited_object(self):
        raise NotImplementedError

    def audited_jeugdige_ids(self) -> list[int]:
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        # The hooks may read what the page shows, e.g. the rows of a list page.
        self.rendered_context = context
        response = super().render_to_response(context, **response_kwargs)
        self.log_read()
        return response

    def log_read(self) -> None:
        audit_read(
            actor=self.request.user,
            jeugdige_ids=self.audited_jeugdige_ids(),
            obj=self.audited_object(),
            action=self.audit_action,
            break_the_glass=reads_through_break_glass(self.request.user),
        )


def loaded_or_found(view, name: str, find):
    """The object the view's cached property ``name`` already loaded in this request, or else
    ``find(user, pk)`` with the URL's ``pk``: a selector's access check (Http404 when the user
    may not see it). A page from the cache needs no more than that check; one made anew has
    loaded ``name`` already."""
    loaded = view.__dict__.get(name)
    if loaded is not None:
        return loaded
    return find(view.request.user, view.kwargs["pk"])


def conflict_response(view, form, current, fields):
    """Re-show the user's input with what the other person saved; a second save is deliberate."""
    theirs = [
        (form.fields[name].label, _display(current, name))
        for name in fields
        if name in form.fields and form.cleaned_data.get(name) != getattr(current, name)
    ]
    form.add_error(
        None,
        _(
            "Iemand anders heeft dit intussen opgeslagen. Uw invoer staat hieronder nog; vergelijk "
            "met de nieuwe gegevens en sla opnieuw op om ze te vervangen."
        ),
    )
    data = form.data.copy()
    data[form.add_prefix("version")] = current.version
    form.data = data
    return view.render_to_response(view.get_context_data(form=form, conflict=theirs), status=409)


def _display(instance, name):
    getter = getattr(instance, f"get_{name}_display", None)
    return getter() if getter else getattr(instance, name)
