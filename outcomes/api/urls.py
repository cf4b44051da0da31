from django.urls import path

from . import views

urlpatterns = [
    path("outcomes/", views.OutcomeIndicatorsView.as_view(), name="outcomes"),
]
