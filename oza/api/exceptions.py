"""Errors of the services as API answers, in Dutch: a service's ValidationError is a 400 with
the messages per field, a refused step a 409 with the reasons as a list."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from cases.services import TransitionRefused


def validation_error_body(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def refused_response(refusal: TransitionRefused) -> Response:
    return Response(
        {
            "detail": _("Deze stap is geweigerd."),
            "reasons": [str(message) for message in refusal.messages],
        },
        status=status.HTTP_409_CONFLICT,
    )


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, TransitionRefused):
        return refused_response(exc)
    return drf_exception_handler(exc, context)
