"""The process that reads a report runs at a lower CPU priority than its caller.

``run_isolated`` raises the child's niceness to ``Limits.niceness`` (``HMIC_WORKER_NICE``,
default 10), so that a server reading reports itself (``hmic-actions serve``) keeps its own
priority for its requests; the caller's niceness is never changed, and a child already as
nice is left as it is. The children here report their niceness as the kernel sees it.
"""

from __future__ import annotations

import os

import pytest

from extractor.guard import Limits, lower_priority, run_isolated
from hmic_actions.settings import SettingsError

#: The niceness the tests ask for: above the test run's own, so that asking changes it.
WANTED = 7


@pytest.fixture(autouse=True)
def room_to_lower() -> int:
    """The test run's own niceness, which must leave room below WANTED."""
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert own < WANTED - 1, f"the tests run at niceness {own}; run them below {WANTED - 1}"
    return own


def niceness(_path: object, _report: object) -> int:
    """Run in the child: its niceness."""
    return os.getpriority(os.PRIO_PROCESS, 0)


def test_the_reading_child_runs_at_the_niceness_of_the_limits(tmp_path, room_to_lower):
    assert run_isolated(niceness, tmp_path / "any.pdf", Limits(niceness=WANTED)) == WANTED
    assert os.getpriority(os.PRIO_PROCESS, 0) == room_to_lower  # the caller keeps its own


def test_the_default_is_niceness_10_and_0_leaves_the_callers(tmp_path, room_to_lower):
    assert Limits().niceness == Limits.from_env({}).niceness == 10
    assert run_isolated(niceness, tmp_path / "any.pdf", Limits()) == 10
    assert run_isolated(niceness, tmp_path / "any.pdf", Limits(niceness=0)) == room_to_lower


def test_the_setting_gives_the_niceness(tmp_path):
    limits = Limits.from_env({"HMIC_WORKER_NICE": str(WANTED - 1)})
    assert run_isolated(niceness, tmp_path / "any.pdf", limits) == WANTED - 1
    with pytest.raises(SettingsError) as info:
        Limits.from_env({"HMIC_WORKER_NICE": "20"})
    assert info.value.reason == "HMIC_WORKER_NICE='20' is not a whole number from 0 to 19"


def test_a_child_already_nicer_is_left_as_it_is(tmp_path):
    def nicer_then_asked_less(_path: object, _report: object) -> tuple[int, int, int]:
        lowered = lower_priority(WANTED + 3)
        return lowered, lower_priority(WANTED - 4), os.getpriority(os.PRIO_PROCESS, 0)

    assert run_isolated(nicer_then_asked_less, tmp_path / "any.pdf",
                        Limits(niceness=WANTED)) == (WANTED + 3,) * 3
