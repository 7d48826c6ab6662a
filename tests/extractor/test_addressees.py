import pytest

from extractor.addressees import find_addressees
from extractor.analysis import analyse_item
from hmic_actions.bodies import load_vocabulary

CANONICAL_IDS = {
    "chief_constables", "home_office", "npcc", "college_of_policing", "nca", "dfe",
    "welsh_government", "hydrant_programme", "cps", "moj", "hmpps", "pccs", "apcc", "iopc",
    "dhsc", "nhs_england", "local_authorities", "police_digital_service",
    "law_enforcement_bodies", "fire_and_rescue_services", "nfcc",
}


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("All chief constables should review their missing persons policies.",
         ["chief_constables"]),
        ("The chief constable should appoint a senior lead for vetting.", ["chief_constables"]),
        ("All police forces should adopt the national template.", ["chief_constables"]),
        ("Forces should publish their stop and search data.", ["chief_constables"]),
        ("Each force should nominate a single point of contact.", ["chief_constables"]),
        ("By 31 May 2025, chief constables of forces that have not yet done so should "
         "introduce body-worn video for custody staff.", ["chief_constables"]),
        ("Northshire Constabulary should improve how it records antisocial behaviour.",
         ["chief_constables"]),
        ("Avonmoor Police should review its domestic abuse training.", ["chief_constables"]),
        ("By 2026, Devon and Cornwall Police should review its call handling.",
         ["chief_constables"]),
        ("The Metropolitan Police Service should review its vetting.", ["chief_constables"]),
        ("The Home Office should amend the annual data requirement.", ["home_office"]),
        ("The Home Secretary should commission an independent review.", ["home_office"]),
        ("The National Police Chiefs' Council should agree a common definition.", ["npcc"]),
        ("The NPCC lead for child protection should publish revised guidance.", ["npcc"]),
        ("The NPCC's lead for roads policing should issue guidance.", ["npcc"]),
        ("The College of Policing should revise its guidance on stalking.",
         ["college_of_policing"]),
        ("The National Crime Agency should produce a strategic assessment.", ["nca"]),
        ("The NCA should share its intelligence products.", ["nca"]),
        ("The Department for Education should issue statutory guidance.", ["dfe"]),
        ("The DfE should fund the pilot.", ["dfe"]),
        ("The Welsh Government should align its guidance.", ["welsh_government"]),
        ("The Hydrant Programme should publish a checklist for analysts.", ["hydrant_programme"]),
        ("The Crown Prosecution Service should review its charging advice.", ["cps"]),
        ("The Ministry of Justice should evaluate the scheme.", ["moj"]),
        ("HM Prison and Probation Service should share release information.", ["hmpps"]),
        ("Police and crime commissioners should scrutinise the plans.", ["pccs"]),
        ("Local policing bodies should hold chief constables to account.", ["pccs"]),
        ("PCCs should fund specialist advocates.", ["pccs"]),
        ("The Association of Police and Crime Commissioners should coordinate this.", ["apcc"]),
        ("The Independent Office for Police Conduct should revise its guidance.", ["iopc"]),
        ("The Department of Health and Social Care should set a standard.", ["dhsc"]),
        ("NHS England should commission health services in custody.", ["nhs_england"]),
        ("Local authorities should share safeguarding referrals.", ["local_authorities"]),
        ("The Police Digital Service should build the interface.", ["police_digital_service"]),
        ("Law enforcement agencies should adopt the definition.", ["law_enforcement_bodies"]),
        ("Fire and rescue services should share premises risk information.",
         ["fire_and_rescue_services"]),
        ("Chief fire officers should review their protection plans.", ["fire_and_rescue_services"]),
        ("The National Fire Chiefs Council should publish a framework.", ["nfcc"]),
    ],
)
def test_each_addressee_form(text: str, ids: list[str]) -> None:
    found = find_addressees(text)
    assert found.ids == ids
    assert found.other == []


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("By 30 April 2025, the National Crime Agency, the Welsh Government, the Department for "
         "Education, the Home Office, the College of Policing and the National Police Chiefs' "
         "Council should publish joint guidance on county lines.",
         ["nca", "welsh_government", "dfe", "home_office", "college_of_policing", "npcc"]),
        ("By 30 September 2027, the Ministry of Justice, Department for Education and every "
         "police force and law enforcement agency that has not already done so should apply "
         "the new standard.",
         ["moj", "dfe", "chief_constables", "law_enforcement_bodies"]),
        ("All police forces and law enforcement bodies should record the data.",
         ["chief_constables", "law_enforcement_bodies"]),
        ("The NPCC lead for missing children should publish guidance, and forces should adopt it.",
         ["npcc", "chief_constables"]),
        ("The Home Office should fund the service. The College of Policing should then "
         "train staff to use it.", ["home_office", "college_of_policing"]),
        ("We recommend that, within six months, the IOPC and the APCC should review the "
         "complaints data.", ["iopc", "apcc"]),
        ("It is important that the Home Office and the NCA should agree one definition.",
         ["home_office", "nca"]),
        ("Chief constables and police and crime commissioners should jointly review the plan.",
         ["chief_constables", "pccs"]),
        ("Chief constables should review their plans; police and crime commissioners should "
         "scrutinise them.", ["chief_constables", "pccs"]),
        ("The NPCC lead for custody and the Home Office should consider whether legislation is "
         "needed.", ["npcc", "home_office"]),
        ("The Home Office and Thames Valley Police should agree a data standard.",
         ["home_office", "chief_constables"]),
        ("The Home Office should fund the work, and the NPCC and the College of Policing "
         "should deliver it.", ["home_office", "npcc", "college_of_policing"]),
    ],
)
def test_several_addressees_in_order(text: str, ids: list[str]) -> None:
    assert find_addressees(text).ids == ids


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("By 28 February 2027, all chief constables should apply the Hydrant Programme's "
         "checklist when forces assess risks to children.", ["chief_constables"]),
        ("Chief fire officers should work with chief constables to share data.",
         ["fire_and_rescue_services"]),
        ("In consultation with the NPCC, the College of Policing should update its guidance.",
         ["college_of_policing"]),
        ("The College of Policing, working with the NPCC and the Home Office, should revise "
         "the curriculum.", ["college_of_policing"]),
        ("The Home Office should publish guidance on the data that forces should record.",
         ["home_office"]),
        ("The Home Office should set a new data standard. The accompanying advice to forces "
         "should explain each field.", ["home_office"]),
        ("Chief constables should make sure their forces have problem profiles. This should "
         "include data from local authorities and should be updated yearly.",
         ["chief_constables"]),
        ("The 43 Home Office police forces should review their policies.", ["chief_constables"]),
        ("Local authorities (supported by the Department for Education) should share records.",
         ["local_authorities"]),
        ("The National Police Chiefs' Council, working with the College of Policing, the Home "
         "Office and the CPS, should develop a national framework.", ["npcc"]),
        ("The NPCC, with support from the College of Policing and HMPPS, should agree a "
         "protocol.", ["npcc"]),
        ("The Home Office, the Ministry of Justice and the CPS, in consultation with the NPCC, "
         "the IOPC and HMPPS, should agree a plan.", ["home_office", "moj", "cps"]),
        ("Until the Home Office publishes its guidance, chief constables should apply the "
         "interim standard.", ["chief_constables"]),
        ("The Home Office should make sure that forces should record the data.", ["home_office"]),
        ("Forces' professional standards departments should review every case.",
         ["chief_constables"]),
    ],
)
def test_bodies_named_after_the_verb_or_inside_the_subject_do_not_count(
    text: str, ids: list[str]
) -> None:
    assert find_addressees(text).ids == ids


def test_the_force_counts_only_in_a_report_on_one_force() -> None:
    text = "The force should make sure it answers non-emergency calls promptly."
    on_one_force = find_addressees(text, inspected="chief_constables")
    thematic = find_addressees(text, inspected=None)
    assert on_one_force.ids == ["chief_constables"]
    assert thematic.ids == []
    assert thematic.other == []
    assert thematic.this_body_ignored


@pytest.mark.parametrize(
    "text",
    [
        "The constabulary should improve its understanding of demand.",
        "The force's leaders should make sure supervisors review every open case.",
        "The force needs to improve how it manages registered sex offenders.",
    ],
)
def test_force_report_forms(text: str) -> None:
    assert find_addressees(text, inspected="chief_constables").ids == ["chief_constables"]


def test_cause_of_concern_counts_the_body_it_is_about() -> None:
    text = ("The force isn't doing enough to safeguard children who are referred to it by "
            "local authorities.")
    found = find_addressees(text, inspected="chief_constables")
    assert found.ids == ["chief_constables"]
    assert found.basis == "about"


def test_a_statement_naming_bodies_only_after_the_verb_falls_back_to_mentions() -> None:
    found = find_addressees("There are weaknesses in how the Home Office collects the data.")
    assert found.ids == ["home_office"]
    assert found.basis == "mentioned"


def test_possessive_before_a_thing_is_not_the_subject() -> None:
    found = find_addressees(
        "The Home Office's guidance should be updated. The College of Policing should train staff."
    )
    assert found.ids == ["college_of_policing"]


@pytest.mark.parametrize(
    ("text", "ids", "other"),
    [
        ("By 30 November 2025, all chief constables and the relevant supplier forums for "
         "custody recording software should agree how the fault will be fixed.",
         ["chief_constables"],
         ["the relevant supplier forums for custody recording software"]),
        ("All chief constables should meet their community safety partners to agree joint "
         "patrol plans.", ["chief_constables"], []),
        ("Community safety partners should review their joint arrangements.",
         [], ["Community safety partners"]),
        ("The Forensic Science Regulator and the College of Policing should agree standards.",
         ["college_of_policing"], ["The Forensic Science Regulator"]),
        ("Ofsted and the Care Quality Commission should inspect these services.",
         [], ["Ofsted", "the Care Quality Commission"]),
        ("The Government should legislate to close the gap.", [], ["The Government"]),
        ("Kent and Essex Serious Crime Directorate should review its tasking process.",
         [], ["Kent and Essex Serious Crime Directorate"]),
        ("The NPCC and the Regional Partnership Working Group should agree the protocol.",
         ["npcc"], ["the Regional Partnership Working Group"]),
        ("The Police and Crime Panel should scrutinise the plan.",
         [], ["The Police and Crime Panel"]),
    ],
)
def test_unknown_bodies_are_kept_verbatim(text: str, ids: list[str], other: list[str]) -> None:
    found = find_addressees(text)
    assert (found.ids, found.other) == (ids, other)


@pytest.mark.parametrize(
    "text",
    [
        "The template should follow the shared criteria from our recommendation 3.",
        "This strategy should include the adoption of the rebranded marketing materials.",
        "They should check that each of their procedures reflects this standard.",
        "Training should be given to every supervisor.",
        "Officers and staff should receive refresher training.",
        "All police forces and law enforcement agencies that have not already done so should "
        "apply it.",
    ],
)
def test_things_pronouns_and_relative_clauses_are_never_kept(text: str) -> None:
    other = find_addressees(text).other
    assert other == []


def test_packaged_vocabulary_has_every_canonical_id() -> None:
    vocabulary = load_vocabulary()
    assert set(vocabulary.ids) == CANONICAL_IDS
    assert all(vocabulary.name_of(i) for i in CANONICAL_IDS)
    assert "groups" in vocabulary.body_heads


def test_extra_vocabulary_file_is_merged(tmp_path, monkeypatch) -> None:
    extra = tmp_path / "local.toml"
    extra.write_text(
        '[[body]]\nid = "home_office"\naliases = ["Office for Policing Standards"]\n\n'
        '[[body]]\nid = "ofsted"\nname = "Ofsted"\nacronyms = ["Ofsted"]\n\n'
        '[body_words]\nheads = ["consortium"]\n',
        encoding="utf-8",
    )
    text = ("The Office for Policing Standards, Ofsted and the regional safeguarding consortium "
            "should agree a protocol.")
    assert find_addressees(text).ids == []
    monkeypatch.setenv("HMIC_ADDRESSEES_FILE", str(extra))
    found = find_addressees(text)
    assert found.ids == ["home_office", "ofsted"]
    assert found.other == ["the regional safeguarding consortium"]
    # The packaged aliases are still known after the merge.
    assert find_addressees("The Home Secretary should act.").ids == ["home_office"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[body]]\nname = "No id"\n', "'id'"),
        ('[[body]]\nid = "Bad Id"\n', "'id'"),
        ('[[body]]\nid = "x"\naliases = "not a list"\n', "list of non-empty strings"),
        ("[[body]\n", "not valid TOML"),
        ('body = "home_office"\n', r"\[\[body\]\] tables"),
        ('other_bodies = ["Ofsted"]\n', r"\[other_bodies\] must be a table"),
    ],
)
def test_malformed_vocabulary_file_is_reported(tmp_path, content: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as raised:
        load_vocabulary([bad])
    assert str(bad) in str(raised.value)


def test_missing_vocabulary_file_is_reported(tmp_path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        load_vocabulary([tmp_path / "absent.toml"])


def test_curly_apostrophes_are_understood() -> None:
    found = find_addressees("The National Police Chiefs\u2019 Council should agree a definition.")
    assert found.ids == ["npcc"]


def test_a_statement_is_about_the_bodies_that_open_it_not_those_it_acted_on():
    text = ("The force rarely asked the local authority for alternative accommodation. "
            "The force and the local authority did not share information.")
    found = find_addressees(text, inspected="chief_constables")
    assert found.ids == ["chief_constables", "local_authorities"]
    first = find_addressees(text.split(". ")[0] + ".", inspected="chief_constables")
    assert first.ids == ["chief_constables"]


# --- the organisation a document is about; items that tell nobody in particular ------------


@pytest.mark.parametrize(("text", "inspected", "names", "ids"), [
    ("The service should review its protection strategy.", "fire_and_rescue_services", (),
     ["fire_and_rescue_services"]),
    ("The service needs to get better at listening to the people it serves.",
     "fire_and_rescue_services", (), ["fire_and_rescue_services"]),
    # "The service" in a force's report, and "the force" in a service's, mean nobody.
    ("The service should review its protection strategy.", "chief_constables", (), []),
    ("The force should review its custody staffing.", "fire_and_rescue_services", (), []),
    # The document's own short name for the service.
    ("KFRS should make sure all its staff know the plan.", "fire_and_rescue_services",
     ("KFRS",), ["fire_and_rescue_services"]),
    ("Chief fire officers should review their data.", None, (), ["fire_and_rescue_services"]),
])
def test_the_organisation_a_document_is_about(text, inspected, names, ids):
    assert find_addressees(text, inspected=inspected, names=names).ids == ids


@pytest.mark.parametrize("text", [
    "There should be a single national standard for recording shop theft, agreed with the "
    "Home Office.",
    "Structures and funding should be put in place to support the work of the NPCC.",
])
def test_a_recommendation_that_tells_nobody_has_no_addressee(text):
    facts = analyse_item(text, kind="recommendation")
    assert facts.addressees == [] and facts.addressees_other == []
    assert not facts.applies_to_forces


def test_a_recommendation_with_no_subject_in_a_document_on_one_force_is_for_it():
    facts = analyse_item("In addition, the practice of taking risk assessments by telephone "
                         "should cease.", kind="recommendation", inspected="chief_constables")
    assert facts.addressees == ["chief_constables"] and facts.applies_to_forces
