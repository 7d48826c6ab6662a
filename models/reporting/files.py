"""Files made from the reporting data (``models.reporting``): XLSX workbooks, a PDF pack, an
SVG chart and an iCalendar feed. Each function takes the JSON-ready data and returns the
file's bytes (the SVG as text); none reads the database.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from hmic_actions.vocab import KIND_SHORT_LABELS

__all__ = ["deadlines_ics", "live_activity_xlsx", "monthly_chart_svg", "pack_pdf", "pack_xlsx"]

PACK_SHEETS = ("For force action", "For information")
# Column title, width (characters), and how to get the value from a pack entry.
PACK_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Kind", 18), ("Number", 8), ("Item", 70), ("Page", 6), ("Decision", 12),
    ("Tracked item", 16), ("Deadline", 12), ("Deadline basis", 14), ("Addressees", 28),
    ("PAF area", 10), ("Suggested Chief Officer lead", 28), ("Suggested activity level", 10),
    ("Level rule", 40), ("Matches", 45), ("Proposed superseding", 30),
)
DEPENDENCY_COLUMNS = (("Item", 22), ("Depends on", 22), ("Phrase", 70))
DATE_FORMAT = "dd/mm/yyyy"
# Colours chosen for contrast on white and from each other (Okabe–Ito, darkened).
CHART_COLOURS = {"recommendation": "#0057a3", "area_for_improvement": "#b35c00",
                 "cause_of_concern": "#a3004e", "super_complaint": "#00735a"}
_FORMULA_START = ("=", "+", "-", "@")


def _label(kind: str | None) -> str:
    return KIND_SHORT_LABELS.get(kind or "", kind or "")


def _item_name(kind: str | None, number: str | None) -> str:
    return f"{_label(kind)} {number}" if number else _label(kind)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _matches_text(entry: Mapping[str, Any], superseding_apart: bool = False) -> str:
    """Each match in words: "Probably the same as HMI-2024-0007 (score 82): same subject"
    (with ``superseding_apart``, those proposed as superseded are left to their own list)."""
    parts = []
    for match in entry["matches"]:
        if superseding_apart and match["relation"] == "supersedes":
            continue
        why = "; ".join(match["reasons"][:3])
        score = f" (score {round(match['score'])})" if isinstance(
            match["score"], int | float) else ""
        label = match["label"]
        parts.append(f"{label[:1].upper()}{label[1:]}{score}" + (f": {why}" if why else ""))
    return "\n".join(parts)


def _superseding_text(entry: Mapping[str, Any]) -> str:
    return "\n".join(s["label"] for s in entry["superseding"])


def _decision_text(entry: Mapping[str, Any]) -> str:
    return entry["decision"]["label"]


def _pack_row(entry: Mapping[str, Any]) -> list[Any]:
    tracked = entry["decision"]["tracked_item"]
    level = entry["activity_level"] or {}
    paf = entry["paf"] or {}
    return [
        _label(entry["kind"]), entry["number"] or "", entry["text"], entry["page"],
        _decision_text(entry), tracked["reference"] if tracked else "",
        _date(entry["deadline"]), entry["deadline_source"] or "",
        ", ".join(entry["addressee_names"]),
        paf.get("area") or "", entry["chief_officer_lead"] or "", level.get("level"),
        level.get("why") or "", _matches_text(entry), _superseding_text(entry),
    ]


def _sheet(workbook: Any, title: str, columns: Sequence[tuple[str, int]],
           rows: Iterable[Sequence[Any]], first: bool = False) -> Any:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append([name for name, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"  # text that starts with "=" stays text, not a formula
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _save(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _dependency_rows(pack: Mapping[str, Any]) -> list[list[str]]:
    return [[_item_name(d["item"]["kind"], d["item"]["number"]),
             _item_name(d["depends_on"]["kind"], d["depends_on"]["number"]), d["phrase"]]
            for d in pack["dependencies"]]


def pack_xlsx(pack: Mapping[str, Any]) -> bytes:
    """The plenary pack as a workbook: "For force action", "For information", "Dependencies"."""
    from openpyxl import Workbook

    workbook = Workbook()
    _sheet(workbook, PACK_SHEETS[0], PACK_COLUMNS, map(_pack_row, pack["for_action"]),
           first=True)
    _sheet(workbook, PACK_SHEETS[1], PACK_COLUMNS, map(_pack_row, pack["for_information"]))
    _sheet(workbook, "Dependencies", DEPENDENCY_COLUMNS, _dependency_rows(pack))
    return _save(workbook)


def live_activity_xlsx(table: Mapping[str, Any]) -> bytes:
    """The live-activity table as a one-sheet workbook, with a totals row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    rows = [[r["label"], r["local"], r["national"], r["total"]] for r in table["rows"]]
    totals = table["totals"]
    rows.append(["Total", totals["local"], totals["national"], totals["total"]])
    sheet = _sheet(workbook, "Live activity", (("Live activity", 34), ("Local", 10),
                                               ("National", 10), ("Total", 10)), rows,
                   first=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.cell(row=sheet.max_row + 2, column=1, value=f"As of {table['as_of']}")
    return _save(workbook)


# --- PDF -----------------------------------------------------------------------------------


def _para(text: Any, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    escaped = html.escape(str(text if text is not None else ""), quote=False)
    return Paragraph(escaped.replace("\n", "<br/>"), style)


def _pdf_date(value: str | None) -> str:
    return date.fromisoformat(value).strftime("%d %b %Y") if value else ""


def pack_pdf(pack: Mapping[str, Any]) -> bytes:
    """The plenary pack as an A4 landscape PDF: title, report, date, a table per section."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    head = cell.clone("head", fontName="Helvetica-Bold")
    report = pack["report"]
    title = report["title"] or report["file_name"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm,
                                 rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                                 title=f"Plenary pack: {title}", author="hmic-actions")
    story: list[Any] = [
        _para("Plenary pack", styles["Title"]),
        _para(title, styles["Heading2"]),
        _para(f"Published {_pdf_date(report['published']) or 'date not known'} · "
              f"pack made {_pdf_date(pack['generated_at'][:10])} · "
              f"{pack['counts']['for_action']} for force action, "
              f"{pack['counts']['for_information']} for information, "
              f"{pack['counts']['pending']} pending", styles["Normal"]),
        Spacer(1, 4 * mm),
    ]
    widths = [w * mm for w in (28, 70, 22, 24, 32, 34, 63)]
    style = TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3b57")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#8a8a8a")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f6")]),
    ])
    white_head = head.clone("white_head", textColor=colors.white)
    headers = ("Item", "Text", "Deadline", "Decision", "PAF area / suggested lead",
               "Suggested level", "Matches")
    for heading, entries in (("For force action", pack["for_action"]),
                             ("For information", pack["for_information"])):
        story.append(_para(f"{heading} ({len(entries)})", styles["Heading3"]))
        if not entries:
            story += [_para("None.", styles["Normal"]), Spacer(1, 3 * mm)]
            continue
        rows = [[_para(h, white_head) for h in headers]]
        for e in entries:
            level = e["activity_level"] or {}
            deadline = _pdf_date(e["deadline"])
            if e["deadline_source"] in ("proposed", "immediate"):
                deadline = f"{deadline} ({e['deadline_source']})".strip()
            paf = (e["paf"] or {}).get("area") or ""
            superseding = _superseding_text(e)
            rows.append([
                _para(_item_name(e["kind"], e["number"]), cell), _para(e["text"], cell),
                _para(deadline, cell), _para(_decision_text(e), cell),
                _para(f"{paf}\n{e['chief_officer_lead'] or ''}".strip(), cell),
                _para(f"{level.get('level', '')}\n{level.get('why', '')}".strip(), cell),
                _para("\n".join(t for t in (superseding, _matches_text(e, True)) if t),
                      cell)])
        story += [LongTable(rows, colWidths=widths, repeatRows=1, style=style),
                  Spacer(1, 4 * mm)]
    if pack["dependencies"]:
        story.append(_para(f"Dependencies ({len(pack['dependencies'])})", styles["Heading3"]))
        rows = [[_para(h, white_head) for h, _ in DEPENDENCY_COLUMNS]]
        rows += [[_para(v, cell) for v in row] for row in _dependency_rows(pack)]
        story.append(LongTable(rows, colWidths=[50 * mm, 50 * mm, 173 * mm], repeatRows=1,
                               style=style))
    document.build(story)
    return buffer.getvalue()


# --- SVG chart -----------------------------------------------------------------------------


def monthly_chart_svg(series: Mapping[str, Any]) -> str:
    """Live items by kind at each month end as stacked bars, an accessible SVG document."""
    months = series["months"]
    kinds = [k["kind"] for k in series["kinds"]]
    width, height = max(480, 90 + 36 * len(months)), 340
    left, right, top, bottom = 56, 16, 40, 92
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((m["total"] for m in months), default=0)
    step = _nice_step(peak)
    top_value = max(step, -(-peak // step) * step)
    scale = plot_h / top_value
    bar = plot_w / max(1, len(months))
    esc = html.escape
    summary = "; ".join(f"{m['month']}: {m['total']}" for m in months)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="title desc" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="title">Live items by kind, {esc(series["from"])} to '
        f'{esc(series["to"])}</title>',
        f'<desc id="desc">Stacked bars of live items at each month end. Totals: '
        f'{esc(summary)}.</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for value in range(0, top_value + 1, step):
        y = top + plot_h - value * scale
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                   f'stroke="#d0d0d0" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="#222222">{value}</text>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" '
               f'stroke="#222222"/>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" '
               f'y2="{top + plot_h}" stroke="#222222"/>')
    out.append(f'<text x="14" y="{top + plot_h / 2:.1f}" fill="#222222" text-anchor="middle" '
               f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">Live items</text>')
    for i, month in enumerate(months):
        x = left + i * bar + bar * 0.15
        y = top + plot_h
        for kind in kinds:
            count = month["counts"].get(kind, 0)
            if not count:
                continue
            h = count * scale
            y -= h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar * 0.7:.1f}" '
                       f'height="{h:.1f}" fill="{CHART_COLOURS[kind]}">'
                       f'<title>{esc(month["month"])}: {count} {esc(_label(kind))}</title>'
                       f'</rect>')
        cx = left + i * bar + bar / 2
        out.append(f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="end" '
                   f'fill="#222222" transform="rotate(-45 {cx:.1f} {top + plot_h + 14})">'
                   f'{esc(month["month"])}</text>')
    x = left
    for kind in kinds:
        out.append(f'<rect x="{x}" y="12" width="12" height="12" '
                   f'fill="{CHART_COLOURS[kind]}"/>')
        out.append(f'<text x="{x + 16}" y="22" fill="#222222">{esc(_label(kind))}</text>')
        x += 30 + 7 * len(_label(kind))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _nice_step(peak: int) -> int:
    """A gridline step giving at most about six lines up to ``peak``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak / step <= 6:
            return step
    return 10 ** len(str(peak // 6))


# --- iCalendar -----------------------------------------------------------------------------


def deadlines_ics(items: Iterable[Any], stamp: datetime) -> bytes:
    """An iCalendar feed: one all-day event per item on its current deadline.

    ``items`` are tracked items (or objects with their fields); the UID is stable per item
    (``item-<id>@hmic-actions``) so calendar programs update events in place. ``stamp`` is
    the DTSTAMP of an item without an update time.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//hmic-actions//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "HMICFRS item deadlines")
    for item in items:
        deadline = item.current_deadline
        event = Event()
        event.add("uid", f"item-{item.id}@hmic-actions")
        event.add("dtstamp", getattr(item, "updated_at", None) or stamp)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + timedelta(days=1))
        event.add("summary", f"{item.reference}: {_item_name(item.kind, item.number)}")
        lead = item.chief_officer_lead or "none"
        event.add("description", f"{item.text}\n\nChief Officer lead: {lead}\n"
                                 f"Status: {item.status}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
