"""Print one version's section of CHANGELOG.md: the notes of its GitHub release.

    python3 scripts/changelog_section.py 0.1.0 > release-notes.md

The section is the one whose heading names the version (``## [0.1.0] - 2027-01-10``, or
``## [Unreleased]: 0.1.0`` before the date is set), up to the next ``## `` heading. Exits 1
with a message when there is none, so a release never goes out without notes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"


def section(text: str, version: str) -> str | None:
    """The body of ``version``'s section, without its heading; None if there is none."""
    heading = re.compile(rf"^## .*(\[{re.escape(version)}\]|: {re.escape(version)})\s*(-.*)?$")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if heading.match(line):
            body = []
            for following in lines[index + 1 :]:
                if following.startswith("## "):
                    break
                body.append(following)
            return "\n".join(body).strip() + "\n"
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: changelog_section.py VERSION", file=sys.stderr)
        return 2
    found = section(CHANGELOG.read_text(encoding="utf-8"), argv[1].removeprefix("v"))
    if found is None:
        print(f"CHANGELOG.md has no section for {argv[1]}", file=sys.stderr)
        return 1
    sys.stdout.write(found)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
