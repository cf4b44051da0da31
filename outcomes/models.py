"""Satisfaction questionnaire (cliënttevredenheid) of parents and jeugdigen, per oza and moment.

A later issue computes the outcome indicators from these answers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyMoment(models.TextChoices):
    EVALUATION = "evaluatie", _("Evaluatie")
    CLOSING = "afsluiting", _("Afsluiting")


class RespondentKind(models.TextChoices):
    PARENT = "ouder", _("Ouder/verzorger")
    JEUGDIGE = "jeugdige", _("Jeugdige")


class SurveyInvitation(models.Model):
    """The questionnaire offered to one person (a parent with gezag or a jeugdige of 12+ with
    portal access) about one oza at one moment. Answered at most once."""

    arrangement = models.ForeignKey(
        "cases.Arrangement",
        verbose_name=_("oza"),
        on_delete=models.PROTECT,
        related_name="survey_invitations",
    )
    jeugdige = models.ForeignKey(
        "cases.Jeugdige",
        verbose_name=_("jeugdige"),
        on_delete=models.PROTECT,
        related_name="survey_invitations",
    )
    moment = models.CharField(_("moment"), max_length=16, choices=SurveyMoment.choices)
    respondent_kind = models.CharField(
        _("soort invuller"), max_length=16, choices=RespondentKind.choices
    )
    guardian = models.ForeignKey(
        "cases.Guardian",
        verbose_name=_("ouder/verzorger"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portaalaccount"),
        on_delete=models.PROTECT,
        related_name="survey_invitations",
    )
    offered_at = models.DateTimeField(_("aangeboden op"), default=timezone.now)

    class Meta:
        verbose_name = _("aangeboden vragenlijst")
        verbose_name_plural = _("aangeboden vragenlijsten")
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "jeugdige", "moment", "user"],
                name="one_survey_per_moment_and_respondent",
            ),
        ]

    def __str__(self):
        return f"{self.arrangement} · {self.get_moment_display()} · {self.user}"


def score_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class SurveyResponse(models.Model):
    """The answers to one SurveyInvitation; the one-to-one makes a second answer impossible."""

    invitation = models.OneToOneField(
        SurveyInvitation,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="response",
    )
    arrangement = models.ForeignKey(
        "cases.Arrangement",
        verbose_name=_("oza"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    moment = models.CharField(_("moment"), max_length=16, choices=SurveyMoment.choices)
    respondent_kind = models.CharField(
        _("soort invuller"), max_length=16, choices=RespondentKind.choices
    )
    heard = score_field(_("gehoord"))
    clear = score_field(_("afspraken duidelijk"))
    helps = score_field(_("hulp helpt"))
    remark = models.TextField(_("opmerking"), blank=True)
    answered_on = models.DateField(_("ingevuld op"), default=timezone.localdate)
    answered_at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")
        ordering = ["-answered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(heard__gte=1, heard__lte=5)
                & models.Q(clear__gte=1, clear__lte=5)
                & models.Q(helps__gte=1, helps__lte=5),
                name="survey_scores_one_to_five",
            ),
        ]

    def __str__(self):
        return f"{self.invitation} ({self.answered_on:%Y-%m-%d})"
