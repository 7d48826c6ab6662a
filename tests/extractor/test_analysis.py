import time

import pytest

from extractor.analysis import ItemFacts, analyse_item
from extractor.nlp import blank, get_nlp
from hmic_actions.settings import SettingsError


def test_a_dated_national_recommendation() -> None:
    facts = analyse_item(
        "By 31 March 2026, all chief constables and the Home Office should agree a common "
        "standard for recording online child abuse.",
        kind="recommendation",
        inspected=None,
    )
    assert facts == ItemFacts(
        deadline="2026-03-31",
        deadline_text="By 31 March 2026",
        immediate=False,
        deadline_relative=None,
        addressees=["chief_constables", "home_office"],
        addressees_other=[],
        applies_to_forces=True,
        certainty=1.0,
        doubts=[],
    )


def test_a_force_afi_with_a_relative_deadline() -> None:
    facts = analyse_item(
        "Within six months, the force should make sure its control room supervisors review "
        "every call graded as requiring an emergency response.",
        kind="area_for_improvement",
        inspected="chief_constables",
    )
    assert (facts.deadline, facts.deadline_relative, facts.deadline_text) == (
        None, "P6M", "Within six months",
    )
    assert facts.addressees == ["chief_constables"]
    assert facts.applies_to_forces


def test_with_immediate_effect() -> None:
    facts = analyse_item(
        "With immediate effect, chief constables should stop using the withdrawn risk tool.",
        kind="recommendation",
        inspected=None,
    )
    assert facts.immediate
    assert facts.deadline is None
    assert facts.deadline_text == "With immediate effect"


@pytest.mark.parametrize(
    ("text", "applies"),
    [
        ("Chief fire officers should review their protection audits.", False),
        ("Fire and rescue services should share risk information with forces.", False),
        ("Police and crime commissioners should fund independent advisers.", False),
        ("Law enforcement bodies should adopt the definition.", False),
        ("The Home Office should consult on the change.", False),
        ("All police forces and law enforcement bodies should adopt the definition.", True),
        ("Fire and rescue services and police forces should agree a joint protocol.", True),
        ("Chief constables of forces that have not done so should appoint a lead.", True),
    ],
)
def test_applies_to_forces_exactly_when_chief_constables_act(text: str, applies: bool) -> None:
    facts = analyse_item(text, kind="recommendation", inspected=None)
    assert facts.applies_to_forces is applies
    assert ("chief_constables" in facts.addressees) is applies


def test_the_force_in_a_thematic_report_is_doubtful() -> None:
    text = "The force should improve how it records crime."
    on_force = analyse_item(text, kind="area_for_improvement", inspected="chief_constables")
    thematic = analyse_item(text, kind="area_for_improvement", inspected=None)
    assert on_force.applies_to_forces and on_force.certainty == 1.0
    assert thematic.addressees == [] and not thematic.applies_to_forces
    assert "force_not_resolved" in thematic.doubts
    assert thematic.certainty < on_force.certainty


def test_an_item_naming_nobody_in_a_report_on_one_force_is_for_the_force() -> None:
    facts = analyse_item("Supervisors should check every risk assessment for stalking cases.",
                         kind="area_for_improvement", inspected="chief_constables")
    assert facts.addressees == ["chief_constables"] and facts.applies_to_forces
    assert facts.doubts == ["addressee_default"]
    assert 0.5 < facts.certainty < 1.0


def test_certainty_drops_when_no_addressee_is_found() -> None:
    facts = analyse_item("Training should be given to all call handlers.",
                         kind="recommendation", inspected=None)
    assert facts.addressees == [] and facts.addressees_other == []
    assert "no_addressee" in facts.doubts
    assert facts.certainty <= 0.65


def test_certainty_drops_when_a_deadline_phrase_cannot_be_read() -> None:
    facts = analyse_item("By the end of the financial year, forces should publish their plans.",
                         kind="recommendation", inspected=None)
    assert facts.deadline is None and facts.deadline_relative is None
    assert facts.deadline_text == "By the end of the financial year"
    assert "deadline_unread" in facts.doubts
    assert facts.certainty < 0.8


def test_certainty_drops_when_an_unknown_body_is_kept() -> None:
    facts = analyse_item(
        "The regional organised crime units should share tasking data.",
        kind="recommendation",
        inspected=None,
    )
    assert facts.addressees_other == ["The regional organised crime units"]
    assert not facts.applies_to_forces
    assert 0.5 < facts.certainty < 1.0


def test_inferred_addressees_are_less_certain_than_stated_ones() -> None:
    stated = analyse_item("The force should improve its vetting.", kind="area_for_improvement",
                          inspected="chief_constables")
    inferred = analyse_item("There are delays in how the force vets its new recruits.",
                            kind="area_for_improvement", inspected="chief_constables")
    assert stated.addressees == inferred.addressees == ["chief_constables"]
    assert inferred.certainty < stated.certainty


def test_a_cause_of_concern_statement() -> None:
    facts = analyse_item(
        "The force isn't doing enough to understand and manage the risk posed by registered "
        "sex offenders.",
        kind="cause_of_concern",
        inspected="chief_constables",
    )
    assert facts.addressees == ["chief_constables"]
    assert facts.deadline is None and not facts.immediate
    assert facts.certainty == 1.0


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown item kind"):
        analyse_item("The force should act.", kind="recommendations", inspected="chief_constables")


def test_pipeline_is_built_once_and_marks_its_spans() -> None:
    nlp = get_nlp()
    assert get_nlp() is nlp
    assert nlp.pipe_names == ["sentencizer", "hmic_directives", "hmic_addressees", "hmic_deadlines"]
    doc = nlp("By June 2026, the College of Policing should update its guidance.")
    assert doc.deadline.deadline.date.isoformat() == "2026-06-30"
    assert [(s.text, s.label_) for s in doc.spans["deadlines"]] == [("By June 2026", "DEADLINE")]
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("College of Policing", "ADDRESSEE", "college_of_policing")
    ]
    assert [s.text for s in doc.spans["directives"]] == ["should"]


def test_components_are_configurable(tmp_path) -> None:
    vocabulary = tmp_path / "only.toml"
    vocabulary.write_text('[[body]]\nid = "inspectorate"\naliases = ["the inspectorate"]\n',
                          encoding="utf-8")
    nlp = blank()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hmic_directives", config={"words": ["shall"], "phrases": [], "span_key": "d"})
    nlp.add_pipe("hmic_addressees",
                 config={"vocabulary_files": [str(vocabulary)], "include_default": False})
    nlp.add_pipe("hmic_deadlines", config={"span_key": "due", "label": "DUE"})
    doc = nlp("By May 2026 the inspectorate shall, as the Home Office should, publish it.")
    assert [s.text for s in doc.spans["d"]] == ["shall"]
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("the inspectorate", "inspectorate")]
    assert [(s.text, s.label_) for s in doc.spans["due"]] == [("By May 2026", "DUE")]
    assert doc.deadline.deadline.date.isoformat() == "2026-05-31"


def test_an_invalid_token_pattern_is_reported_in_one_line(tmp_path) -> None:
    vocabulary = tmp_path / "bad_pattern.toml"
    vocabulary.write_text('[[body]]\nid = "x"\npatterns = [[{NOT_AN_ATTRIBUTE = "y"}]]\n',
                          encoding="utf-8")
    nlp = blank()
    with pytest.raises(SettingsError, match="invalid token pattern") as raised:
        nlp.add_pipe("hmic_addressees", config={"vocabulary_files": [str(vocabulary)]})
    assert "\n" not in raised.value.reason


def test_analysing_an_item_is_fast() -> None:
    text = (
        "By 30 September 2027, the Ministry of Justice, the Department for Education and every "
        "police force and law enforcement agency that has not already done so should apply the "
        "new standard for recording exploitation. And they should check that the standard is "
        "reflected in each of their procedures, training materials, policies and guidance notes."
    )
    analyse_item(text, kind="recommendation", inspected=None)
    runs = 100
    start = time.perf_counter()
    for _ in range(runs):
        analyse_item(text, kind="recommendation", inspected=None)
    per_item = (time.perf_counter() - start) / runs
    assert per_item < 0.005
