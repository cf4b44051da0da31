"""The standard questionnaire: three statements on a 1-5 scale and an open remark, in plain
Dutch (B1), worded for a parent or for the jeugdige."""

from django.utils.translation import gettext_lazy as _

from .models import RespondentKind

SCALE = [
    (1, _("1 – helemaal niet mee eens")),
    (2, _("2 – niet mee eens")),
    (3, _("3 – neutraal")),
    (4, _("4 – mee eens")),
    (5, _("5 – helemaal mee eens")),
]

QUESTIONS = {
    RespondentKind.PARENT: {
        "heard": _("Ik voel me gehoord door de mensen die helpen."),
        "clear": _("De afspraken zijn duidelijk voor mij."),
        "helps": _("De hulp helpt ons kind verder."),
    },
    RespondentKind.JEUGDIGE: {
        "heard": _("Ik voel me gehoord door de mensen die mij helpen."),
        "clear": _("De afspraken zijn duidelijk voor mij."),
        "helps": _("De hulp helpt mij verder."),
    },
}
