"""Marshmallow schemas of the API's bodies: they validate requests, document responses and
are the one list of a response's fields.

Rows (drafts, tracked items, audit events) are shown by dumping them through their schema,
e.g. ``DraftSchema().dump(draft)``: a view returns the row and the blueprint's response
schema dumps it. The OpenAPI description at ``/api/openapi.json`` is generated from these.
"""

from __future__ import annotations

from typing import Any

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    missing,
    post_dump,
    validate,
    validates_schema,
)

from hmic_actions.vocab import (
    DECIDING_RELATIONS,
    DELIVERY_CONFIDENCES,
    EXTRACTED_STATUSES,
    FILE_FORMATS,
    ITEM_KINDS,
    ITEM_STATUSES,
    KINDS,
    ORIGINS,
    REPORT_STATUSES,
    RESTATED_FIELDS,
    REVIEW_STATES,
    ROLES,
    SCOPES,
    UPDATE_SOURCES,
)
from models.ops.errors import OperationError
from models.ops.items import check_paf_area

__all__ = [
    "AcceptBody", "AuditList", "BulkAcceptBody", "BulkAcceptResult", "DecisionResult",
    "DraftAddBody", "DraftEditBody", "DraftList", "DraftListQuery", "DraftSchema",
    "DraftSourceSchema", "ErrorSchema", "HealthSchema", "InboxList", "ItemEditBody",
    "ItemExportQuery", "ItemFieldSuggestions", "ItemFieldsQuery", "ItemLinkList",
    "ItemListQuery", "LinkBody", "ProgressUpdateBody", "ProgressUpdateList",
    "ProgressUpdateSchema", "RegionQuery", "RegionText", "RejectBody", "RematchResult",
    "ReportList", "ReportListQuery", "ReportSchema", "SuggestionList", "TrackedItemDetail",
    "TrackedItemList", "UndoBody", "UpdatePreview", "UserCreateBody", "UserEditBody",
    "UserList", "UserSchema",
]

# Timestamps and dates are sent as ISO strings: rows' dates and times are dumped by
# fields.Date and fields.DateTime, values views format themselves (hmic_actions.dates.iso)
# are documented with these formats.
_DATE = {"format": "date"}
_DATETIME = {"format": "date-time"}
_NULLABLE_STR = {"allow_none": True}
#: Why a report is in the inbox.
INBOX_REASONS = ("review", "failed", "none_found")
#: How a link looks from the item it is listed for, and a report restating the item.
ITEM_LINK_RELATIONS = ("same_as", "supersedes", "superseded_by", "depends_on", "needed_by",
                       "related", "restated_in")
# PostgreSQL text cannot hold NUL characters.
_NO_NUL = validate.Regexp(r"^[^\x00]*$", error="must not contain NUL characters")


class _List(fields.List):
    """A list; a row's empty value (None) is shown as ``[]``."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> list[Any] | None:
        return super()._serialize([] if value is None else value, attr, obj, **kwargs)


class _SameRow(fields.Nested):
    """A nested object whose fields are read from the row itself (not from one attribute)."""

    def get_value(self, obj: Any, attr: str, accessor: Any = None,
                  default: Any = missing) -> Any:
        return obj


class ErrorDetail(Schema):
    """What went wrong: a stable snake_case code and a one-line message."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict(metadata={"description": "per-field problems of a refused body"})
    current = fields.Dict(allow_none=True,
                          metadata={"description": "the row as it is now (on a 409)"})
    changes = fields.List(fields.Dict(), metadata={
        "description": "on a 409: what changed since the version sent, oldest first "
                       "(action, by, at, fields, summary)"})


class ErrorSchema(Schema):
    """Every error: ``{"error": {"code": "...", "message": "..."}}``."""

    error = fields.Nested(ErrorDetail, required=True)


class HealthSchema(Schema):
    """The service's checks."""

    status = fields.String(required=True)
    checks = fields.Dict()


class ProgressSchema(Schema):
    stage = fields.String(**_NULLABLE_STR)
    done = fields.Integer()
    total = fields.Integer()
    summary = fields.String()
    seconds = fields.Dict(keys=fields.String(), values=fields.Float(), metadata={
        "description": "seconds each stage of processing took (reading, layout, items, "
                       "analysis, matching, saving), in the order they ran; while a report "
                       "is processed, the stage in hand so far"})


class DraftCountsSchema(Schema):
    total = fields.Integer()
    by_review_state = fields.Dict(keys=fields.String(), values=fields.Integer())


class ReportSchema(Schema):
    """A report: its file, processing state and drafts counted by review state."""

    id = fields.Integer(required=True)
    url = fields.String(required=True)
    file_name = fields.String()
    file_format = fields.String(validate=validate.OneOf(FILE_FORMATS), metadata={
        "description": "what the file is, told by its content: pdf, docx (a Word document) "
                       "or html (a web page)"})
    sha256 = fields.String()
    size = fields.Integer(allow_none=True)
    status = fields.String(validate=validate.OneOf(REPORT_STATUSES))
    error = fields.String(**_NULLABLE_STR, metadata={
        "description": "why reading failed, with the setting that limits it"})
    reason = fields.String(**_NULLABLE_STR, metadata={
        "description": "why reading failed, in words for reviewers (no setting names)"})
    progress = fields.Nested(ProgressSchema)
    title = fields.String(**_NULLABLE_STR)
    published = fields.String(allow_none=True, metadata=_DATE)
    page_count = fields.Integer(allow_none=True)
    uploaded_by = fields.String(**_NULLABLE_STR)
    uploaded_at = fields.String(metadata=_DATETIME)
    processed_at = fields.String(allow_none=True, metadata=_DATETIME)
    drafts = fields.Nested(DraftCountsSchema)


class ReportListQuery(Schema):
    """Paging of the report list (newest first)."""

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))


class ReportList(Schema):
    total = fields.Integer(required=True)
    limit = fields.Integer()
    offset = fields.Integer()
    reports = fields.List(fields.Nested(ReportSchema), required=True)


class InboxCounts(Schema):
    total = fields.Integer(required=True)
    decided = fields.Integer(required=True)
    pending = fields.Integer(required=True)


class NextDraft(Schema):
    """The first pending draft of a report, in document order."""

    id = fields.Integer(required=True)
    position = fields.Integer()
    kind = fields.String()
    number = fields.String(**_NULLABLE_STR)
    page = fields.Integer(allow_none=True)


class InboxEntry(ReportSchema):
    """A report waiting for someone: drafts to review, or a failure or no items to look at."""

    waiting = fields.String(required=True, validate=validate.OneOf(INBOX_REASONS), metadata={
        "description": "review: drafts are pending; failed: it could not be read; "
                       "none_found: it was read and holds no items"})
    counts = fields.Nested(InboxCounts, required=True)
    summary = fields.String(required=True,
                            metadata={"description": 'for people, e.g. "12 of 17 reviewed"'})
    next_draft = fields.Nested(NextDraft, allow_none=True,
                               metadata={"description": "the first pending draft, in order"})


class InboxList(Schema):
    total = fields.Integer(required=True)
    limit = fields.Integer()
    offset = fields.Integer()
    reports = fields.List(fields.Nested(InboxEntry), required=True)


class DraftSchema(Schema):
    """A draft item with its suggestions, PAF suggestion, review state and version."""

    id = fields.Integer(required=True)
    report_id = fields.Integer(required=True)
    position = fields.Integer()
    version = fields.Integer(required=True)
    kind = fields.String()
    number = fields.String(**_NULLABLE_STR)
    origin = fields.String()
    text = fields.String()
    deadline = fields.Date(allow_none=True)
    deadline_text = fields.String(**_NULLABLE_STR)
    deadline_relative = fields.String(**_NULLABLE_STR)
    proposed_deadline = fields.Date(allow_none=True)
    deadline_confirmed = fields.Boolean()
    immediate = fields.Boolean()
    addressees = _List(fields.String())
    addressees_other = _List(fields.String())
    applies_to_forces = fields.Boolean()
    status = fields.String(**_NULLABLE_STR)
    page = fields.Integer(allow_none=True, metadata={
        "description": "1-based page where the item starts; null in a Word document or a web "
                       "page, which have no pages (see location)"})
    bbox = fields.List(fields.Float(), allow_none=True, metadata={
        "description": "the item's box on its page: [x0, y0, x1, y1] in PDF points from the "
                       "top-left corner"})
    location = fields.Dict(allow_none=True, metadata={
        "description": "where the item starts in a document without pages: the headings it "
                       "sits under (outermost first) and its block's index, "
                       '{"headings": [...], "paragraph": n}; null for a PDF'})
    confidence = fields.Float()
    match_state = fields.String(**_NULLABLE_STR)
    match_reason = fields.String(**_NULLABLE_STR, metadata={
        "description": "why matching found nothing or could not run, for people"})
    suggestions = _List(fields.Dict())
    sibling_suggestions = _List(fields.Dict(), metadata={
        "description": "other drafts of the report this one relates to (e.g. depends on "
                       "what one of them asks a body to produce), with the reasons"})
    paf_suggestion = fields.Dict(allow_none=True)
    review_state = fields.String(validate=validate.OneOf(REVIEW_STATES))
    reviewed_by = fields.String(**_NULLABLE_STR)
    reviewed_at = fields.DateTime(allow_none=True)
    review_note = fields.String(**_NULLABLE_STR)
    tracked_item_id = fields.Integer(allow_none=True)
    added_by = fields.String(**_NULLABLE_STR, metadata={
        "description": "who added the draft by hand (null: read from the report)"})


class DraftList(Schema):
    report_id = fields.Integer(required=True)
    drafts = fields.List(fields.Nested(DraftSchema), required=True)


class DraftListQuery(Schema):
    """Which of the report's drafts to list (all optional, combined with AND)."""

    review_state = fields.String(validate=validate.OneOf(REVIEW_STATES))
    kind = fields.String(validate=validate.OneOf(KINDS))
    origin = fields.String(validate=validate.OneOf(ORIGINS))
    addressee = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "an addressee id (e.g. home_office), or a body named verbatim"})
    for_force = fields.Boolean(metadata={
        "description": "true: drafts a police force must act on (applies_to_forces)"})


class ItemFieldsQuery(Schema):
    scope = fields.String(validate=validate.OneOf(SCOPES), metadata={
        "description": "the scope the item would have (default: the one a confirmed item of "
                       "the report takes); the activity level depends on it"})


class ItemFieldSuggestions(Schema):
    """What the tracked item a draft would become is given when a person sets none of these
    (accepting or linking takes them when the fields are not sent), and why."""

    draft_id = fields.Integer(required=True)
    paf_area = fields.String(**_NULLABLE_STR)
    chief_officer_lead = fields.String(**_NULLABLE_STR)
    activity_level = fields.Integer(allow_none=True)
    why = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={
        "description": "field → one line saying where its value comes from (or why none)"})


class TrackedItemSchema(Schema):
    """A tracked item in brief: the one a decision made or linked to."""

    id = fields.Integer(required=True)
    reference = fields.String()
    kind = fields.String()
    number = fields.String(**_NULLABLE_STR)
    text = fields.String()
    status = fields.String()
    scope = fields.String()
    paf_area = fields.String(**_NULLABLE_STR)
    activity_level = fields.Integer(allow_none=True)
    current_deadline = fields.Date(allow_none=True)
    superseded_by_id = fields.Integer(allow_none=True)
    version = fields.Integer()


class DecisionResult(Schema):
    """The decided draft and, for accept and link, its tracked item."""

    draft = fields.Nested(DraftSchema, required=True)
    tracked_item = fields.Nested(TrackedItemSchema, allow_none=True)


#: Row ids and versions the databases can hold (a larger number is 422, not a server error).
_ROW_NUMBER = validate.Range(min=1, max=2**31 - 1)


class _Versioned(Schema):
    version = fields.Integer(
        strict=True, validate=_ROW_NUMBER,
        metadata={"description": "the version last read; or send it as the If-Match header"})


_STRING_LIST = {"cls_or_instance": fields.String(validate=validate.Length(max=500))}


class DraftEditBody(_Versioned):
    """Fields to change on a pending draft (only those sent change)."""

    text = fields.String(validate=validate.Length(min=1, max=20000))
    deadline = fields.Date(allow_none=True)
    deadline_text = fields.String(allow_none=True, validate=validate.Length(max=500))
    deadline_relative = fields.String(allow_none=True, validate=validate.Length(max=20))
    deadline_confirmed = fields.Boolean()
    immediate = fields.Boolean()
    addressees = fields.List(**_STRING_LIST, validate=validate.Length(max=50))
    addressees_other = fields.List(**_STRING_LIST, validate=validate.Length(max=50))
    applies_to_forces = fields.Boolean()
    kind = fields.String(validate=validate.OneOf(KINDS))
    number = fields.String(allow_none=True, validate=validate.Length(max=20))
    status = fields.String(allow_none=True, validate=validate.OneOf(EXTRACTED_STATUSES))


def _paf_area(value: str | None) -> None:
    """A PAF question ("3") or area ("3b") of the framework, or nothing."""
    try:
        check_paf_area(value)
    except OperationError as exc:
        raise ValidationError(str(exc).removeprefix("paf_area: ")) from None


def _point(**kwargs: Any) -> fields.Float:
    """A coordinate on a page, in PDF points (a page is at most 200 inches across)."""
    return fields.Float(validate=validate.Range(min=0, max=14_400), **kwargs)


class DraftAddBody(Schema):
    """An item the extraction missed, added by hand: its text, or the box on a page of the
    report that holds it (the text is then read from the PDF under the box)."""

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    origin = fields.String(load_default="this_report", validate=validate.OneOf(ORIGINS))
    number = fields.String(allow_none=True, validate=[validate.Length(max=20), _NO_NUL])
    text = fields.String(validate=[validate.Length(min=1, max=20000), _NO_NUL], metadata={
        "description": "the item's words; left out, they are read from page and bbox"})
    page = fields.Integer(strict=True, validate=validate.Range(min=1, max=100_000),
                          metadata={"description": "1-based page of the report"})
    bbox = fields.List(_point(), validate=validate.Length(equal=4), metadata={
        "description": "[x0, y0, x1, y1] in PDF points from the page's top-left corner"})
    deadline = fields.Date(allow_none=True)
    addressees = fields.List(**_STRING_LIST, validate=validate.Length(max=50))
    addressees_other = fields.List(**_STRING_LIST, validate=validate.Length(max=50))
    status = fields.String(allow_none=True, validate=validate.OneOf(EXTRACTED_STATUSES))

    @validates_schema
    def _text_or_box(self, data: dict[str, Any], **_: Any) -> None:
        if "bbox" in data and "page" not in data:
            raise ValidationError("a box needs its page", "page")
        if "text" not in data and not ("page" in data and "bbox" in data):
            raise ValidationError("send the item's text, or the page and bbox that hold it",
                                  "text")


class RegionQuery(Schema):
    """A box on a page of the report, in PDF points from the page's top-left corner."""

    page = fields.Integer(required=True, validate=validate.Range(min=1, max=100_000))
    x0 = _point(required=True)
    y0 = _point(required=True)
    x1 = _point(required=True)
    y1 = _point(required=True)


class RegionText(Schema):
    """The words of a page inside a box (empty when it holds none)."""

    report_id = fields.Integer(required=True)
    page = fields.Integer(required=True)
    bbox = fields.List(fields.Float(), required=True,
                       metadata={"description": "[x0, y0, x1, y1], corners in order"})
    text = fields.String(required=True)


class _ItemFields(Schema):
    """Fields of the tracked item an accepted draft becomes."""

    confirm_deadline = fields.Boolean(
        metadata={"description": "take the proposed deadline as the deadline"})
    scope = fields.String(validate=validate.OneOf(SCOPES))
    activity_level = fields.Integer(strict=True, allow_none=True,
                                    validate=validate.Range(min=1, max=4))
    paf_area = fields.String(allow_none=True, validate=_paf_area)
    chief_officer_lead = fields.String(allow_none=True, validate=validate.Length(max=200))
    delivery_lead = fields.String(allow_none=True, validate=validate.Length(max=200))
    delivery_confidence = fields.String(allow_none=True,
                                        validate=validate.OneOf(DELIVERY_CONFIDENCES))


class AcceptBody(_Versioned, _ItemFields):
    """Accept a pending draft into a new tracked item."""

    duplicate = fields.Boolean(metadata={
        "description": "make a new item even though the draft's top suggestion is "
                       "confidently the same as a tracked item (without it: 409 duplicate)"})


class RejectBody(_Versioned):
    """Reject a pending draft, saying why."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class LinkBody(_Versioned, _ItemFields):
    """Decide a pending draft by relating it to an existing tracked item."""

    tracked_item_id = fields.Integer(required=True, strict=True, validate=_ROW_NUMBER)
    relation = fields.String(required=True,
                             validate=validate.OneOf(DECIDING_RELATIONS))
    update = fields.List(fields.String(validate=validate.OneOf(RESTATED_FIELDS)), metadata={
        "description": "same_as only: what the tracked item takes from the draft (status, "
                       "current_deadline, text); left out: every change the update preview "
                       "shows; [] none"})


class BulkEntry(Schema):
    id = fields.Integer(required=True, strict=True, validate=_ROW_NUMBER)
    version = fields.Integer(required=True, strict=True, validate=_ROW_NUMBER)


class BulkAcceptBody(Schema):
    """Drafts of the report to accept, each with the version last read; all or none."""

    drafts = fields.List(fields.Nested(BulkEntry), required=True,
                         validate=validate.Length(min=1, max=500))


class BulkAcceptResult(Schema):
    accepted = fields.List(fields.Nested(DecisionResult), required=True)


# --- tracked items ----------------------------------------------------------------------------

# Fields the tracked item list can be sorted by.
ITEM_SORT_KEYS = ("id", "reference", "kind", "status", "scope", "paf_area", "activity_level",
                  "current_deadline")


class ProgressUpdateSchema(Schema):
    """A dated, authored progress update on a tracked item."""

    id = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    author = fields.String(required=True)
    text = fields.String(required=True)
    source = fields.String(validate=validate.OneOf(UPDATE_SOURCES))
    created_at = fields.DateTime()


class ProgressUpdateList(Schema):
    updates = fields.List(fields.Nested(ProgressUpdateSchema), required=True)


class ProgressUpdateBody(Schema):
    """A progress update to add (updates are never changed or removed)."""

    text = fields.String(required=True, validate=[validate.Length(min=1, max=10_000),
                                                  validate.Regexp(r"^[^\x00]*$",
                                                                  error="must not contain NUL "
                                                                        "characters")])
    at = fields.AwareDateTime(metadata={"description": "when the update was made (default: "
                                                       "now); not in the future"})


class TrackedItemDetail(TrackedItemSchema):
    """A tracked item in full."""

    source_report_id = fields.Integer(allow_none=True)
    source_report = fields.String(**_NULLABLE_STR)
    source_published = fields.Date(allow_none=True)
    source_year = fields.Integer(allow_none=True)
    action_required = fields.String(**_NULLABLE_STR, metadata={
        "description": "the force's own statement of what it must do"})
    evidence = fields.String(**_NULLABLE_STR, metadata={
        "description": "what shows the action is done (asked for when completed or closed)"})
    latest_update = fields.Nested(ProgressUpdateSchema, allow_none=True)
    original_deadline = fields.Date(allow_none=True)
    addressees = _List(fields.String())
    applies_to_forces = fields.Boolean()
    chief_officer_lead = fields.String(**_NULLABLE_STR)
    delivery_lead = fields.String(**_NULLABLE_STR)
    delivery_confidence = fields.String(**_NULLABLE_STR)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class LinkSource(Schema):
    """The draft, and its report, whose decision made a link or restated an item."""

    report_id = fields.Integer(required=True)
    report = fields.String(required=True, metadata={"description": "its title, or file name"})
    published = fields.String(allow_none=True, metadata=_DATE)
    draft_id = fields.Integer(required=True)
    item = fields.String(metadata={"description": 'the draft\'s label, e.g. "Recommendation 3"'})
    origin = fields.String()
    status_quoted = fields.String(**_NULLABLE_STR)
    status_quoted_label = fields.String(**_NULLABLE_STR)


class ItemLinkSchema(Schema):
    """A link to or from the item, or a later report restating it, with where it came from."""

    relation = fields.String(required=True, validate=validate.OneOf(ITEM_LINK_RELATIONS),
                             metadata={"description": "as seen from this item"})
    label = fields.String(required=True, metadata={"description": 'e.g. "Superseded by"'})
    link_id = fields.Integer(allow_none=True)
    item = fields.Nested(TrackedItemSchema, allow_none=True,
                         metadata={"description": "the other item (null for restated_in)"})
    by = fields.String(required=True)
    at = fields.DateTime(allow_none=True)
    source = fields.Nested(LinkSource, allow_none=True, metadata={
        "description": "the decision that made it, when a draft's decision did"})
    changes = fields.Dict(allow_none=True, metadata={
        "description": "restated_in: what the report changed on the item, field → "
                       "[before, after]"})


class ItemLinkList(Schema):
    item_id = fields.Integer(required=True)
    reference = fields.String(required=True)
    links = fields.List(fields.Nested(ItemLinkSchema), required=True)


class ItemListQuery(Schema):
    """Filters (all optional, combined with AND) and paging of the tracked items."""

    status = fields.String(validate=validate.OneOf(ITEM_STATUSES))
    kind = fields.String(validate=validate.OneOf(ITEM_KINDS))
    addressee = fields.String(validate=[validate.Length(min=1, max=200), _NO_NUL],
                              metadata={"description": "an addressee id, e.g. chief_constables"})
    paf_area = fields.String(validate=[validate.Length(min=1, max=10), _NO_NUL])
    scope = fields.String(validate=validate.OneOf(SCOPES),
                          metadata={"description": "local or national"})
    activity_level = fields.Integer(validate=validate.Range(min=1, max=4))
    due_before = fields.Date(metadata={"description": "current deadline on or before"})
    due_after = fields.Date(metadata={"description": "current deadline on or after"})
    q = fields.String(validate=[validate.Length(min=1, max=200), _NO_NUL],
                      metadata={"description": "words in the text or reference (any case)"})
    lead = fields.String(validate=[validate.Length(min=1, max=200), _NO_NUL],
                         metadata={"description": "words in the Chief Officer lead (any case)"})
    sort = fields.String(
        validate=validate.OneOf([f"{sign}{key}" for key in ITEM_SORT_KEYS for sign in ("", "-")]),
        metadata={"description": "the order: a field, with a leading - for descending "
                                 "(empty values last either way, ties by id); default id"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))


class TrackedItemList(Schema):
    total = fields.Integer(required=True)
    limit = fields.Integer()
    offset = fields.Integer()
    items = fields.List(fields.Nested(TrackedItemDetail), required=True)


class ItemEditBody(_Versioned):
    """Fields to change on a tracked item (only those sent change)."""

    chief_officer_lead = fields.String(allow_none=True,
                                       validate=[validate.Length(max=200), _NO_NUL])
    delivery_lead = fields.String(allow_none=True, validate=[validate.Length(max=200), _NO_NUL])
    paf_area = fields.String(allow_none=True, validate=_paf_area)
    activity_level = fields.Integer(strict=True, allow_none=True,
                                    validate=validate.Range(min=1, max=4))
    delivery_confidence = fields.String(allow_none=True,
                                        validate=validate.OneOf(DELIVERY_CONFIDENCES))
    current_deadline = fields.Date(allow_none=True)
    action_required = fields.String(allow_none=True,
                                    validate=[validate.Length(max=20_000), _NO_NUL])
    evidence = fields.String(allow_none=True, validate=[validate.Length(max=20_000), _NO_NUL],
                             metadata={"description": "needed to make the status completed "
                                                      "or closed, unless the item has it"})
    status = fields.String(validate=validate.OneOf(ITEM_STATUSES))
    superseded_by = fields.Integer(
        strict=True, validate=_ROW_NUMBER,
        metadata={"description": "the id of the item superseding this one; needed (and only "
                                 "allowed) with status superseded"})


class RematchResult(Schema):
    """Matching again was asked for (it runs in the background)."""

    report_id = fields.Integer(allow_none=True)
    queued = fields.Boolean(required=True)


class UpdatePreview(Schema):
    """What linking a draft as the same as a tracked item would change on the item."""

    draft_id = fields.Integer(required=True)
    tracked_item = fields.Nested(TrackedItemDetail, required=True)
    changes = fields.Dict(keys=fields.String(), values=fields.List(fields.Raw(allow_none=True)),
                          required=True, metadata={
                              "description": "field → [as tracked, from the draft]"})
    quoted_in = fields.Dict(metadata={"description": "the report restating the item"})
    diff = fields.List(fields.Nested("DiffRun"), allow_none=True,
                       metadata={"description": "the wording change, by word"})


# --- audit and sources -----------------------------------------------------------------------


class AuditEntity(Schema):
    type = fields.String(required=True, attribute="entity_type")
    id = fields.Integer(allow_none=True, attribute="entity_id")


class AuditEventSchema(Schema):
    """One recorded change: who, when, what, and the row before and after."""

    id = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    actor = fields.String(required=True)
    action = fields.String(required=True)
    entity = _SameRow(AuditEntity, required=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class AuditList(Schema):
    events = fields.List(fields.Nested(AuditEventSchema), required=True)


class TextSpan(Schema):
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class PageImage(Schema):
    url = fields.String(required=True)
    scale = fields.Float(required=True)
    width = fields.Float(metadata={"description": "page width in PDF points"})
    height = fields.Float(metadata={"description": "page height in PDF points"})


class ContextBlock(Schema):
    text = fields.String(required=True)
    heading = fields.Integer(required=True,
                             metadata={"description": "its heading level, 0 for body text"})
    item = fields.Boolean(required=True,
                          metadata={"description": "whether the draft's item starts here"})


class SourceContext(Schema):
    """Where an item is in a document without pages: its headings and the blocks around it."""

    headings = fields.List(fields.String(), required=True)
    paragraph = fields.Integer(allow_none=True)
    blocks = fields.List(fields.Nested(ContextBlock), required=True)


class DraftSourceSchema(Schema):
    """Where a draft was read: its page's text, the item's span in it, the box and the image
    (a PDF); or the paragraphs around it (a Word document or a web page)."""

    draft_id = fields.Integer(required=True)
    report_id = fields.Integer(required=True)
    file_format = fields.String(validate=validate.OneOf(FILE_FORMATS))
    page = fields.Integer(required=True, allow_none=True)
    page_count = fields.Integer(allow_none=True)
    bbox = fields.List(fields.Float(), allow_none=True)
    text = fields.String(required=True)
    span = fields.Nested(TextSpan, allow_none=True,
                         metadata={"description": "the item's first words in text, if found"})
    image = fields.Nested(PageImage, required=True, allow_none=True, metadata={
        "description": "the page as an image; null for a document without pages"})
    context = fields.Nested(SourceContext, allow_none=True, metadata={
        "description": "for a document without pages: the item's paragraph among those around "
                       "it; null for a PDF"})


# --- undo, suggestions, export and users -----------------------------------------------------


class UndoBody(_Versioned):
    """Put a decided draft back to pending (send the version last read)."""


class DiffRun(Schema):
    op = fields.String(required=True, validate=validate.OneOf(("equal", "insert", "delete")))
    text = fields.String(required=True)


class SuggestionSchema(Schema):
    """A stored match suggestion (every field kept), with the item and a word-level diff."""

    tracked_id = fields.Integer(allow_none=True)
    relation = fields.String(**_NULLABLE_STR)
    score = fields.Float(allow_none=True)
    band = fields.String(**_NULLABLE_STR)
    item = fields.Nested(TrackedItemDetail, allow_none=True,
                         metadata={"description": "the tracked item, or null if it is gone"})
    diff = fields.List(fields.Nested(DiffRun), allow_none=True,
                       metadata={"description": "from the item's text to the draft's, by word"})

    @post_dump(pass_original=True)
    def _keep_every_field(self, data: dict[str, Any], original: dict[str, Any],
                          **_: Any) -> dict[str, Any]:
        # Matching may store more than is declared here (reasons, evidence, margin ...).
        return {**original, **data}


class SuggestionList(Schema):
    draft_id = fields.Integer(required=True)
    version = fields.Integer()
    text = fields.String(metadata={"description": "the draft's text the diffs lead to"})
    suggestions = fields.List(fields.Nested(SuggestionSchema), required=True)


class ItemExportQuery(ItemListQuery):
    """The export format and the list's filters (all of the matching items, no paging)."""

    class Meta:
        exclude = ("limit", "offset")

    format = fields.String(load_default="csv", validate=validate.OneOf(("csv", "xlsx")),
                           metadata={"description": "csv (UTF-8 with BOM) or xlsx"})


class UserSchema(Schema):
    """A user as admins see it (never a password or token)."""

    name = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    active = fields.Boolean(required=True)
    created_at = fields.String(metadata=_DATETIME)
    last_seen_at = fields.String(
        allow_none=True, metadata={**_DATETIME, "description": "when one of the user's API "
                                   "tokens was last used (to the minute), if ever"})


class UserList(Schema):
    users = fields.List(fields.Nested(UserSchema), required=True)


class UserCreateBody(Schema):
    """A new user: name, role and password."""

    name = fields.String(required=True, validate=[validate.Length(min=1, max=100), _NO_NUL])
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(required=True, load_only=True,
                             validate=[validate.Length(max=1000), _NO_NUL])


class UserEditBody(Schema):
    """A new role and/or active flag for a user (only those sent change)."""

    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()
