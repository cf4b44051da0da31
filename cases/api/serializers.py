from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from oza.accounts.models import Organisation, OrganisationType, User
from oza.api.serializers import ModelSerializer

from ..models import (
    Arrangement,
    ArrangementFunctionChoice,
    Destination,
    EarlyEndReason,
    Goal,
    GoalEvaluation,
    GoalScore,
    Guardian,
    Jeugdige,
    Participation,
    TeamMember,
    TeamRole,
)
from ..services import ARRANGEMENT_FIELDS, GUARDIAN_FIELDS, JEUGDIGE_FIELDS, TRANSITION_NAMES


class GuardianSerializer(ModelSerializer):
    class Meta:
        model = Guardian
        fields = ["id", "name", "relation", "has_authority", "email", "phone"]
        read_only_fields = fields


class JeugdigeSerializer(ModelSerializer):
    guardians = GuardianSerializer(many=True, read_only=True)
    arrangements = serializers.SerializerMethodField(
        help_text=_("De oza's van deze jeugdige die u mag zien.")
    )

    class Meta:
        model = Jeugdige
        fields = [
            "id",
            *JEUGDIGE_FIELDS,
            "version",
            "guardians",
            "arrangements",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_arrangements(self, jeugdige) -> list[int]:
        visible = self.context.get("visible_arrangement_ids")
        return [
            p.arrangement_id
            for p in jeugdige.participations.all()
            if visible is None or p.arrangement_id in visible
        ]


class JeugdigeUpdateSerializer(ModelSerializer):
    """Wat een teamlid mag wijzigen; de versie komt in If-Match of in ``version``."""

    gemeente = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type=OrganisationType.GEMEENTE), required=False
    )
    school = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type=OrganisationType.SCHOOL),
        required=False,
        allow_null=True,
    )
    version = serializers.IntegerField(min_value=1, required=False, write_only=True)

    class Meta:
        model = Jeugdige
        fields = [*JEUGDIGE_FIELDS, "version"]
        # The unique BSN is checked by the service, with its own Dutch message.
        validators = []
        extra_kwargs = {"bsn": {"validators": []}}


class LatestEvaluationSerializer(ModelSerializer):
    class Meta:
        model = GoalEvaluation
        fields = ["score", "evaluated_on", "remark"]
        read_only_fields = fields


class GoalSerializer(ModelSerializer):
    latest_evaluation = LatestEvaluationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Goal
        fields = ["id", "domain", "description", "target_date", "created_at", "latest_evaluation"]
        read_only_fields = ["id", "created_at", "latest_evaluation"]


class TeamMemberSerializer(ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)
    organisation = serializers.CharField(
        source="user.organisation.__str__", read_only=True, allow_null=True
    )

    class Meta:
        model = TeamMember
        fields = ["id", "user", "name", "organisation", "role", "added_at"]
        read_only_fields = fields


class ParticipationSerializer(ModelSerializer):
    class Meta:
        model = Participation
        fields = ["id", "jeugdige", "joined_on", "left_on"]
        read_only_fields = fields


class ArrangementSerializer(ModelSerializer):
    functions = serializers.SerializerMethodField()
    team = TeamMemberSerializer(source="team_members", many=True, read_only=True)
    participants = ParticipationSerializer(source="participations", many=True, read_only=True)
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Arrangement
        fields = [
            "id",
            "kind",
            "name",
            "phase",
            "setting",
            "location",
            "planned_start",
            "planned_end",
            "capacity",
            "group_proposal",
            "support_questions",
            "protective_factors",
            "hindering_factors",
            "functions",
            "team",
            "participants",
            "goals",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_functions(self, arrangement) -> list[str]:
        return sorted(f.function for f in arrangement.functions.all())


class ArrangementUpdateSerializer(ModelSerializer):
    """Wat een teamlid van een oza mag wijzigen; de versie komt in If-Match of in ``version``.
    De fase wijzigt alleen met een stap op de route."""

    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=ArrangementFunctionChoice.choices),
        required=False,
        help_text=_("De functies van het oza; weggelaten: ongewijzigd."),
    )
    version = serializers.IntegerField(min_value=1, required=False, write_only=True)

    class Meta:
        model = Arrangement
        fields = [*ARRANGEMENT_FIELDS, "functions", "version"]


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=TRANSITION_NAMES,
        help_text=_("De stap op de route, bijvoorbeeld start_preparation."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    early_end_reason = serializers.ChoiceField(
        choices=EarlyEndReason.choices, required=False, allow_blank=True, default=""
    )
    destination = serializers.ChoiceField(
        choices=Destination.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("De bestemming van de jeugdige; nodig bij afronden of voortijdig beëindigen."),
    )
    expected_phase = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        max_length=32,
        help_text=_("De fase die u zag; een andere actuele fase weigert de stap."),
    )


class JeugdigeCreateSerializer(JeugdigeUpdateSerializer):
    class Meta(JeugdigeUpdateSerializer.Meta):
        fields = JEUGDIGE_FIELDS


class GuardianWriteSerializer(ModelSerializer):
    class Meta:
        model = Guardian
        fields = GUARDIAN_FIELDS


class FirstArrangementSerializer(ModelSerializer):
    class Meta:
        model = Arrangement
        fields = [
            "setting",
            "location",
            "planned_start",
            "planned_end",
            "support_questions",
            "protective_factors",
            "hindering_factors",
        ]


class RegistrationSerializer(serializers.Serializer):
    """Aanmelding: een nieuwe jeugdige met ouders/verzorgers en het eerste (individuele) oza,
    met de aanmelder in het team."""

    jeugdige = JeugdigeCreateSerializer()
    guardians = GuardianWriteSerializer(many=True, required=False, default=list)
    oza = FirstArrangementSerializer()
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=ArrangementFunctionChoice.choices),
        help_text=_("De functies van het oza (minstens één)."),
    )
    role = serializers.ChoiceField(
        choices=TeamRole.choices,
        default=TeamRole.PROCESBEGELEIDER,
        help_text=_("Uw rol in het team van het oza."),
    )


class TeamMemberWriteSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    role = serializers.ChoiceField(choices=TeamRole.choices)


class GoalEvaluationWriteSerializer(ModelSerializer):
    score = serializers.ChoiceField(choices=GoalScore.choices)

    class Meta:
        model = GoalEvaluation
        fields = ["score", "evaluated_on", "remark"]
