"""The JSON Schema of the extraction contract agrees with extractor.result and rejects bad data."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import extractor.schema as schema_module
from extractor.result import SCHEMA_ID, Extraction, Item, ReportInfo
from extractor.schema import SchemaValidationError, load_schema, validate_extraction
from hmic_actions.vocab import EXTRACTED_STATUSES as STATUSES
from hmic_actions.vocab import KINDS, ORIGINS


def extraction() -> dict:
    """A valid document made through the contract's own classes."""
    return Extraction(
        ReportInfo(
            title="An inspection of how forces respond to stalking",
            published="2025-10-24",
            pages=48,
            sha256="ab" * 32,
        ),
        [
            Item(
                kind="recommendation",
                number="3",
                origin="this_report",
                text="By 31 March 2026, chief constables and the Home Office should act.",
                deadline="2026-03-31",
                deadline_text="By 31 March 2026",
                addressees=["chief_constables", "home_office"],
                applies_to_forces=True,
                page=12,
                confidence=0.934,
                bbox=[72.0, 140.25, 523.5, 190.0],
            ),
            Item(
                kind="area_for_improvement",
                number=None,
                origin="earlier_report",
                text="The fire and rescue service should review its risk register.",
                deadline_relative="P6M",
                deadline_text="Within six months",
                addressees=["fire_and_rescue_services"],
                addressees_other=["the regional procurement board"],
                status="in_progress",
                page=3,
            ),
            Item(
                kind="cause_of_concern",
                number="1",
                origin="this_report",
                text="The force does not protect vulnerable people well enough.",
                immediate=True,
                deadline_text="With immediate effect",
                addressees=["chief_constables"],
                applies_to_forces=True,
                page=5,
            ),
        ],
    ).to_dict()


def problems(data: dict) -> list[str]:
    with pytest.raises(SchemaValidationError) as info:
        validate_extraction(data)
    message = str(info.value)
    assert "\n" not in message and message.startswith("not a valid hmic-actions/extraction@1")
    return info.value.problems


def test_schema_is_valid_draft_2020_12_and_shipped_in_the_package():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    shipped = Path(schema_module.__file__).parent / "schema" / "extraction-1.json"
    assert shipped.is_file()


def test_load_schema_returns_a_fresh_copy():
    load_schema()["properties"].clear()
    assert "items" in load_schema()["properties"]


def test_schema_follows_the_contract_classes():
    schema = load_schema()
    assert schema["properties"]["schema"]["const"] == SCHEMA_ID
    item = schema["$defs"]["item"]
    item_fields = {f.name for f in dataclasses.fields(Item)}
    assert set(item["properties"]) == item_fields
    # Fields added within version 1 are optional: older extractions lack them.
    assert set(item["required"]) == item_fields - {"bbox", "location"}
    report_fields = {f.name for f in dataclasses.fields(ReportInfo)}
    assert set(schema["$defs"]["report"]["properties"]) == report_fields
    assert set(schema["$defs"]["report"]["required"]) == report_fields - {"format"}
    assert item["properties"]["kind"]["enum"] == list(KINDS)
    assert item["properties"]["origin"]["enum"] == list(ORIGINS)
    assert item["properties"]["status"]["enum"] == [*STATUSES, None]


def test_a_valid_extraction_passes():
    validate_extraction(extraction())


def test_bbox_may_be_absent_or_null():
    data = extraction()
    del data["items"][0]["bbox"]
    data["items"][1]["bbox"] = None
    validate_extraction(data)


def test_a_document_without_pages_passes_with_its_locations():
    data = extraction()
    data["report"].update(pages=None, format="docx")
    data["items"][0].update(page=None, bbox=None,
                            location={"headings": ["Recommendations"], "paragraph": 12})
    validate_extraction(data)
    data["items"][0]["location"] = {"headings": ["Recommendations"]}
    with pytest.raises(SchemaValidationError, match="location"):
        validate_extraction(data)


def test_no_items_and_unknown_title_and_date_pass():
    data = extraction()
    data["items"] = []
    data["report"]["title"] = None
    data["report"]["published"] = None
    validate_extraction(data)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(schema="hmic-actions/extraction@2"), "$.schema"),
        (lambda d: d["report"].update(published="24 October 2025"), "$.report.published"),
        (lambda d: d["report"].update(pages=0), "$.report.pages"),
        (lambda d: d["report"].update(sha256="not-a-hash"), "$.report.sha256"),
        (lambda d: d["items"][0].update(kind="suggestion"), "$.items[0].kind"),
        (lambda d: d["items"][0].update(origin="elsewhere"), "$.items[0].origin"),
        (lambda d: d["items"][0].update(status="done"), "$.items[0].status"),
        (lambda d: d["items"][0].update(number=3), "$.items[0].number"),
        (lambda d: d["items"][0].update(text=""), "$.items[0].text"),
        (lambda d: d["items"][0].update(deadline="2026-02-30"), "$.items[0].deadline"),
        (lambda d: d["items"][0].update(deadline="31/03/2026"), "$.items[0].deadline"),
        (lambda d: d["items"][1].update(deadline_relative="6 months"),
         "$.items[1].deadline_relative"),
        (lambda d: d["items"][1].update(deadline_relative="P"), "$.items[1].deadline_relative"),
        (lambda d: d["items"][0].update(immediate="no"), "$.items[0].immediate"),
        (lambda d: d["items"][0].update(addressees=["Home Office"]), "$.items[0].addressees[0]"),
        (lambda d: d["items"][0].update(addressees=["npcc", "npcc"]), "$.items[0].addressees"),
        (lambda d: d["items"][0].update(page=0), "$.items[0].page"),
        (lambda d: d["items"][0].update(confidence=1.5), "$.items[0].confidence"),
        (lambda d: d["items"][0].update(bbox=[1, 2, 3]), "$.items[0].bbox"),
        (lambda d: d["items"][0].update(bbox=["a", 2, 3, 4]), "$.items[0].bbox"),
        (lambda d: d["items"][0].update(colour="red"), "$.items[0]"),
        (lambda d: d["report"].update(author="someone"), "$.report"),
    ],
)
def test_bad_values_are_named(change, where):
    data = extraction()
    change(data)
    found = problems(data)
    assert any(p.startswith(where + ":") for p in found), found


@pytest.mark.parametrize("name", ["kind", "text", "deadline", "status", "page", "confidence"])
def test_missing_item_fields_are_named(name):
    data = extraction()
    del data["items"][2][name]
    assert any(name in p and p.startswith("$.items[2]") for p in problems(data))


def test_applies_to_forces_must_agree_with_the_addressees():
    data = extraction()
    data["items"][0]["applies_to_forces"] = False  # chief_constables is an addressee
    data["items"][1]["applies_to_forces"] = True  # a fire and rescue service alone
    found = problems(data)
    assert any(p.startswith("$.items[0].applies_to_forces") for p in found)
    assert any(p.startswith("$.items[1].applies_to_forces") for p in found)


def test_every_problem_is_listed():
    data = extraction()
    data["items"][0]["kind"] = "x"
    data["items"][2]["page"] = -1
    data["report"]["pages"] = "many"
    assert len(problems(data)) == 3


def test_validation_does_not_change_the_data():
    data = extraction()
    before = copy.deepcopy(data)
    validate_extraction(data)
    assert data == before
