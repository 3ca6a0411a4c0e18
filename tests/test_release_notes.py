"""scripts/changelog_section.py: the release workflow's notes come from CHANGELOG.md."""

from __future__ import annotations

import subprocess
import sys

from paths import ROOT

SCRIPT = ROOT / "scripts" / "changelog_section.py"
sys.path.insert(0, str(SCRIPT.parent))

from changelog_section import section  # noqa: E402

TEXT = """# Changelog

## [Unreleased]: 0.3.0

- new thing

## [0.2.0] - 2027-01-10

### Added

- a feature

## [0.1.0] - 2026-12-01

- the first
"""


def test_a_dated_and_an_unreleased_section_are_found_up_to_the_next_heading() -> None:
    assert section(TEXT, "0.2.0") == "### Added\n\n- a feature\n"
    assert section(TEXT, "0.3.0") == "- new thing\n"
    assert section(TEXT, "0.1.0") == "- the first\n"
    assert section(TEXT, "0.1") is None


def test_the_current_version_has_notes() -> None:
    from manim_nodes import __version__

    done = subprocess.run([sys.executable, str(SCRIPT), f"v{__version__}"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "### Added" in done.stdout


def test_a_version_without_notes_fails_the_release() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "9.9.9"], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "no section for 9.9.9" in done.stderr
