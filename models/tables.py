"""The tables of the tracker: reports, drafts, tracked items (and the counters of their
references), links, audit, users and tokens.

Vocabularies are plain strings checked by the database (CHECK constraints) and listed
here as tuples, so code and schema name the same values. Timestamps are timezone-aware
UTC; dates (deadlines, publication) are plain dates. JSON columns hold lists and dicts:
assign a new value to change one (in-place mutation is not tracked).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from hmic_actions.vocab import (
    CHOSEN_RELATIONS,
    DELIVERY_CONFIDENCES,
    EXTRACTED_STATUSES,
    FILE_FORMATS,
    INSPECTION_TYPES,
    ITEM_KINDS,
    ITEM_STATUSES,
    KINDS,
    LINK_RELATIONS,
    MATCH_STATES,
    ORIGINS,
    REPORT_STATUSES,
    REVIEW_STATES,
    ROLES,
    SCOPES,
    UPDATE_SOURCES,
)

# Named constraints keep migrations stable across SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL stores ``timestamp with time zone``; SQLite has no time zones, so values
    are stored as UTC and given their zone back when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _one_of(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or column)


class Base(DeclarativeBase):
    """Declarative base with the project's constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    """A person who uses the service; credentials are stored only as hashes."""

    __tablename__ = "users"
    # In the order migration 0001 wrote the constraint.
    __table_args__ = (_one_of("role", tuple(sorted(ROLES))),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="reviewer")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    token_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, name={self.name!r}, role={self.role!r})"


class StoredFile(Base):
    """A report file, stored once by the SHA-256 of its content."""

    __tablename__ = "stored_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Report(Base):
    """An uploaded inspection report and the state of its processing."""

    __tablename__ = "reports"
    __table_args__ = (
        _one_of("inspection_type", INSPECTION_TYPES),
        _one_of("status", REPORT_STATUSES),
        _one_of("file_format", FILE_FORMATS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), unique=True)
    file_name: Mapped[str] = mapped_column(String(500))
    #: What the stored file is, told by its content: pdf, docx (Word) or html (a web page).
    file_format: Mapped[str] = mapped_column(String(10), default="pdf", server_default="pdf")
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    inspection_type: Mapped[str | None] = mapped_column(String(20))
    page_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    error: Mapped[str | None] = mapped_column(Text)
    progress_stage: Mapped[str | None] = mapped_column(String(50))
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    #: Seconds each stage of the last processing took (the stage in hand: so far).
    stage_seconds: Mapped[dict[str, Any] | None] = mapped_column()
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column()

    file: Mapped[StoredFile] = relationship()
    uploader: Mapped[User | None] = relationship()
    drafts: Mapped[list[Draft]] = relationship(
        back_populates="report", order_by="Draft.position", foreign_keys="Draft.report_id"
    )

    def __repr__(self) -> str:
        return f"Report(id={self.id!r}, file_name={self.file_name!r}, status={self.status!r})"


class Draft(Base):
    """One item extracted from a report, waiting for (or after) a person's decision."""

    __tablename__ = "drafts"
    __table_args__ = (
        UniqueConstraint("report_id", "position"),
        _one_of("kind", KINDS),
        _one_of("origin", ORIGINS),
        _one_of("status", EXTRACTED_STATUSES),
        _one_of("match_state", MATCH_STATES),
        _one_of("review_state", REVIEW_STATES),
        # The report lists: drafts counted by state, reports with drafts pending and each
        # one's first pending draft, from the index alone (migration 0007).
        Index(None, "review_state", "report_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    position: Mapped[int] = mapped_column(Integer)
    # The extraction contract, field for field.
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[str | None] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(20), default="this_report")
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    immediate: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline_relative: Mapped[str | None] = mapped_column(String(20))
    addressees: Mapped[list[Any]] = mapped_column(default=list)
    addressees_other: Mapped[list[Any]] = mapped_column(default=list)
    applies_to_forces: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str | None] = mapped_column(String(20))
    page: Mapped[int | None] = mapped_column(Integer)  # None: a file without pages
    bbox: Mapped[list[Any] | None] = mapped_column()
    # Where the item starts in a file without pages: {"headings": [...], "paragraph": n}.
    location: Mapped[dict[str, Any] | None] = mapped_column()
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    # Derived and review state.
    proposed_deadline: Mapped[date | None] = mapped_column(Date)
    deadline_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    suggestions: Mapped[list[Any]] = mapped_column(default=list)
    # Other drafts of the same report this one relates to (it uses what one of them asks a
    # body to produce): draft id, position, relation, score and reasons.
    sibling_suggestions: Mapped[list[Any]] = mapped_column(default=list)
    match_state: Mapped[str | None] = mapped_column(String(20))
    # Why matching found nothing or could not run, for people ("no tracked item scores 25
    # or more"; "ValueError: ...").
    match_reason: Mapped[str | None] = mapped_column(Text)
    paf_suggestion: Mapped[dict[str, Any] | None] = mapped_column()
    review_state: Mapped[str] = mapped_column(String(20), default="pending")
    # The person who added the draft by hand (an item extraction missed); None when the
    # extraction found it.
    added_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column()
    review_note: Mapped[str | None] = mapped_column(Text)
    edit_history: Mapped[list[Any]] = mapped_column(default=list)
    tracked_item_id: Mapped[int | None] = mapped_column(ForeignKey("tracked_items.id"),
                                                        index=True)
    version: Mapped[int] = mapped_column(Integer)

    report: Mapped[Report] = relationship(back_populates="drafts", foreign_keys=[report_id])
    tracked_item: Mapped[TrackedItem | None] = relationship(foreign_keys=[tracked_item_id])

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return (f"Draft(id={self.id!r}, report_id={self.report_id!r}, "
                f"position={self.position!r}, review_state={self.review_state!r})")


class TrackedItem(Base):
    """An item the force tracks: confirmed from a draft or imported from its tracker.

    ``text`` is the inspectorate's wording; ``action_required`` the force's own statement of
    what it must do. ``source_published`` / ``source_year`` date the report the item comes
    from (the year alone when only that is known). ``evidence`` says what shows the action
    is done; it is asked for when an item is completed or closed.
    """

    __tablename__ = "tracked_items"
    __table_args__ = (
        _one_of("kind", ITEM_KINDS),
        _one_of("scope", SCOPES),
        _one_of("delivery_confidence", DELIVERY_CONFIDENCES),
        _one_of("status", ITEM_STATUSES),
        CheckConstraint("activity_level BETWEEN 1 AND 4", name="activity_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(50), unique=True)
    source_report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    source_report: Mapped[str | None] = mapped_column(Text)
    source_published: Mapped[date | None] = mapped_column(Date)
    source_year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    action_required: Mapped[str | None] = mapped_column(Text)
    original_deadline: Mapped[date | None] = mapped_column(Date)
    current_deadline: Mapped[date | None] = mapped_column(Date)
    addressees: Mapped[list[Any]] = mapped_column(default=list)
    applies_to_forces: Mapped[bool] = mapped_column(Boolean, default=False)
    scope: Mapped[str] = mapped_column(String(10), default="national")
    activity_level: Mapped[int | None] = mapped_column(Integer)
    paf_area: Mapped[str | None] = mapped_column(String(10))
    chief_officer_lead: Mapped[str | None] = mapped_column(String(200))
    delivery_lead: Mapped[str | None] = mapped_column(String(200))
    delivery_confidence: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="open")
    evidence: Mapped[str | None] = mapped_column(Text)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("tracked_items.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer)

    report: Mapped[Report | None] = relationship(foreign_keys=[source_report_id])
    superseded_by: Mapped[TrackedItem | None] = relationship(
        remote_side=[id], foreign_keys=[superseded_by_id]
    )
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="item", order_by="(ProgressUpdate.at, ProgressUpdate.id)",
        viewonly=True)

    @property
    def latest_update(self) -> ProgressUpdate | None:
        """The most recent progress update, or None."""
        return self.updates[-1] if self.updates else None

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return (f"TrackedItem(id={self.id!r}, reference={self.reference!r}, "
                f"status={self.status!r})")


class ReferenceCounter(Base):
    """The last number given to a tracked item's reference under a prefix ("HMI-2025").

    Numbers only go up, so a reference is never given twice, even after its item is removed;
    taking the next one updates this row, which makes reviewers who accept at the same
    moment wait for each other instead of computing the same reference.
    """

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(50), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"ReferenceCounter({self.prefix!r}, {self.last_number!r})"


class ProgressUpdate(Base):
    """A dated, authored note of progress on a tracked item. Updates are only ever added."""

    __tablename__ = "progress_updates"
    __table_args__ = (_one_of("source", UPDATE_SOURCES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tracked_item_id: Mapped[int] = mapped_column(ForeignKey("tracked_items.id"), index=True)
    at: Mapped[datetime] = mapped_column()
    author: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="page")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[TrackedItem] = relationship(back_populates="updates")

    def __repr__(self) -> str:
        return (f"ProgressUpdate(id={self.id!r}, tracked_item_id={self.tracked_item_id!r}, "
                f"at={self.at!r})")


class Link(Base):
    """A relation between two tracked items: ``from`` same_as/supersedes/depends_on ``to``."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("from_item_id", "to_item_id", "relation"),
        _one_of("relation", LINK_RELATIONS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_item_id: Mapped[int] = mapped_column(ForeignKey("tracked_items.id"))
    to_item_id: Mapped[int] = mapped_column(ForeignKey("tracked_items.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    from_item: Mapped[TrackedItem] = relationship(foreign_keys=[from_item_id])
    to_item: Mapped[TrackedItem] = relationship(foreign_keys=[to_item_id])

    def __repr__(self) -> str:
        return (f"Link({self.from_item_id!r} {self.relation} {self.to_item_id!r})")


class AuditEvent(Base):
    """Who did what to which row, and the row before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column()
    after: Mapped[dict[str, Any] | None] = mapped_column()

    def __repr__(self) -> str:
        return (f"AuditEvent(id={self.id!r}, action={self.action!r}, "
                f"{self.entity_type}={self.entity_id!r}, actor={self.actor!r})")


class MatchDecision(Base):
    """A person's decision on one match suggestion: a labelled pair for recalibration."""

    __tablename__ = "match_decisions"
    __table_args__ = (_one_of("chosen_relation", CHOSEN_RELATIONS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    tracked_item_id: Mapped[int] = mapped_column(ForeignKey("tracked_items.id"), index=True)
    suggested_relation: Mapped[str | None] = mapped_column(String(20))
    chosen_relation: Mapped[str] = mapped_column(String(20))
    score: Mapped[float | None] = mapped_column(Float)
    band: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[dict[str, Any] | None] = mapped_column()
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return (f"MatchDecision(draft_id={self.draft_id!r}, "
                f"tracked_item_id={self.tracked_item_id!r}, chosen={self.chosen_relation!r})")


class ApiToken(Base):
    """A bearer token a program uses to call the API; only the SHA-256 of the token is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return (f"ApiToken(id={self.id!r}, user_id={self.user_id!r}, name={self.name!r}, "
                f"prefix={self.prefix!r})")
