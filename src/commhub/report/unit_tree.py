"""The tree of units (units.yml: parent, valid_from, valid_to, successors), for rolling figures up.

A product keeps the unit it was published under. A report counts it either there (`as-of`: the
tree as it stood when the product was published, since a unit's parent is the one it had while it
existed) or under the unit that carries its work today (`current`): a unit that ceased is followed
to its successors; when the work passed to several units, to the nearest unit above all of them
(a district split into communes rolls up to its province).
"""

from __future__ import annotations

import datetime as dt

from commhub.content.model import Named

UNIT_MODES = ("as-of", "current")


class UnitTree:
    def __init__(self, units: dict[str, Named], mode: str = "as-of", today: dt.date | None = None):
        if mode not in UNIT_MODES:
            raise ValueError(mode)
        self.units, self.mode, self.today = units, mode, today or dt.date.today()
        self._rolled: dict[str, str] = {}
        self._chains: dict[str, tuple[str, ...]] = {}

    def ancestors(self, unit: str) -> tuple[str, ...]:
        """`unit` and the units above it, nearest first (a loop, which check refuses, stops the walk)."""
        chain = self._chains.get(unit)
        if chain is None:
            walk, current = [], unit
            while current in self.units and current not in walk:
                walk.append(current)
                current = self.units[current].parent
            chain = self._chains[unit] = tuple(walk) or (unit,)
        return chain

    def rolled(self, unit: str) -> str:
        """The unit a product published under `unit` counts under in this tree."""
        if self.mode == "as-of":
            return unit
        found = self._rolled.get(unit)
        if found is None:
            found = self._rolled[unit] = self._current(unit, set())
        return found

    def chain(self, unit: str) -> tuple[str, ...]:
        """The unit a product counts under and every unit above it: a filter by unit keeps the
        products whose chain holds it."""
        return self.ancestors(self.rolled(unit))

    def _current(self, unit: str, seen: set[str]) -> str:
        named = self.units.get(unit)
        if named is None or named.valid_to is None or named.valid_to >= self.today or not named.successors:
            return unit
        if unit in seen:
            return unit
        seen.add(unit)
        heirs = list(dict.fromkeys(self._current(heir, seen) for heir in named.successors))
        if len(heirs) == 1:
            return heirs[0]
        common = [ancestor for ancestor in self.ancestors(heirs[0])
                  if all(ancestor in self.ancestors(heir) for heir in heirs[1:])]
        return common[0] if common else heirs[0]

    def shown(self) -> list[str]:
        """The units a tree of this mode shows: every unit as of publication; when current, those that
        products count under (today's, and any that ceased with no successor)."""
        return [unit for unit in self.units if self.rolled(unit) == unit]

    def depth_first(self) -> list[tuple[str, int]]:
        """The shown units in tree order (units.yml order among siblings), each with its depth."""
        shown = self.shown()
        members = set(shown)
        children: dict[str | None, list[str]] = {}
        for unit in shown:
            parent = self.units[unit].parent
            children.setdefault(parent if parent in members else None, []).append(unit)
        ordered, stack = [], [(unit, 0) for unit in reversed(children.get(None, []))]
        visited = set()
        while stack:
            unit, depth = stack.pop()
            if unit in visited:
                continue
            visited.add(unit)
            ordered.append((unit, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(unit, [])))
        return ordered
