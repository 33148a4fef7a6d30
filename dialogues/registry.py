"""Named guards and actions that scripts may refer to. YAML names them; code lives here."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping

Guard = Callable[[Mapping[str, str]], bool]
Action = Callable[[MutableMapping[str, str]], None]


def _equals(key: str, value: str) -> Guard:
    def guard(variables: Mapping[str, str]) -> bool:
        return variables.get(key) == value

    guard.__name__ = f"{key}_is_{value}"
    return guard


GUARDS: dict[str, Guard] = {
    "is_witness": _equals("role", "witness"),
    "is_restraint": _equals("intervention", "restraint"),
    "is_seclusion": _equals("intervention", "seclusion"),
    "is_rapid_tranquillisation": _equals("intervention", "rapid_tranquillisation"),
}


def _mark(key: str, value: str) -> Action:
    def action(variables: MutableMapping[str, str]) -> None:
        variables[key] = value

    action.__name__ = f"mark_{key}_{value}"
    return action


ACTIONS: dict[str, Action] = {
    # The person chose to stop at the welfare check: remembered so the goodbye can say so.
    "mark_declined": _mark("declined", "yes"),
}
