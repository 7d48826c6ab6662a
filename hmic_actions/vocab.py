"""The words of the domain: kinds of item, statuses, roles and the other closed lists, with
the labels people read.

Every package takes these from here: the extraction contract, the database's check
constraints, the API's validators, the tracker's columns and the pages (which receive the
labels from the server). To add a status word a report may print, add it to
``STATUS_WORDS``; the extractor's status lines and the tracker's Status column both read it.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- items

#: Kinds of item the extractor finds, and the tracker's kinds (a super-complaint's
#: recommendations are tracked too, though reports are not read for them).
KINDS = ("recommendation", "area_for_improvement", "cause_of_concern")
ITEM_KINDS = (*KINDS, "super_complaint")

KIND_LABELS = {"recommendation": "Recommendation", "area_for_improvement": "Area for improvement",
               "cause_of_concern": "Cause of concern", "super_complaint": "Super-complaint"}
#: Labels where room is short: tables of counts, chart legends, lists of drafts.
KIND_SHORT_LABELS = {"recommendation": "Recommendation", "area_for_improvement": "AFI",
                     "cause_of_concern": "Cause of concern",
                     "super_complaint": "Super-complaint"}
#: Labels where room is shortest: a row of drafts beside the page.
KIND_TAGS = {"recommendation": "Rec", "area_for_improvement": "AFI", "cause_of_concern": "CoC",
             "super_complaint": "SC"}

#: Where an item was made: by the report read, or by an earlier one it quotes.
ORIGINS = ("this_report", "earlier_report")

# --------------------------------------------------------------------------- statuses

#: Statuses a report gives an item it quotes (the extraction contract).
EXTRACTED_STATUSES = ("completed", "in_progress", "incomplete", "closed", "superseded")
#: Statuses of a tracked item.
ITEM_STATUSES = ("open", "in_progress", "completed", "closed", "superseded")
STATUS_LABELS = {"open": "Open", "in_progress": "In progress", "completed": "Completed",
                 "closed": "Closed", "superseded": "Superseded", "incomplete": "Incomplete"}
#: A tracked item's status from the status its report gives it.
STATUS_FROM_EXTRACTION = {"completed": "completed", "in_progress": "in_progress",
                          "incomplete": "open", "closed": "closed", "superseded": "superseded"}
#: Tracked items in these statuses need no more work.
ENDED_STATUSES = ("completed", "closed", "superseded")
#: Moving an item to these statuses asks for the evidence that its action is done.
EVIDENCED_STATUSES = ("completed", "closed")
#: What a later report quoting a tracked item may change on it.
RESTATED_FIELDS = ("status", "current_deadline", "text")
#: Where a progress update came from.
UPDATE_SOURCES = ("page", "api", "import")

#: The words reports and trackers use for a status, mapped to the contract's statuses.
#: Choices where documents vary: "met", "achieved" and "implemented" mean completed;
#: anything "partially" done is in progress (work has started); "not ..." and "outstanding"
#: are incomplete; "withdrawn", and "discharged" (the inspectorate's word for an item it
#: closes), are closed.
STATUS_WORDS: dict[str, str] = {
    "completed": "completed",
    "complete": "completed",
    "met": "completed",
    "achieved": "completed",
    "implemented": "completed",
    "in progress": "in_progress",
    "ongoing": "in_progress",
    "on-going": "in_progress",
    "partially met": "in_progress",
    "partially completed": "in_progress",
    "partially complete": "in_progress",
    "partially achieved": "in_progress",
    "partially implemented": "in_progress",
    "incomplete": "incomplete",
    "not met": "incomplete",
    "not completed": "incomplete",
    "not complete": "incomplete",
    "not achieved": "incomplete",
    "not started": "incomplete",
    "not yet started": "incomplete",
    "not implemented": "incomplete",
    "outstanding": "incomplete",
    "not discharged": "incomplete",
    "closed": "closed",
    "discharged": "closed",
    "withdrawn": "closed",
    "superseded": "superseded",
}
#: Words only a force's own tracker uses for a tracked item's status.
TRACKER_STATUS_WORDS: dict[str, str] = {
    "open": "open", "new": "open", "started": "in_progress", "underway": "in_progress",
    "in hand": "in_progress", "done": "completed", "delivered": "completed",
}

#: A regular expression matching any status word, longest first ("not met" before "met").
STATUS_WORD_RE = "(?:" + "|".join(
    re.escape(word).replace(r"\ ", " ") for word in sorted(STATUS_WORDS, key=len, reverse=True)
) + ")"


# --------------------------------------------------------------------------- the tracker

SCOPES = ("local", "national")
SCOPE_LABELS = {"local": "Local", "national": "National"}
DELIVERY_CONFIDENCES = ("high", "medium", "low")
CONFIDENCE_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
#: How a tracked item relates to another; "none" is a reviewer's "no relation".
LINK_RELATIONS = ("same_as", "supersedes", "depends_on", "related")
CHOSEN_RELATIONS = (*LINK_RELATIONS, "none")
#: Relations a reviewer may decide a draft by.
DECIDING_RELATIONS = ("same_as", "supersedes", "depends_on")
ACTIVITY_LEVELS = (1, 2, 3, 4)
#: How a match suggestion reads to people, by relation: (strong match, weaker match), each
#: followed by the tracked item's reference ("probably the same as HMI-2024-0007").
MATCH_PHRASES = {"same_as": ("probably the same as", "may be the same as"),
                 "supersedes": ("probably supersedes", "may supersede"),
                 "depends_on": ("probably depends on", "may depend on"),
                 "related": ("probably related to", "may be related to")}
#: The matching bands in people's words.
BAND_LABELS = {"suggest_link": "strong match", "needs_look": "worth a look",
               "new_item": "weak match"}


def match_phrase(relation: str | None, band: str | None, reference: str) -> str:
    """A match suggestion in plain words: "probably the same as HMI-2024-0007"."""
    strong, weak = MATCH_PHRASES.get(relation or "", ("probably like", "may be like"))
    return f"{strong if band == 'suggest_link' else weak} {reference}"

# --------------------------------------------------------------------------- reports

INSPECTION_TYPES = ("peel", "thematic", "progress", "joint", "other")
REPORT_STATUSES = ("queued", "processing", "ready", "failed")
# The formats a report may come in, told by the file's content: a PDF (digital or scanned),
# a Word document, a web page saved from a browser.
FILE_FORMATS = ("pdf", "docx", "html")
FILE_FORMAT_LABELS = {"pdf": "PDF", "docx": "Word document", "html": "web page"}
FILE_FORMAT_TYPES = {"pdf": "application/pdf",
                     "docx": "application/vnd.openxmlformats-officedocument"
                             ".wordprocessingml.document",
                     "html": "text/html; charset=utf-8"}
REVIEW_STATES = ("pending", "accepted", "edited", "rejected", "linked")
REVIEW_STATE_LABELS = {"pending": "Pending", "accepted": "Accepted",
                       "edited": "Accepted (edited)", "rejected": "Rejected",
                       "linked": "Linked"}
#: The reasons the review page offers for rejecting a draft (a person may write another).
#: Only the second says the draft is not an item at all: the others reject an item.
REJECT_REASONS = ("Not for this force", "Not an item (read in error)",
                  "Duplicate of another draft")
NOT_AN_ITEM = REJECT_REASONS[1]


def rejected_as_not_an_item(review_state: str | None, note: str | None) -> bool:
    """Whether a draft was rejected because it is not an item (read in error)."""
    return review_state == "rejected" and " ".join((note or "").split()).casefold(
        ).startswith("not an item")
MATCH_STATES = ("found", "no_candidate", "failed")

# --------------------------------------------------------------------------- people

#: The roles, lowest first; each may do everything the ones before it may.
ROLES = ("viewer", "reviewer", "lead", "admin")


def labels() -> dict[str, dict[str, str]]:
    """The labels the pages show, keyed by list (sent to them as JSON)."""
    return {"kinds": KIND_LABELS, "kind_tags": KIND_TAGS, "statuses": STATUS_LABELS,
            "scopes": SCOPE_LABELS, "confidences": CONFIDENCE_LABELS}
