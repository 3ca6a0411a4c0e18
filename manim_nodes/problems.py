"""Problems found in a graph file: where they are and what is wrong, in plain words."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a graph, placed as precisely as we can."""

    message: str
    path: str = ""  # JSON pointer, e.g. /nodes/morph/inputs/target
    line: int | None = None  # 1-based, YAML and JSON
    column: int | None = None
    node: str | None = None
    port: str | None = None
    severity: str = "error"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def format(self, file: str) -> str:
        """``file:line:col: message``, the shape compilers and editors understand."""
        place = file
        if self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        where = f" (at {self.path})" if self.path else ""
        return f"{place}: {self.message}{where}"


class GraphError(Exception):
    """A graph that cannot be used, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem], file: str = "") -> None:
        self.problems = list(problems)
        self.file = file
        super().__init__("; ".join(p.message for p in self.problems))


def pointer(*parts: str | int) -> str:
    """A JSON pointer from path parts, escaping ``~`` and ``/`` as RFC 6901 says."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with transpositions counted as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'square'?"`` when a close candidate exists, else ``""``.

    Closest by edit distance, ignoring case; ties go to the shorter name.
    """
    word = str(word).lower()
    best = min(
        ((edit_distance(word, c.lower()), len(c), c) for c in candidates),
        default=None,
    )
    if best is None or best[0] > max(1, len(word) // 3) or best[0] == len(word):
        matches = difflib.get_close_matches(word, [c.lower() for c in candidates], n=1, cutoff=0.75)
        if not matches:
            return ""
        return f"; did you mean '{next(c for c in candidates if c.lower() == matches[0])}'?"
    return f"; did you mean '{best[2]}'?"
