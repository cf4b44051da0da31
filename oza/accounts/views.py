"""The second factor of professionals: set up the authenticator app, enter its code after the
password, and (re)make recovery codes. Enforcement is in ``oza.accounts.middleware``."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from . import two_factor
from .forms import CodeForm, ProfessionalCodeForm

WRONG_CODE = gettext_lazy("Deze code klopt niet. Probeer de nieuwste code uit de app.")


class CoveredUserMixin(LoginRequiredMixin):
    """Professionals and admin users; portal users have their own pages under /portaal/."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.is_covered(request.user):
            raise PermissionDenied(_("Deze pagina is alleen voor professionals."))
        return super().dispatch(request, *args, **kwargs)


class NextUrlMixin:
    def next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return reverse("cases:dossier_list")


class TwoFactorSetupView(CoveredUserMixin, NextUrlMixin, TemplateView):
    """Scan the QR code with an authenticator app and enter a code; the recovery codes are shown
    once, right after."""

    template_name = "accounts/two_factor_setup.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = {"next": self.next_url()}
        if two_factor.has_second_factor(user):
            context.update(enabled=True, codes_left=two_factor.recovery_codes_left(user))
        else:
            device = two_factor.device_for_setup(user)
            kwargs.setdefault("form", CodeForm())
            context.update(qr_svg=two_factor.qr_svg(device), key=two_factor.readable_key(device))
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        if two_factor.has_second_factor(request.user):
            return redirect("accounts:two_factor_setup")
        form = CodeForm(request.POST)
        if form.is_valid():
            device = two_factor.device_for_setup(request.user)
            if two_factor.confirm_device(
                user=request.user, device=device, token=form.cleaned_data["code"]
            ):
                otp_login(request, device)
                messages.success(request, _("Extra beveiliging staat aan."))
                return self.render_to_response(
                    {
                        "recovery_codes": two_factor.new_recovery_codes(request.user),
                        "next": self.next_url(),
                    }
                )
            form.add_error("code", WRONG_CODE)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RecoveryCodesView(CoveredUserMixin, NextUrlMixin, TemplateView):
    """New recovery codes replace the old ones (POST only, after the second factor)."""

    template_name = "accounts/two_factor_setup.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not two_factor.has_second_factor(request.user) or not request.user.is_verified():
            return redirect("accounts:two_factor_setup")
        codes = two_factor.new_recovery_codes(request.user)
        return self.render_to_response({"recovery_codes": codes, "next": self.next_url()})


class TwoFactorVerifyView(CoveredUserMixin, NextUrlMixin, TemplateView):
    """After the password: the code from the app, or a recovery code (once each)."""

    template_name = "accounts/two_factor_verify.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_verified() or not two_factor.has_second_factor(request.user):
            return redirect(self.next_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ProfessionalCodeForm())
        return super().get_context_data(next=self.next_url(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = ProfessionalCodeForm(request.POST)
        if form.is_valid():
            device = two_factor.verify(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        _(
                            "U heeft een herstelcode gebruikt; er zijn er nog %(count)s over. "
                            "Maak nieuwe codes onder Extra beveiliging."
                        )
                        % {"count": two_factor.recovery_codes_left(request.user)},
                    )
                return redirect(self.next_url())
            form.add_error("code", WRONG_CODE)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def lockout(request, response, credentials):
    """django-axes' answer to a locked username + IP: the Dutch lockout page (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked.html", {"cooloff_minutes": minutes}, status=429)
