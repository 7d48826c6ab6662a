"""Thresholds are settings: defaults, the environment, and one-line errors for bad values."""

from __future__ import annotations

import pytest

from hmic_actions.settings import SettingsError
from matching.settings import Thresholds


def test_defaults_when_nothing_is_set() -> None:
    assert Thresholds.from_env({}) == Thresholds()
    assert Thresholds.from_env({"HMIC_MATCH_LINK": "  "}) == Thresholds()


def test_values_from_the_environment() -> None:
    t = Thresholds.from_env({"HMIC_MATCH_LINK": "80", "HMIC_MATCH_LOOK": "55.5",
                             "HMIC_MATCH_MARGIN": "2", "HMIC_MATCH_FLOOR": "10",
                             "HMIC_MATCH_SAME_AS": "95", "HMIC_MATCH_PREFILTER": "200"})
    assert (t.link, t.look, t.margin, t.floor, t.same_as, t.prefilter) == (
        80, 55.5, 2, 10, 95, 200)


@pytest.mark.parametrize(("env", "message"), [
    ({"HMIC_MATCH_LINK": "high"}, "HMIC_MATCH_LINK='high' is not a number from 0 to 100"),
    ({"HMIC_MATCH_LOOK": "-1"}, "HMIC_MATCH_LOOK='-1' is not a number from 0 to 100"),
    ({"HMIC_MATCH_SAME_AS": "nan"}, "HMIC_MATCH_SAME_AS='nan' is not a number from 0 to 100"),
    ({"HMIC_MATCH_PREFILTER": "5.5"}, "HMIC_MATCH_PREFILTER='5.5' is not a whole number"),
    ({"HMIC_MATCH_LINK": "30"}, "the look threshold (40) is above the link threshold (30)"),
])
def test_bad_values_raise_one_line_naming_the_setting(env: dict, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Thresholds.from_env(env)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_index_reads_the_environment(monkeypatch) -> None:
    from matching.index import MatchIndex

    monkeypatch.setenv("HMIC_MATCH_LINK", "99")
    assert MatchIndex().thresholds.link == 99
