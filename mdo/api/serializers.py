from rest_framework import serializers

from oza.api.serializers import ModelSerializer

from ..models import AgendaItem, Agreement, AgreementStatus, Meeting, Participant


class ParticipantSerializer(ModelSerializer):
    class Meta:
        model = Participant
        fields = ["id", "kind", "user", "jeugdige", "name", "role", "invitation", "attendance"]
        read_only_fields = fields


class AgendaItemSerializer(ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "kind", "notes", "shared_with_family"]
        read_only_fields = fields


class AgreementSerializer(ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "arrangement",
            "meeting",
            "description",
            "owner",
            "owner_name",
            "due_date",
            "measure",
            "status",
            "follow_up",
            "shared_with_family",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AgreementUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    follow_up = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class MeetingSerializer(ModelSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    agreements = AgreementSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "arrangement",
            "kind",
            "starts_at",
            "duration_minutes",
            "location",
            "video_url",
            "status",
            "chair",
            "decision",
            "cancel_reason",
            "next_meeting",
            "opened_at",
            "closed_at",
            "participants",
            "agenda",
            "agreements",
            "version",
        ]
        read_only_fields = fields
