"""The seed case, read at test time: a force's paper on a 2023 national report and its 2025
progress report (the earlier items quoted with their status, then six new recommendations).

Nothing of the paper is kept in the repository: the file is read from the shared seed folder
(``HMIC_SEED_DIR``, by default ``../shared/seed`` beside the repository), and a test that
needs it fails when it is missing. ``EXPECTED`` is a policy officer's reading of the case:
which earlier item each new recommendation restates or relates to.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_DIR = Path(os.environ.get("HMIC_SEED_DIR") or REPO.parent / "shared" / "seed")
SEED = SEED_DIR / "000_889aed2b18181ce5.txt"

OLD_HEADING = re.compile(r"^Recommendations from HMICFRS.s 2023 report$")
NEW_HEADING = re.compile(r"^Recommendations in this report$")
END = re.compile(r"^(A copy of the full report|FORCE RESPONSE)")
LABEL = re.compile(r"^(?:Recommendation (\d+)|Area for improvement)$")
# Where the paper names the two reports.
OLD_TITLE = re.compile(r"HMICFRS.s 2023 report - '([^']+)'")
NEW_TITLE = re.compile(r"accessed here: \[([^\]]+)\]")

# New item → (earlier item, relation). "O4" is the 2023 report's recommendation 4, "OAFI" its
# area for improvement; the force's own account in the paper names its 2nd force-facing
# recommendation (the 2023 report's 4th) as replaced by the new 4th.
EXPECTED = {
    "N1": ("O1", "supersedes"),
    "N2": ("O2", "supersedes"),
    "N3": ("O4", "related"),
    "N4": ("O4", "supersedes"),
    "N5": ("O4", "related"),
    "N6": ("OAFI", "related"),
}
# The new recommendation that uses what another of the same report asks to be produced.
DEPENDS = ("N4", "N3")


@dataclass
class SeedItem:
    """One labelled item of the paper: kind, number (None for the area for improvement),
    text and the status the progress report gives it (earlier items only)."""

    kind: str
    number: str | None
    text: str = ""
    status: str | None = None
    lines: list[str] = field(default_factory=list, repr=False)

    @property
    def key(self) -> str:
        return self.number or "AFI"


@dataclass
class SeedCase:
    old_title: str
    new_title: str
    old: list[SeedItem]
    new: list[SeedItem]
    # The progress report's lines from the earlier items' heading to its last new item.
    section: list[str]


def _blocks(lines: list[str], start: re.Pattern[str]) -> list[SeedItem]:
    at = next(i for i, line in enumerate(lines) if start.match(line.strip()))
    found: list[SeedItem] = []
    for line in lines[at + 1:]:
        text = line.strip()
        if END.match(text) or (found and (OLD_HEADING.match(text) or NEW_HEADING.match(text))):
            break
        label = LABEL.match(text)
        if label:
            found.append(SeedItem("recommendation" if label[1] else "area_for_improvement",
                                  label[1]))
        elif found and text.startswith("Status:"):
            found[-1].status = text.split(":", 1)[1].strip().lower().replace(" ", "_")
        elif found and text:
            found[-1].lines.append(text)
    for item in found:
        item.text = " ".join(item.lines)
    return [item for item in found if item.text]


@lru_cache(maxsize=1)
def seed_case() -> SeedCase:
    """The case as the paper gives it (AssertionError naming the folder when it is missing)."""
    assert SEED.is_file(), (f"the seed case {SEED} is missing (set HMIC_SEED_DIR to the "
                            "folder that holds it)")
    text = SEED.read_text(encoding="utf-8")
    lines = text.splitlines()
    old_title, new_title = OLD_TITLE.search(text), NEW_TITLE.search(text)
    assert old_title and new_title, "the paper no longer names the two reports"
    start = next(i for i, line in enumerate(lines) if OLD_HEADING.match(line.strip()))
    end = next(i for i, line in enumerate(lines) if i > start and END.match(line.strip()))
    return SeedCase(old_title[1], new_title[1], _blocks(lines, OLD_HEADING),
                    _blocks(lines, NEW_HEADING), [line.strip() for line in lines[start:end]])
