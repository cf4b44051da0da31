"""API tokens in the admin: made by a functioneel beheerder, the plain key shown once."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from oza.accounts.models import Function, User

from .models import SCOPE_CHOICES, ApiToken
from .services import api_token_create, api_token_revoke


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("rechten"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["name", "organisation", "service_user", "scopes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "service_user" in self.fields:
            self.fields["service_user"].queryset = (
                User.objects.filter(is_active=True)
                .exclude(function__in=[Function.PORTAL, Function.FUNCTIONEEL_BEHEERDER])
                .select_related("organisation")
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "prefix", "organisation", "service_user", "created_at", "last_used_at"]
    list_display += ["revoked_at"]
    # Only organisations that hold a token: a national deployment has a thousand others.
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter)]
    readonly_fields = [
        "prefix",
        "scopes",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "organisation", "service_user", "scopes"]
        return ["name", "organisation", "service_user", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A token is never changed: revoke it and make a new one.
        return ["name", "organisation", "service_user", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        # The form validated the same rules (ApiToken.clean) before this point.
        token, plain = api_token_create(
            by=request.user,
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
            service_user=form.cleaned_data["service_user"],
            scopes=form.cleaned_data["scopes"],
        )
        obj.pk = token.pk
        request._api_token_plain = plain

    def save_related(self, request, form, formsets, change):
        pass

    def response_add(self, request, obj, post_url_continue=None):
        # The plain key exists only in this response: it is not stored and not in a message.
        return TemplateResponse(
            request,
            "admin/api/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "token": ApiToken.objects.get(pk=obj.pk),
                "plain": request._api_token_plain,
                "title": _("API-sleutel aangemaakt"),
            },
        )

    def log_addition(self, request, obj, message):
        return super().log_addition(request, ApiToken.objects.get(pk=obj.pk), message)

    @admin.action(description=_("Geselecteerde API-sleutels intrekken"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(by=request.user, token=token)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)s API-sleutel ingetrokken.", "%(n)s API-sleutels ingetrokken.", count)
            % {"n": count},
            messages.SUCCESS,
        )
