from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("beveiliging/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("beveiliging/code/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("beveiliging/herstelcodes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
]
