"""Platypus thematic on digital forensics: justified text with small paragraph gaps, a platypus
table of contents, the recommendations listed in a summary near the front and again, boxed,
in the chapters, endnote markers (one inside a recommendation), an unknown addressee.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from samples.flow import FlowDoc, FlowPara, flow_box, flow_chrome, flow_cover, flow_styles, fpara


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    title = ("Unlocking the evidence: An inspection of how police forces examine digital "
             "devices")
    path = outdir / "thematic_digital_forensics.pdf"
    doc = FlowDoc(path, title, pagesize=A4, leftMargin=62, rightMargin=62, topMargin=66,
                  bottomMargin=62)
    st = flow_styles()
    body, h1, h2, label = st["body"], st["h1"], st["h2"], st["label"]
    width = A4[0] - 124

    def p(text: str, tag: str | None = None) -> FlowPara:
        return fpara(text, body, tag=tag)

    recs = [
        "By 31 July 2026, chief constables should make sure that their forces have a triage "
        "process for every digital device seized in an investigation, so that the devices "
        "most likely to hold evidence are examined first.",
        "By 30 September 2026, the National Police Chiefs\u2019 Council and the College of "
        "Policing should publish national guidance on the selective extraction of data from "
        "mobile telephones, which takes account of the privacy of victims and witnesses.",
        "By 31 December 2026, the Home Office should work with the National Police Chiefs\u2019 "
        "Council to develop a national procurement framework for digital forensic tools, so "
        "that forces no longer buy the same software separately.",
        "The Forensic Science Regulator{note} should publish a timetable for the accreditation "
        "of the digital forensic units of police forces, and chief constables should make sure "
        "that their units meet it.",
        "By March 2027, police and crime commissioners should make sure that the services they "
        "commission for victims of crime include practical support for victims whose mobile "
        "telephones are kept as evidence.",
        "Within six months of the publication of this report, chief constables should review "
        "the welfare support they give to digital forensic examiners, who are regularly "
        "exposed to distressing material.",
    ]
    notes = [
        "Our fieldwork forces are listed in About our inspection.",
        "The Forensic Science Regulator is the statutory regulator of forensic science in "
        "England and Wales.",
        "Data provided by forces, at 31 March 2025.",
        "Authorised professional practice: Extraction of material from digital devices.",
        "The Data Protection Act 2018, Part 3, governs processing for law enforcement purposes.",
        "Forensic Science Regulator, Code of practice, 2023.",
        "Examiners also review material for other units, such as those investigating online "
        "child sexual abuse.",
    ]

    def sup(n: int) -> str:
        return f"<super rise=\"3.6\" size=\"6.8\">{n}</super>"

    story: list[Flowable] = [
        *flow_cover(st, title, "Published 14 January 2026",
                    kicker="National thematic inspection", title_gap=10),
        PageBreak(),
        fpara("Contents", h1),
    ]
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [ParagraphStyle("toc0", fontName="Helvetica", fontSize=10.5,
                                      leading=16, leftIndent=0, firstLineIndent=0),
                       ParagraphStyle("toc1", fontName="Helvetica", fontSize=9.5,
                                      leading=14, leftIndent=16, firstLineIndent=0)]
    story += [toc, PageBreak()]

    story += [
        fpara("Foreword", h1, outline=0),
        p("Almost every crime now leaves a digital trace. A burglar\u2019s route can be "
          "plotted from the location data on a stolen telephone; a fraudster\u2019s messages "
          "can be recovered from a seized laptop; a child\u2019s abuser can be identified from "
          "images kept on a memory card. The evidence held on digital devices has become as "
          "important to many investigations as fingerprints and DNA."),
        p("But the capacity of police forces to examine these devices has not kept pace "
          "with demand. In the forces we inspected, more than 25,000 devices were waiting to "
          "be examined, and some had been waiting for more than a year. Behind each of them "
          "was an investigation on hold, and often a victim who was waiting for justice, or "
          "simply for the return of their only telephone."),
        p("This report sets out what we found and what we believe needs to change. I am "
          "grateful to the forces we inspected, and to the victims and examiners who spoke "
          "to us so candidly."),
        Spacer(1, 6),
        fpara("<b>Roy Benham</b>", st["left"]),
        fpara("His Majesty\u2019s Inspector of Constabulary", st["left"]),
        fpara("Summary", h1, outline=0),
        p("We inspected seven police forces between January and June 2025. We examined 280 "
          "case files in which a digital device had been seized, and we interviewed "
          "investigators, digital forensic examiners, supervisors and chief officers." + sup(1)),
        p("We found that forces were seizing more devices than they could examine, and that "
          "few had an effective way of deciding which devices to examine first. Examiners "
          "were working hard, often in difficult conditions, but their skills were not "
          "always put to best use. Forces bought the same tools separately, at greater cost, "
          "and only two of the units we visited had achieved the accreditation that the "
          "regulator\u2019s code of practice requires."),
        p("Victims were let down. Many had their telephones taken from them for months, and "
          "some told us that this had made them reluctant to report crime again."),
        fpara("Summary of recommendations", h2, outline=1),
        p("We make six recommendations. We list them here, and repeat each of them in the "
          "chapter to which it relates."),
    ]
    for i, text in enumerate(recs, start=1):
        story.append(fpara(f"Recommendation {i}", label))
        story.append(p(text.format(note=sup(2)), tag=f"sum{i}"))

    def boxed(i: int, note: int | None = None) -> Table:
        text = recs[i - 1].format(note=sup(note) if note else "")
        return flow_box([fpara(f"Recommendation {i}", label), p(text)], width, "#e3f0ed",
                        rule="#00574b", tag=f"rec{i}")

    story += [
        PageBreak(),
        fpara("1. Seizing and prioritising devices", h1, outline=0),
        p("Officers seize digital devices in a wide range of investigations, from "
          "harassment to murder. National guidance says that officers should seize a device "
          "only when it is necessary and proportionate to do so, and that they should "
          "consider whether the evidence they need can be obtained in another way."),
        p("In practice, we found that devices were often seized as a matter of routine. In "
          "61 of the 280 cases we reviewed, there was no record of why a device had been "
          "seized, and in 23 the device was never examined at all. The backlog that this "
          "creates is considerable: across the seven forces, 25,400 devices were waiting for "
          "examination." + sup(3)),
        p("Few forces had an effective triage process. In most, devices were examined in "
          "the order in which they arrived, unless an investigator asked for one to be "
          "treated as urgent. Investigators told us that they had learned to ask for "
          "everything to be treated as urgent, which meant that the label had lost its "
          "meaning."),
        p("The best practice we saw was in a force that used a short assessment, completed "
          "by the investigator and reviewed by an examiner, to decide which devices to "
          "examine, in what order and to what depth. Its backlog had fallen by a third in a "
          "year."),
        boxed(1),
        fpara("2. Protecting privacy", h1, outline=0),
        p("A modern telephone holds a great deal of personal information: messages, "
          "photographs, health data and the details of everyone its owner knows. When a "
          "victim or witness hands over their telephone, they are entitled to expect that "
          "the police will look only at what is relevant to the investigation." + sup(4)),
        p("We found that full extractions, in which everything held on a device is copied, "
          "remained the norm. Examiners told us that selective extraction tools were "
          "available but slow, and that they were unsure what the law required of them. "
          "Some victims told us that they had withdrawn their support for a prosecution "
          "rather than hand over their telephone." + sup(5)),
        p("We believe forces should explain to victims, before they hand over a device, "
          "what will be extracted from it and why. The forces that did so had fewer "
          "withdrawals, although the numbers were too small for us to be sure of the "
          "reason."),
        boxed(2),
        PageBreak(),
        fpara("3. Capability and capacity", h1, outline=0),
        p("Each force buys its own forensic tools: software to extract data from devices, "
          "to analyse it and to present it in court. The same products were bought by "
          "every force we inspected, on different terms and at different prices. One force "
          "paid nearly twice as much as another for the same licence."),
        p("Chief officers told us that they would welcome a national approach, but that "
          "previous attempts had failed because no single body had the authority to make "
          "it happen."),
        boxed(3),
        p("Digital forensic units must be accredited to the standard set by the regulator\u2019s "
          "code of practice." + sup(6) + " Only two of the seven units we visited had "
          "achieved accreditation for all the methods they used. The others told us that "
          "the work needed to gain it competed with the work of examining devices, and "
          "that they did not know when they would be expected to finish it."),
        boxed(4, note=7),
        PageBreak(),
        fpara("4. Victims and the workforce", h1, outline=0),
        p("For many victims, their telephone is their connection to friends, family and "
          "work. When it is taken as evidence, they may be left without any means of "
          "contact for months. Victims\u2019 services told us that few of them had the means "
          "to provide replacement telephones, and that victims were rarely told how long "
          "their own would be kept."),
        boxed(5),
        p("Digital forensic examiners see some of the most distressing material in any "
          "investigation, including images of the sexual abuse of children." + sup(8) + " "
          "Most units offered psychological screening, but attendance was voluntary and "
          "often low, and examiners told us that their managers rarely asked how they were "
          "coping."),
        boxed(6),
        fpara("About our inspection", h1, outline=0),
        p("We inspected Ashbourne Police, Eastfield Constabulary, Harrowgate Police, Kingsmere "
          "Police, Northmoor Police, Southdown Constabulary and Wyvern Constabulary. In each "
          "force we reviewed case files, interviewed officers and staff, and visited the "
          "digital forensic unit."),
    ]
    facts = Table([["Activity", "Number"], ["Case files reviewed", "280"],
                   ["Interviews and focus groups", "166"], ["Forensic units visited", "7"],
                   ["Victims interviewed", "24"]], colWidths=[width * 0.7, width * 0.3])
    facts.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9.5),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#d6e6e2")),
        ("GRID", (0, 0), (-1, -1), 0.5, HexColor("#7a8a86")),
    ]))
    story += [facts, Spacer(1, 8), fpara("References", h2, outline=1)]
    # Every marker printed above has its note here (the summary and the chapter copies of
    # recommendation 4 carry markers 2 and 7).
    all_notes = [notes[0], notes[1], notes[2], notes[3], notes[4], notes[5], notes[1],
                 notes[6]]
    for n, text in enumerate(all_notes, start=1):
        story.append(fpara(f"{n}&nbsp;&nbsp;{text}", st["small"]))

    chrome = flow_chrome("Unlocking the evidence: digital forensics inspection",
                         footer="HMICFRS")
    doc.multiBuild(story, onFirstPage=chrome, onLaterPages=chrome)
    doc.require_pages("sum1", [3])
    doc.require_pages("rec4", [doc.tag_pages["rec3"][0]])
    return path
