"""Builders for tracker files (CSV and .xlsx) and for the tracked items they hold.

``make_items`` gives tracked items as the database should hold them (canonical values);
``item_cells`` writes one of them the way a force's own tracker might (alias headers,
"AFI", "Level 3", "RAG status: Amber", dates as "31/03/2026" or real Excel dates ...);
``write_tracker`` writes rows of cells to a .csv or .xlsx file.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

# The export's own headers, and alias headers as other trackers spell them.
EXPORT_HEADERS = {
    "reference": "Reference", "source_report": "Source report",
    "source_published": "Published", "source_year": "Year", "kind": "Kind",
    "number": "Number", "text": "Inspectorate text", "action_required": "Action required",
    "original_deadline": "Original deadline",
    "current_deadline": "Current deadline", "addressees": "Addressees",
    "applies_to_forces": "Applies to forces", "scope": "Local/National",
    "activity_level": "Activity level", "paf_area": "PAF area",
    "chief_officer_lead": "Chief Officer lead", "delivery_lead": "Delivery lead",
    "delivery_confidence": "Delivery confidence", "status": "Status", "evidence": "Evidence",
    "latest_update": "Latest update", "latest_update_at": "Latest update date",
    "latest_update_by": "Latest update by",
    "superseded_by": "Superseded by (reference)", "created_at": "Created", "updated_at": "Updated",
}
# As a force's own tracker might head them (StART-like: the inspectorate's wording and the
# force's action side by side, RAG, a force update column).
ALIAS_HEADERS = {
    "reference": "Ref.", "source_report": "Report", "source_published": "Publication date",
    "source_year": "Report year", "kind": "TYPE", "number": "No.",
    "text": "Recommendation / AFI", "action_required": "What action is required",
    "original_deadline": "Original due date",
    "current_deadline": "Due date", "addressees": "Addressed to",
    "applies_to_forces": "Applies to force?", "scope": "Local / National",
    "activity_level": "HMICFRS activity level", "paf_area": "PAF", "chief_officer_lead": "CO lead",
    "delivery_lead": "Action owner", "delivery_confidence": "RAG status", "status": "status",
    "evidence": "Closure evidence", "latest_update": "Force update",
    "latest_update_at": "Update date", "latest_update_by": "Update by",
    "superseded_by": "Superseded by", "created_at": "Date added", "updated_at": "Last updated",
}
FIELDS = tuple(EXPORT_HEADERS)

KINDS = ("recommendation", "area_for_improvement", "cause_of_concern", "super_complaint")
KIND_FORMS = {"recommendation": ("Recommendation", "recommendation", "Rec"),
              "area_for_improvement": ("AFI", "Area for improvement", "area_for_improvement"),
              "cause_of_concern": ("Cause of concern", "CoC", "cause of concern"),
              "super_complaint": ("Super-complaint", "Super complaint", "super_complaint")}
STATUS_FORMS = {"open": ("Open", "not started", "OPEN"),
                "in_progress": ("In progress", "in-progress", "Ongoing"),
                "completed": ("Completed", "Complete", "done"),
                "closed": ("Closed", "closed"), "superseded": ("Superseded", "superseded")}
CONFIDENCE_FORMS = {"high": ("High", "green", "G"), "medium": ("Medium", "Amber", "med"),
                    "low": ("Low", "RED", "r")}
SCOPE_FORMS = {"local": ("Local", "local", "L"), "national": ("National", "NATIONAL", "N")}
ADDRESSEE_FORMS = {
    "chief_constables": ("chief constables", "Chief constables (police forces)", "forces"),
    "home_office": ("Home Office", "Home Secretary", "home_office"),
    "npcc": ("NPCC", "National Police Chiefs' Council", "npcc"),
    "college_of_policing": ("College of Policing", "college_of_policing"),
    "nca": ("NCA", "National Crime Agency"),
    "pccs": ("police and crime commissioners", "PCCs", "police, fire and crime commissioners"),
    "dfe": ("Department for Education", "DfE"),
}
OTHER_BODIES = ("Regional organised crime units", "Ofsted, Estyn and the CQC")

TITLES = (
    "PEEL 2023–25: An inspection of Ashbourne Police",
    "An inspection of how forces respond to stalking – 2024",
    "Kingsmere Police: national child protection inspection \"revisit\"",
    "Super-complaint: police response to victims of fraud",
    None,
)
SUBJECTS = ("missing children", "stalking", "hate crime", "fraud", "domestic abuse",
            "custody", "vetting", "digital forensics", "call handling", "antisocial behaviour")
ACTIONS = ("review how it records", "make sure supervisors check", "audit its response to",
           "publish a plan for", "train every officer on")
LEADS = ("ACC Crime and Safeguarding", "DCC O'Neill", "ACO Ní Bhriain", "Det Supt Zoë Ellis",
         "Head of Contact, Control & Response", None)


def _text(rng: random.Random, i: int) -> str:
    subject, action = rng.choice(SUBJECTS), rng.choice(ACTIONS)
    special = i % 40
    if special == 0:
        return f"=HYPERLINK(\"http://example.invalid\") looks like a formula (item {i})."
    if special == 1:
        return f"- begins with a dash: the force should {action} {subject} (item {i})."
    if special == 2:
        return (f"The force should, by the end of 2026:\n- {action} {subject};\n"
                f"- report to the board on \"progress\" (item {i}).")
    if special == 3:
        return f"'{subject.capitalize()}' reviews should cost under £5,000 — item {i}."
    if special == 4:
        return f"+44 calls: the force should {action} {subject}, {i}."
    if special == 5:
        return f"@mentions: the force should {action} {subject}, {i}."
    return (f"The force should {action} {subject}, and tell victims what happens next "
            f"(item {i}).")


def _moment(rng: random.Random) -> dt.datetime:
    start = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    return start + dt.timedelta(seconds=rng.randrange(100_000_000),
                                milliseconds=rng.randrange(1000))


def derived_applies(addressees: Sequence[str]) -> bool:
    """What an import assumes for a blank "Applies to forces" cell."""
    return not addressees or "chief_constables" in addressees


FORCE_ACTIONS = ("Review the policy and brief every team; report to the board.",
                 "Audit 50 cases a quarter.\nShare the findings with partners.",
                 "No action: the force already does this (see the 2024 audit).", None)
UPDATES = ("Policy drafted; consultation with the federation under way.",
           "Dip sample of 40 cases done – 36 compliant.\nNext: training for supervisors.",
           "Awaiting national guidance.", None)
EVIDENCE = ("Audit report, March 2025 (SharePoint › Inspections › Evidence).",
            "Board minutes 12/06/2025, item 4.", None)


def _year_of_title(title: str | None) -> int | None:
    from hmic_actions.dates import year_in_title
    return year_in_title(title)


def make_items(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` varied tracked items as the database should hold them (texts are unique).

    ``reference`` is None for every tenth item (the import derives one); ``created_at`` is
    None for some (the import's time); ``superseded_by`` points forwards and backwards.
    ``source_year`` is what the import keeps: the Year given, else the publication date's,
    else a year named in the title (``year_given`` says whether the Year cell holds it).
    """
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    for i in range(n):
        current = None
        original = None
        if i % 6:
            original = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            current = original + dt.timedelta(days=rng.choice((0, 0, 30, 91, 365)))
        ids = rng.sample(sorted(ADDRESSEE_FORMS), rng.choice((0, 1, 1, 2, 3)))
        if i % 17 == 0:
            ids.append(OTHER_BODIES[i % 2])
        created = None if i % 13 == 0 else _moment(rng)
        updated = None
        if created is not None and i % 3:
            updated = created + dt.timedelta(days=rng.randrange(300), seconds=rng.randrange(9))
        level = rng.choice((1, 2, 3, 4, None))
        title = TITLES[i % len(TITLES)]
        published = (dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2400))
                     if i % 3 == 0 else None)
        given_year = 2015 + i % 9 if i % 3 == 1 and i % 2 else None
        year = (published.year if published else None) or given_year or _year_of_title(title)
        status = rng.choice(("open", "open", "in_progress", "completed", "closed"))
        update = UPDATES[i % len(UPDATES)]
        update_at = (None if update is None or i % 5 == 0 else
                     dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i % 300))
        items.append({
            "reference": None if i % 10 == 9 else f"HMI-{2020 + i % 6}-{i:04d}",
            "source_report": title,
            "source_published": published,
            "source_year": year,
            "year_given": given_year is not None,
            "kind": KINDS[i % 4],
            "number": None if i % 11 == 0 else (f"{i % 9 + 1}a" if i % 7 == 0 else str(i % 30 + 1)),
            "text": _text(rng, i),
            "action_required": FORCE_ACTIONS[i % len(FORCE_ACTIONS)],
            "original_deadline": original,
            "current_deadline": current,
            "addressees": ids,
            "applies_to_forces": rng.random() < 0.7,
            "scope": rng.choice(("local", "national")),
            "activity_level": level,
            "paf_area": rng.choice((None, "1a", "6a", "6", "9f", "3c")),
            "chief_officer_lead": rng.choice(LEADS),
            "delivery_lead": rng.choice(LEADS),
            "delivery_confidence": rng.choice(("high", "medium", "low", None)),
            "status": status,
            "evidence": EVIDENCE[i % len(EVIDENCE)] if status in ("completed", "closed") else None,
            "latest_update": update,
            "latest_update_at": update_at,
            "latest_update_by": None if update is None or i % 4 == 0 else LEADS[i % 5],
            "superseded_by": None,
            "created_at": created,
            "updated_at": updated,
        })
    for i in range(n):
        j = i + 7 if i % 25 == 5 else i - 11 if i % 25 == 17 else None
        if j is not None and 0 <= j < n and items[j]["reference"] and items[i]["reference"]:
            items[i]["superseded_by"] = items[j]["reference"]
            items[i]["status"] = "superseded"
    return items


def _date_cell(value: dt.date | None, i: int, xlsx: bool) -> Any:
    if value is None:
        return ("", "N/A", "-")[i % 3]
    form = i % 5
    if xlsx and form in (0, 1):
        return value if form == 0 else dt.datetime.combine(value, dt.time())
    if form == 2:
        return value.strftime("%d/%m/%Y")
    if form == 3:
        return f"{value.day} {value.strftime('%B %Y')}"
    if form == 4:
        return f"{value.day}-{value.strftime('%b')}-{value.year}"
    return value.isoformat()


def _moment_cell(value: dt.datetime | None, i: int, xlsx: bool) -> Any:
    if value is None:
        return ""
    naive = value.astimezone(dt.UTC).replace(tzinfo=None)
    if xlsx and i % 2:
        return naive
    if i % 3 == 0:
        return value.isoformat()  # with its zone
    return naive.isoformat(sep=" ")


def _addressee_cell(ids: Sequence[str], i: int) -> str:
    parts = [ADDRESSEE_FORMS[a][i % len(ADDRESSEE_FORMS[a])] if a in ADDRESSEE_FORMS else a
             for a in ids]
    if len(parts) == 1 and "," in parts[0] and parts[0] in OTHER_BODIES:
        return parts[0] + ";"
    if any("," in p for p in parts) or i % 3 == 0:
        return "; ".join(parts)
    return ("\n" if i % 3 == 1 else ", ").join(parts)


def item_cells(item: Mapping[str, Any], i: int, xlsx: bool = False) -> dict[str, Any]:
    """One item as a row of a force's tracker: varied spellings, date forms and blanks."""
    level = item["activity_level"]
    level_cell: Any = ""
    if level is not None:
        level_cell = (level if xlsx else str(level), f"Level {level}", f"L{level}")[i % 3]
    paf = item["paf_area"]
    original = item["original_deadline"]
    original_cell = (""
                     if original is not None and original == item["current_deadline"] and i % 2
                     else _date_cell(original, i + 1, xlsx))
    applies = item["applies_to_forces"]
    applies_cell: Any = (applies if xlsx else ("TRUE" if applies else "FALSE"), "Yes" if applies
                         else "No", "y" if applies else "n")[i % 3]
    if i % 4 == 0 and applies == derived_applies(item["addressees"]):
        applies_cell = ""
    status = item["status"]
    status_cell = STATUS_FORMS[status][i % len(STATUS_FORMS[status])]
    if status == "superseded" and i % 2:
        status_cell = ""  # implied by Superseded by
    confidence = item["delivery_confidence"]
    number = item["number"]
    published = item["source_published"]
    return {
        "reference": item["reference"] or "",
        "source_report": item["source_report"] or "",
        "source_published": _date_cell(published, i, xlsx) if published else "",
        "source_year": (item["source_year"] if xlsx else str(item["source_year"]))
        if item["year_given"] else "",
        "action_required": item["action_required"] or "",
        "evidence": item["evidence"] or "",
        "latest_update": item["latest_update"] or "",
        "latest_update_at": _moment_cell(item["latest_update_at"], i, xlsx),
        "latest_update_by": item["latest_update_by"] or "",
        "kind": KIND_FORMS[item["kind"]][i % 3],
        "number": int(number) if xlsx and number and number.isdigit() and i % 2 else number or "",
        "text": item["text"],
        "original_deadline": original_cell,
        "current_deadline": _date_cell(item["current_deadline"], i, xlsx),
        "addressees": _addressee_cell(item["addressees"], i),
        "applies_to_forces": applies_cell,
        "scope": SCOPE_FORMS[item["scope"]][i % 3],
        "activity_level": level_cell,
        "paf_area": "" if paf is None else (f"PAF {paf}", paf.upper(), paf)[i % 3],
        "chief_officer_lead": item["chief_officer_lead"] or "",
        "delivery_lead": item["delivery_lead"] or "",
        "delivery_confidence": ("" if confidence is None
                                else CONFIDENCE_FORMS[confidence][i % 3]),
        "status": status_cell,
        "superseded_by": item["superseded_by"] or "",
        "created_at": _moment_cell(item["created_at"], i, xlsx),
        "updated_at": _moment_cell(item["updated_at"], i + 1, xlsx),
    }


def write_tracker(path: Path, rows: Sequence[Mapping[str, Any]],
                  headers: Mapping[str, str] | None = None, *, title: str | None = None,
                  encoding: str = "utf-8", delimiter: str = ",",
                  sheet: str = "Tracker") -> Path:
    """Write ``rows`` (key → cell) under ``headers`` (key → heading, in column order).

    .xlsx when ``path`` ends so (cells keep their Python types: dates become date cells),
    CSV otherwise. Keys of ``headers`` that are not tracker fields make extra columns.
    ``title`` adds a title row above the headings.
    """
    headers = dict(headers or EXPORT_HEADERS)
    lines: list[list[Any]] = []
    if title is not None:
        lines.append([title])
    lines.append(list(headers.values()))
    lines.extend([row.get(key, "") for key in headers] for row in rows)
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        worksheet = workbook.active
        worksheet.title = sheet
        for line in lines:
            worksheet.append([None if v == "" else v for v in line])
        for row in worksheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # "=..." is text here, not a formula
        workbook.save(path)
        return path
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        for line in lines:
            writer.writerow(["" if v is None else str(v) for v in line])
    return path


def write_items(path: Path, items: Sequence[Mapping[str, Any]], *, aliases: bool = True,
                title: str | None = None) -> Path:
    """A tracker file holding ``items`` in varied forms (alias headers by default)."""
    xlsx = path.suffix == ".xlsx"
    rows = [item_cells(item, i, xlsx) for i, item in enumerate(items)]
    return write_tracker(path, rows, ALIAS_HEADERS if aliases else EXPORT_HEADERS, title=title)
