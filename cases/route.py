"""The guard registry of the five-phase route.

A guard is a function ``guard(arrangement) -> Iterable[str]`` that yields, in Dutch, what is still
missing before a transition may happen. Apps register guards in their ``AppConfig.ready()`` with
``@route_guard("start_preparation")``; the state machine asks the registry through
``route_condition``, so a new app adds rules without touching the core.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

Guard = Callable[[object], Iterable[str]]

_guards: dict[str, list[Guard]] = defaultdict(list)


def route_guard(*transition_names: str):
    def register(guard: Guard) -> Guard:
        for name in transition_names:
            if guard not in _guards[name]:
                _guards[name].append(guard)
        return guard

    return register


def missing_for(arrangement, transition_name: str) -> list[str]:
    """Everything that blocks ``transition_name`` for ``arrangement``, in Dutch; empty if none."""
    return [message for guard in _guards[transition_name] for message in guard(arrangement)]


def route_condition(transition_name: str):
    """A django-fsm condition that holds when no registered guard objects."""

    def condition(arrangement) -> bool:
        return not missing_for(arrangement, transition_name)

    condition.__name__ = f"guards_of_{transition_name}"
    return condition
