from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "oza.accounts"
    label = "accounts"
    verbose_name = _("Organisaties en gebruikers")

    def ready(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from oza.choices import use_label_lookup

        # Here because every model is loaded once the first app is ready.
        use_label_lookup()

        # Signals rather than the services: the admin and django-otp itself change devices too.
        for signal in (post_save, post_delete):
            signal.connect(
                _forget_second_factor, sender=TOTPDevice, dispatch_uid=f"forget-2fa-{signal}"
            )


def _forget_second_factor(sender, instance, **kwargs):
    from .two_factor import forget_second_factor

    forget_second_factor(instance.user_id)
