"""What an item asks to be produced and what it uses: the depends-on rule."""

from __future__ import annotations

from matching.depends import as_written, cues, dependency


def _things(text: str):
    made, used = cues(text)
    return ([(t.family, t.verb) for t in made],
            [(t.family, t.verb, t.bodies) for t in used])


def test_a_body_asked_to_develop_guidance_makes_it() -> None:
    made, used = _things("By 31 March 2026, the College of Policing should develop guidance "
                         "for all forces on recording stalking.")
    assert made == [("guidance", "develop")] and used == []


def test_forces_asked_to_use_a_bodys_template_use_it_and_name_the_producer() -> None:
    made, used = _things("Chief constables should adopt and use the Harbour Programme's "
                         "custody template when they review detentions.")
    assert made == []
    assert used == [("template", "adopt", ())]  # an unknown programme is no body told to act
    made, used = _things("Chief constables should use the College of Policing's guidance "
                         "on stalking.")
    assert used == [("guidance", "use", ("college_of_policing",))]


def test_a_participle_before_the_thing_is_not_a_request_to_make_it() -> None:
    made, used = _things("The force should use the agreed definition of a repeat victim.")
    assert made == [] and used == [("definition", "use", ())]


def test_what_an_item_makes_is_not_also_what_it_uses() -> None:
    made, used = _things("The NPCC should create and implement a method of counting "
                         "repeat victims.")
    assert made == [("method", "create")] and used == []


def test_the_thing_must_follow_the_verb_closely() -> None:
    made, used = _things("Forces should use this definition in all policies, procedures "
                         "and guidance.")
    assert used == [("definition", "use", ())]
    assert _things("Forces should give victims updates on their cases.") == ([], [])


def test_dependency_needs_the_same_family_and_the_producer_or_shared_words() -> None:
    _, uses = cues("Chief constables should use the College of Policing's guidance on vetting.")
    makes, _ = cues("The College of Policing should publish guidance on vetting.")
    found = dependency(uses, makes, ["college_of_policing"], alike=True)
    assert found is not None and found.by_producer
    assert dependency(uses, makes, ["home_office"], alike=True) is None  # someone else's
    _, plain = cues("Chief constables should follow the national guidance on vetting.")
    assert dependency(plain, makes, ["college_of_policing"], alike=False) is None
    assert dependency(plain, makes, ["college_of_policing"], alike=True).by_producer is False
    templates, _ = cues("The College of Policing should publish a template for vetting.")
    assert dependency(uses, templates, ["college_of_policing"], alike=True) is None


def test_a_phrase_is_quoted_as_the_text_writes_it() -> None:
    text = "Chief constables should use the Harbour Programme's guidance."
    assert as_written("use the harbour programme guidance", text) == (
        "use the Harbour Programme's guidance")
    assert as_written("not there", text) == "not there"
