"""The long report for the benchmarks: a sample-style report of about N pages.

Chapters of findings built from fixed sentence tables by a seeded random generator (so the
same ``pages`` gives the same bytes), with a contents page, footnotes, recommendations
(every other one boxed) and areas for improvement, laid out by ``samples.layout``. It is not
committed; ``bench/`` and the tests build it where they need it::

    from samples.long_report import build_long_report
    build_long_report(Path("/tmp/long.pdf"), pages=100)
"""

from __future__ import annotations

import random
from pathlib import Path

from samples.layout import Doc, Theme, cover

_TOPICS = [
    "Crime recording", "Domestic abuse", "Stalking and harassment", "Police custody",
    "Vetting and counter-corruption", "Neighbourhood policing", "Fraud",
    "Child criminal exploitation", "Missing people", "Roads policing",
    "Contact management", "Serious violence",
]
_SENTENCES = [
    "We reviewed a sample of cases in each force we visited.",
    "Officers and staff were committed to giving victims a good service.",
    "Supervisors did not always review the work of their teams often enough.",
    "The force had a clear plan, but it had not yet been put into practice.",
    "Partner agencies told us that the force was a reliable and willing partner.",
    "Data about demand was incomplete, which made it hard for leaders to plan.",
    "Some teams carried heavy workloads, and several investigators told us they felt "
    "overwhelmed.",
    "Victims we spoke to were generally positive about the officers who dealt with them.",
    "Training had improved since our last inspection, although not every officer had "
    "completed it.",
    "The quality of risk assessments varied between departments.",
    "Leaders had recognised the problem and had begun work to address it.",
    "In several cases, there was no record that the victim had been kept informed.",
    "The force used its performance framework to hold managers to account.",
    "We found good examples of problem-solving in neighbourhood teams.",
    "Information was not always shared promptly with other agencies.",
    "The use of technology to support investigations was limited.",
]
_ADDRESSEES = [
    "chief constables", "the Home Office", "the College of Policing",
    "the National Police Chiefs\u2019 Council", "police and crime commissioners",
    "the National Crime Agency",
]
_DEADLINES = ["By 31 March 2026, ", "By September 2026, ", "By the end of 2026, ",
              "Within six months, ", "With immediate effect, ", ""]
_ACTIONS = [
    "make sure that every investigation is supervised in line with national guidance",
    "review the training given to frontline officers and staff",
    "publish data about the outcomes achieved for victims",
    "improve the quality of the information shared with partner agencies",
    "make sure that risk assessments are completed and reviewed promptly",
    "agree a national standard for recording this information",
]


def _long_doc(chapters: int, seed: int = 7) -> Doc:
    """The long report with ``chapters`` chapters, not yet laid out."""
    rnd = random.Random(seed)
    t = Theme(header="Sample long report: inspection findings", footer_left="HMICFRS")
    title = "An inspection of police effectiveness: a long sample report"
    doc = Doc(t, title)
    cover(doc, title, "Published: 1 December 2025")
    doc.heading("Contents", outline=False)
    contents_at = len(doc.lines)
    doc.page_break()
    keys: list[tuple[str, str]] = []
    rec = afi = 0

    def sentences(n: int) -> str:
        return " ".join(rnd.choice(_SENTENCES) for _ in range(n))

    for ch in range(chapters):
        name = f"{ch + 1}. {_TOPICS[ch % len(_TOPICS)]}"
        keys.append((name, doc.heading(name)))
        for sec in range(3):
            doc.heading(f"Findings {ch + 1}.{sec + 1}", level=2)
            for k in range(rnd.randint(3, 5)):
                text = sentences(rnd.randint(3, 6))
                if k == 1:
                    text = text[:-1] + ".{fn:" + sentences(1) + "}"
                doc.para(text)
            if sec == 1:
                rec += 1
                who = rnd.sample(_ADDRESSEES, rnd.randint(1, 2))
                deadline = rnd.choice(_DEADLINES)
                subject = " and ".join(who)
                text = f"{deadline}{subject} should {rnd.choice(_ACTIONS)}."
                boxed = rec % 2 == 0
                if boxed:
                    doc.box_start()
                doc.heading(f"Recommendation {rec}", level=3, outline=False,
                            before=0 if boxed else None)
                doc.para(text[0].upper() + text[1:], before=3)
                if boxed:
                    doc.box_end()
            if sec == 2 and ch % 3 == 0:
                afi += 1
                doc.item(f"Area for improvement {afi}", f"The force should {rnd.choice(_ACTIONS)}.")
        doc.page_break()
    doc.contents(keys, at=contents_at)
    return doc


def build_long_report(path: Path, pages: int = 100) -> Path:
    """Write a sample-style report of about ``pages`` pages to ``path``; return the path."""
    chapters = max(1, pages // 8)
    doc = _long_doc(chapters)
    doc.paginate()
    # Scale the number of chapters from a first small build, then step to the nearest fit.
    per_chapter = max(1.0, (doc.page_count - 2) / chapters)
    chapters = max(1, round((pages - 2) / per_chapter))
    best: Doc | None = None
    for n in (chapters - 1, chapters, chapters + 1):
        if n < 1:
            continue
        candidate = _long_doc(n)
        candidate.paginate()
        if best is None or abs(candidate.page_count - pages) < abs(best.page_count - pages):
            best = candidate
    assert best is not None
    return best.save(path)
