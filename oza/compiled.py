"""Reads whose SQL the ORM builds once per process.

Building and compiling a queryset costs Django about a millisecond, often more than
PostgreSQL takes to answer it; a page made anew that reads a dozen sets pays that a dozen times.
A ``CompiledRead`` builds its queryset once, with stand-ins for the values that change per
request (an oza's id, a user's id), and afterwards only runs the statement with the values put
in and turns the rows into objects as the queryset would (``select_related`` and annotations
included). The rules stay in the queryset the selector builds: only the values change.

``attach`` puts rows read that way where ``prefetch_related`` would have put them, so
templates, guards and properties that call ``.all()`` on a relation read them without a query.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

# Stand-ins for the values of a compiled read: no row has these ids, and nothing else in a
# statement takes such a value, so each one marks where its value goes.
_STAND_IN_BASE = -7_100_000_000


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    slots: dict[int, str]  # position in params -> name of the value that goes there
    compiler: Any
    converters: dict
    model: type[Model]
    model_fields: slice
    init_list: list[str]
    related_populators: list
    annotation_col_map: dict[str, int]


class CompiledRead:
    """``build(**values)`` as SQL made once per process (and database): calling it with the
    values runs that SQL and returns the objects the queryset would return.

    ``build`` must take every value as a keyword argument and use each as a value only (an
    id to compare with), never to decide the query's shape."""

    def __init__(self, build: Callable[..., QuerySet], *names: str):
        self.build = build
        self.names = names
        self._statements: dict[str, _Statement] = {}

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list[Model]:
        if set(values) != set(self.names):
            raise TypeError(f"Expected the values {sorted(self.names)}, got {sorted(values)}.")
        statement = self._statements.get(using) or self._compile(using)
        params = [
            values[statement.slots[i]] if i in statement.slots else param
            for i, param in enumerate(statement.params)
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(statement.sql, params)
            rows = cursor.fetchall()
        if statement.converters:
            rows = statement.compiler.apply_converters(rows, statement.converters)
        return [self._object(statement, using, row) for row in rows]

    @staticmethod
    def _object(statement: _Statement, using: str, row) -> Model:
        obj = statement.model.from_db(using, statement.init_list, row[statement.model_fields])
        for populator in statement.related_populators:
            populator.populate(row, obj)
        for name, position in statement.annotation_col_map.items():
            setattr(obj, name, row[position])
        return obj

    def _compile(self, using: str) -> _Statement:
        stand_ins = {name: _STAND_IN_BASE - i for i, name in enumerate(self.names)}
        queryset = self.build(**stand_ins)
        if queryset._prefetch_related_lookups:
            raise ValueError("A compiled read runs one statement: attach what it prefetches.")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in stand_ins.items()}
        slots = {i: by_value[p] for i, p in enumerate(params) if _is_stand_in(p, by_value)}
        missing = set(self.names) - set(slots.values())
        if missing:
            raise ValueError(f"The query does not take {sorted(missing)} as a value.")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        model_fields = slice(fields[0], fields[-1] + 1)
        statement = _Statement(
            sql=sql,
            params=tuple(params),
            slots=slots,
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            model=klass_info["model"],
            model_fields=model_fields,
            init_list=[column[0].target.attname for column in select[model_fields]],
            related_populators=get_related_populators(klass_info, select, using),
            annotation_col_map=compiler.annotation_col_map,
        )
        self._statements[using] = statement
        return statement


def compiled_filter(queryset: QuerySet, **lookups: str) -> CompiledRead:
    """``queryset`` filtered on each lookup by the value named beside it, compiled:
    ``compiled_filter(Goal.objects.all(), arrangement_id="oza")(oza=801)``."""
    return CompiledRead(
        lambda **values: queryset.filter(
            **{lookup: values[name] for lookup, name in lookups.items()}
        ),
        *lookups.values(),
    )


def _is_stand_in(param, by_value: dict) -> bool:
    return type(param) is int and param in by_value


def attach(parents: Iterable[Model], relation: str, children: Iterable[Model]) -> None:
    """Give each of ``parents`` its ``children`` (read in the relation's order) as
    ``parent.<relation>.all()``, as ``prefetch_related(relation)`` would, each child knowing
    its parent. ``relation`` is a reverse foreign key (``arrangement.team_members``)."""
    parents = list(parents)
    if not parents:
        return
    rel = parents[0]._meta.get_field(relation)
    foreign_key = rel.field
    by_parent = defaultdict(list)
    for child in children:
        by_parent[getattr(child, foreign_key.attname)].append(child)
    for parent in parents:
        found = by_parent.get(parent.pk, [])
        for child in found:
            foreign_key.set_cached_value(child, parent)
        # The relation's own queryset, as prefetch_related keeps: a .filter() on it still asks
        # the database for that oza's rows.
        if not hasattr(parent, "_prefetched_objects_cache"):
            parent._prefetched_objects_cache = {}
        parent._prefetched_objects_cache.pop(rel.cache_name, None)
        queryset = getattr(parent, relation).get_queryset()
        queryset._result_cache = found
        queryset._prefetch_done = True
        parent._prefetched_objects_cache[rel.cache_name] = queryset
