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


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'square'?"`` when a close candidate exists, else ``""``."""
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean '{lowered[match[0]]}'?" if match else ""
