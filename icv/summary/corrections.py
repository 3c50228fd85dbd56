"""Published figures against current ones: what changed since a year was signed off (pure: no
Flask, no database). A signed-off year keeps its figures as published; ``differences`` lists each
figure a later correction changed, for the page, the exports and the API to show beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def flatten(figures: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested figures as one level of dotted keys: ``visits.by_suite.Rugby``."""
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


@dataclass(frozen=True)
class Difference:
    key: str
    published: Any
    current: Any


def not_recorded(published: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """Dotted prefixes of the sections the current figures have and the published ones lack
    altogether: added to the summary after sign-off (like ``time``), so not recorded then."""
    found: list[str] = []
    for key, value in current.items():
        if not isinstance(value, Mapping):
            continue
        if key not in published:
            found.append(f"{key}.")
        elif isinstance(published[key], Mapping):
            found += [f"{key}.{inner}" for inner in not_recorded(published[key], value)]
    return found


def differences(
    published: Mapping[str, Any], current: Mapping[str, Any], ignore: Iterable[str] = ()
) -> list[Difference]:
    """Every figure that differs between the published figures and the current ones. A row
    that is in one and not the other but counts nothing (a category added since, with no issue
    in it) is not a difference, nor is a section the published version did not record."""
    old, new = flatten(published), flatten(current)
    skipped = (*ignore, *not_recorded(published, current))
    return [
        Difference(key, old.get(key), new.get(key))
        for key in sorted(old.keys() | new.keys())
        if old.get(key) != new.get(key)
        and not key.startswith(skipped)
        and not ((key in old) != (key in new) and (old.get(key) or new.get(key)) in (0, None))
    ]
