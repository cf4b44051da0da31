"""The indicator set as JSON: the same tables and suppressed cells as the dashboard."""

from rest_framework import serializers


class CellSerializer(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True,
        help_text="Het getal; leeg als het is onderdrukt (minder dan 5 jeugdigen) of ontbreekt.",
    )
    display = serializers.CharField(help_text='Zoals het dashboard het toont, bijv. "<5".')
    suppressed = serializers.BooleanField()
    kind = serializers.CharField(help_text="count, percent, number of plain.")

    def to_representation(self, cell):
        return {
            "value": None if cell.suppressed else cell.value,
            "display": cell.display,
            "suppressed": cell.suppressed,
            "kind": cell.kind,
        }


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    cells = CellSerializer(many=True)


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = RowSerializer(many=True)
    total = RowSerializer(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class TrendSerializer(serializers.Serializer):
    month = serializers.DateField()
    new_starts = CellSerializer()
    active = CellSerializer()


class ReportSerializer(serializers.Serializer):
    scope = serializers.CharField(help_text="Over wiens oza's de cijfers gaan.")
    start = serializers.DateField()
    end = serializers.DateField()
    tables = TableSerializer(many=True)
    trend = TrendSerializer(many=True)

    def to_representation(self, instance):
        report, scope = instance
        return {
            "scope": scope.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "tables": TableSerializer(report.tables, many=True).data,
            "trend": TrendSerializer(report.trend, many=True).data,
        }
