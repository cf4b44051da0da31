"""Reads whose SQL the ORM builds once per process.

Building and compiling a queryset costs Django about a millisecond, often more than
PostgreSQL takes to answer it; a page made anew that reads a dozen sets pays that a dozen times.
A ``CompiledRead`` builds its queryset once, with stand-ins for the values that change per
request (an oza's id, the ids of a page of oza's), and afterwards only runs the statement with
the values put in and turns the rows into what the queryset would return: objects
(``select_related`` and annotations included), or dicts for a ``values()`` queryset. The rules
stay in the queryset the selector builds: only the values change.

``attach`` puts rows read that way where ``prefetch_related`` would have put them, so
templates, guards and properties that call ``.all()`` on a relation read them without a query.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators

# Stand-ins for the values of a compiled read: no row has these ids, and nothing else in a
# statement takes such a value, so each one marks where its value goes.
_STAND_IN_BASE = -7_100_000_000
_STAND_INS_PER_VALUE = 1_000_000

# A statement is kept per length of a list value: for a page of ids, not for any length.
LONGEST_KEPT_LIST = 200

# Every id fits in a 64-bit integer; a value outside it (from a URL, say) is no row's.
_SMALLEST_ID, _LARGEST_ID = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    slots: dict[int, tuple[str, int | None]]  # position -> (value's name, index in a list)
    compiler: Any
    converters: dict
    make: Callable  # (statement, using, row) -> what the queryset returns for the row
    names: list[str]  # of a values() row
    model: type[Model] | None
    model_fields: slice | None
    init_list: list[str]
    related_populators: list
    annotation_col_map: dict[str, int]


class CompiledRead:
    """``build(**values)`` as SQL made once per process (per database, and per length of each
    list value): calling it with the values runs that SQL and returns what the queryset would.

    ``build`` takes every value as a keyword argument: an id, or a list of ids for an ``__in``
    lookup that every row must meet (so an empty list reads nothing). It uses each as a value
    only (an id to compare with), never to decide the query's shape, and reads nothing that
    changes while the process runs (the clock, settings): the statement keeps what it read.
    A list longer than ``LONGEST_KEPT_LIST`` is read through the queryset itself."""

    def __init__(self, build: Callable[..., QuerySet], *names: str):
        self.build = build
        self.names = names
        self._statements: dict[tuple, _Statement] = {}

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        if set(values) != set(self.names):
            raise TypeError(f"Expected the values {sorted(self.names)}, got {sorted(values)}.")
        values = {
            name: [v for v in value if _storable(v)]
            if isinstance(value, Iterable) and not isinstance(value, str)
            else value
            for name, value in values.items()
        }
        if any(value == [] or not _storable(value) for value in values.values()):
            return []  # an id no row can have (as the ORM answers for one out of range)
        lists = [value for value in values.values() if isinstance(value, list)]
        if any(len(value) > LONGEST_KEPT_LIST for value in lists):
            return list(self.build(**values).using(using))
        shape = tuple(len(value) if isinstance(value, list) else None for value in values.values())
        key = (using, tuple(values), shape)
        statement = self._statements.get(key) or self._compile(key, values)
        params = list(statement.params)
        for position, (name, index) in statement.slots.items():
            params[position] = values[name] if index is None else values[name][index]
        with connections[using].cursor() as cursor:
            cursor.execute(statement.sql, params)
            rows = cursor.fetchall()
        if statement.converters:
            rows = statement.compiler.apply_converters(rows, statement.converters)
        return [statement.make(statement, using, row) for row in rows]

    def _compile(self, key: tuple, values: dict) -> _Statement:
        using = key[0]
        stand_ins, slot_of = {}, {}
        for i, (name, value) in enumerate(values.items()):
            first = _STAND_IN_BASE - i * _STAND_INS_PER_VALUE
            if isinstance(value, list):
                stand_ins[name] = [first - j for j in range(len(value))]
                slot_of.update({first - j: (name, j) for j in range(len(value))})
            else:
                stand_ins[name] = first
                slot_of[first] = (name, None)
        queryset = self.build(**stand_ins)
        if queryset._prefetch_related_lookups:
            raise ValueError("A compiled read runs one statement: attach what it prefetches.")
        if queryset._iterable_class not in (ModelIterable, ValuesIterable):
            raise ValueError("A compiled read returns objects or values() dicts.")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = {i: slot_of[p] for i, p in enumerate(params) if type(p) is int and p in slot_of}
        missing = set(slot_of.values()) - set(slots.values())
        if missing:
            names = sorted({name for name, _ in missing})
            raise ValueError(f"The query does not take {names} as a value.")
        select, klass_info, query = compiler.select, compiler.klass_info, queryset.query
        statement = {
            "sql": sql,
            "params": tuple(params),
            "slots": slots,
            "compiler": compiler,
            "converters": compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            "annotation_col_map": compiler.annotation_col_map or {},
        }
        if queryset._iterable_class is ValuesIterable:  # a dict per row
            names = list(query.selected or ()) or [
                *query.extra_select,
                *query.values_select,
                *query.annotation_select,
            ]
            statement.update(
                make=_values_row,
                names=names,
                model=None,
                model_fields=None,
                init_list=[],
                related_populators=[],
            )
        else:
            fields = klass_info["select_fields"]
            model_fields = slice(fields[0], fields[-1] + 1)
            statement.update(
                make=_object,
                names=[],
                model=klass_info["model"],
                model_fields=model_fields,
                init_list=[column[0].target.attname for column in select[model_fields]],
                related_populators=get_related_populators(klass_info, select, using),
            )
        self._statements[key] = _Statement(**statement)
        return self._statements[key]


def _storable(value) -> bool:
    """Whether a row may have ``value`` (the database would refuse an id out of range)."""
    return not isinstance(value, int) or _SMALLEST_ID <= value <= _LARGEST_ID


def _object(statement: _Statement, using: str, row) -> Model:
    obj = statement.model.from_db(using, statement.init_list, row[statement.model_fields])
    for populator in statement.related_populators:
        populator.populate(row, obj)
    for name, position in statement.annotation_col_map.items():
        setattr(obj, name, row[position])
    return obj


def _values_row(statement: _Statement, using: str, row) -> dict:
    return dict(zip(statement.names, row, strict=True))


def compiled_filter(queryset: QuerySet, **lookups: str) -> CompiledRead:
    """``queryset`` filtered on each lookup by the value named beside it, compiled:
    ``compiled_filter(Goal.objects.all(), arrangement_id="oza")(oza=801)``, or with
    ``arrangement_id__in="ozas"`` called with ``ozas=[801, 802]``."""
    return CompiledRead(
        lambda **values: queryset.filter(
            **{lookup: values[name] for lookup, name in lookups.items()}
        ),
        *lookups.values(),
    )


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
        # the database for that parent's rows.
        if not hasattr(parent, "_prefetched_objects_cache"):
            parent._prefetched_objects_cache = {}
        parent._prefetched_objects_cache.pop(rel.cache_name, None)
        queryset = getattr(parent, relation).get_queryset()
        queryset._result_cache = found
        queryset._prefetch_done = True
        parent._prefetched_objects_cache[rel.cache_name] = queryset
