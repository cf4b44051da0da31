from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import TeamMember
from cases.selectors import arrangements_visible_to
from oza.accounts.models import Organisation, User
from oza.api.serializers import ModelSerializer

from ..forms import FINANCIER_TYPES
from ..models import FundingLine, GroupProposal, ProposalStep
from ..services import DECISIONS, FIELDS


def member_arrangement_ids(user) -> set[int]:
    return set(TeamMember.objects.filter(user=user).values_list("arrangement_id", flat=True))


class FundingLineSerializer(ModelSerializer):
    """Een bekostigingsregel; ``amount`` alleen voor teamleden van het oza (anders null)."""

    class Meta:
        model = FundingLine
        fields = [
            "id",
            "arrangement",
            *FIELDS,
            "status",
            "decided_on",
            "ended_on",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        members = self.context.get("member_arrangement_ids")
        if members is None or instance.arrangement_id not in members:
            data["amount"] = None
        return data


class FundingLineWriteSerializer(ModelSerializer):
    """Een nieuwe regel (status aangevraagd) of een wijziging; de status wijzigt alleen met een
    besluit."""

    arrangement = serializers.PrimaryKeyRelatedField(queryset=FundingLine.objects.none())
    financier = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type__in=FINANCIER_TYPES)
    )
    partner = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    requested_by = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    version = serializers.IntegerField(min_value=1, required=False, write_only=True)

    class Meta:
        model = FundingLine
        fields = ["arrangement", *FIELDS, "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["arrangement"].queryset = arrangements_visible_to(request.user)
        if self.instance is not None:
            self.fields["arrangement"].read_only = True

    def validate(self, attrs):
        arrangement = attrs.get("arrangement") or getattr(self.instance, "arrangement", None)
        requested_by = attrs.get("requested_by")
        if (
            arrangement is not None
            and requested_by is not None
            and not TeamMember.objects.filter(arrangement=arrangement, user=requested_by).exists()
        ):
            raise serializers.ValidationError(
                {"requested_by": _("Kies iemand uit het team van dit oza.")}
            )
        return attrs


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=list(DECISIONS))
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision_reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=64
    )


class ProposalStepSerializer(ModelSerializer):
    class Meta:
        model = ProposalStep
        fields = ["forum", "held_on", "outcome", "minutes_reference", "note", "recorded_at"]
        read_only_fields = fields


class GroupProposalSerializer(ModelSerializer):
    steps = ProposalStepSerializer(many=True, read_only=True)

    class Meta:
        model = GroupProposal
        fields = [
            "id",
            "title",
            "sections",
            "business_case_kind",
            "business_case",
            "stage",
            "stage_since",
            "steps",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
