"""Speed, memory and agreement of reconciliation against brute-force rapidfuzz, in one run.

Builds tracked items in the style of the gold set (``samples/matching/gold.json``): its
tracked items, then synthetic ones made of the same kinds of sentences (deadline, the bodies
told to act, action phrases taken from the gold items and recombined, places and operation
names). The first 50 new items of the gold set are matched against 1,000, 10,000 and 100,000
tracked items. For each size it prints:

- the index build time, separately from the query time for the 50 items;
- brute force on the same data in the same run: ``rapidfuzz.process.cdist`` with
  ``token_set_ratio`` and ``workers=-1``, over the normalised content strings the index
  compares (measured at every size) and over the raw item texts (measured up to 10,000 and
  estimated at 100,000 from the 10,000 slice, unless ``--brute-full``);
- how often our top candidate is brute force's best on the content strings (ties count), how
  often that best is among our 5 candidates, and, for the new items that have a labelled
  tracked item, how often each method puts the labelled item on top;
- up to 10,000 items, how often the prefilter kept the top candidate that the same fine
  scoring finds when it scores every tracked item (what the prefilter loses);
- the memory the index took (growth of the resident set while building) and the peak.

Usage: ``python bench/match_speed.py [--sizes 1000 10000 100000] [--brute-full]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from matching.evaluate import load_gold
from matching.index import MatchIndex
from matching.items import ItemText
from matching.settings import Thresholds
from matching.text import content_string, content_terms

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "samples" / "matching" / "gold.json"
QUERIES = 50
BRUTE_LIMIT = 10_000

SUBJECTS = {
    "chief_constables": ["chief constables", "all chief constables", "the force", "forces",
                         "all police forces"],
    "college_of_policing": ["the College of Policing"],
    "home_office": ["the Home Office"],
    "npcc": ["the National Police Chiefs' Council"],
    "nca": ["the National Crime Agency"],
    "cps": ["the Crown Prosecution Service"],
    "pccs": ["police and crime commissioners"],
    "fire_and_rescue_services": ["chief fire officers"],
}
MONTHS = ["January", "March", "April", "June", "July", "September", "October", "December"]
TOPICS = ["Stalking", "Vetting", "Custody", "Fraud", "Domestic abuse", "Crime data integrity",
          "Missing children", "Roads policing", "Firearms licensing", "Digital forensics",
          "Neighbourhood policing", "Contact management", "Child protection", "Hate crime",
          "Serious violence", "Mental health", "Counter-corruption", "Rape investigations"]
SYLLABLES = ["nor", "th", "moor", "east", "field", "west", "brook", "ham", "ton", "ley", "wick",
             "shire", "dale", "by", "ford", "mere", "stow", "bury", "kes", "trel", "fal", "con",
             "ash", "wood", "pen", "rith", "cal", "der", "vale", "hurst"]


def rss_mib() -> float:
    """The current resident set of this process, in MiB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_items(base: list[ItemText], count: int, seed: int) -> list[ItemText]:
    """``count`` tracked items in the style of ``base``, made of recombined action phrases."""
    rng = random.Random(seed)
    phrases = []
    for item in base:
        action = item.text.split(" should ", 1)[-1].rstrip(".").split()
        phrases += [" ".join(action[i:i + 4]) for i in range(0, len(action), 4)]

    def name(parts: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(parts)).title()

    places = [name(3) for _ in range(3000)]
    operations = [name(2) for _ in range(2000)]
    titles = [(f"{rng.choice(TOPICS)}: an inspection of {rng.choice(places)} Police",
               date(rng.randint(2014, 2025), rng.randint(1, 12), rng.randint(1, 28)))
              for _ in range(4000)]
    items = []
    for i in range(count):
        body = rng.choice(list(SUBJECTS)) if rng.random() < 0.3 else "chief_constables"
        subject = rng.choice(SUBJECTS[body])
        title, published = rng.choice(titles)
        roll = rng.random()
        if roll < 0.7:
            lead = f"By {rng.randint(1, 28)} {rng.choice(MONTHS)} {published.year + 1}, {subject}"
        elif roll < 0.75:
            lead = f"Within six months, {subject}"
        else:
            lead = subject[0].upper() + subject[1:]
        action = " ".join(rng.choice(phrases) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.5:
            action += f" in {rng.choice(places)}"
        if rng.random() < 0.2:
            action += f", including through Operation {rng.choice(operations)}"
        kind = rng.choices(["recommendation", "area_for_improvement", "cause_of_concern"],
                           weights=[60, 35, 5])[0]
        items.append(ItemText(
            id=f"S{i:06d}", text=f"{lead} should {action}.", kind=kind,
            number=str(rng.randint(1, 12)) if kind == "recommendation" else None,
            origin="this_report", addressees=[body], source_title=title,
            source_published=published, status=rng.choice(["open", "in_progress", "completed"])))
    return items


def measure(size: int, tracked: list[ItemText], queries: list[ItemText],
            labels: list[str | None], raw_per_item: float | None, brute_full: bool) -> dict:
    """Build, query and compare with brute force at one size."""
    items = tracked[:size]
    gc.collect()
    before = rss_mib()
    start = time.perf_counter()
    index = MatchIndex(items, thresholds=Thresholds())
    build = time.perf_counter() - start
    index_mib = rss_mib() - before

    index.suggest(ItemText(id="warm-up", text="Chief constables should warm up the index."))
    start = time.perf_counter()
    results = [index.suggest(q) for q in queries]
    query = time.perf_counter() - start
    row: dict = {"size": size, "build": build, "query": query, "index_mib": index_mib}

    row["kept"] = None
    if size <= BRUTE_LIMIT:  # what the prefilter loses: the same scoring over everything
        full = MatchIndex(items, thresholds=Thresholds(prefilter=min(size, 10_000)))
        exhaustive = [full.suggest(q) for q in queries]
        row["kept"] = sum((r.top and r.top.tracked_id) == (e.top and e.top.tracked_id)
                          for r, e in zip(results, exhaustive, strict=True))
        del full

    query_strings = [content_string(content_terms(q.text)) for q in queries]
    tracked_strings = [content_string(content_terms(t.text)) for t in items]
    start = time.perf_counter()
    matrix = process.cdist(query_strings, tracked_strings, scorer=fuzz.token_set_ratio,
                           workers=-1, dtype=np.uint8)
    row["brute"] = time.perf_counter() - start
    position = {t.id: i for i, t in enumerate(items)}
    agree = in_top5 = ours_right = brute_right = labelled = 0
    for r, scores, label in zip(results, matrix, labels, strict=True):
        best = scores.max()
        ours = [position[c.tracked_id] for c in r.candidates]
        agree += bool(ours) and scores[ours[0]] == best
        in_top5 += any(scores[j] == best for j in ours)
        if label is not None:
            labelled += 1
            ours_right += bool(ours) and items[ours[0]].id == label
            brute_right += int(scores[position[label]] == best)
    row.update(agree=agree, in_top5=in_top5, ours_right=ours_right, brute_right=brute_right,
               labelled=labelled)
    del matrix

    if size <= BRUTE_LIMIT or brute_full:
        texts = [t.text for t in items]
        start = time.perf_counter()
        process.cdist([q.text for q in queries], texts, scorer=fuzz.token_set_ratio,
                      workers=-1, dtype=np.uint8)
        row["raw"] = time.perf_counter() - start
        row["raw_estimated"] = False
    else:
        row["raw"] = raw_per_item * size
        row["raw_estimated"] = True
    del index, results
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--brute-full", action="store_true",
                        help="measure brute force at every size instead of estimating above 10k")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    gold = load_gold(GOLD)
    queries = [case.item for case in gold.cases[:QUERIES]]
    tracked = list(gold.tracked)
    tracked += synthetic_items(gold.tracked, max(args.sizes) - len(tracked), args.seed)
    print(f"{len(queries)} new items from {GOLD.relative_to(REPO)} against tracked items in its "
          f"style; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}\n")

    labels = [case.tracked for case in gold.cases[:QUERIES]]
    rows = []
    raw_per_item = None
    for size in sorted(args.sizes):
        row = measure(size, tracked, queries, labels, raw_per_item, args.brute_full)
        if not row["raw_estimated"]:
            raw_per_item = row["raw"] / size
        rows.append(row)

    n = len(queries)
    head = (f"{'tracked':>8}  {'build s':>7}  {'query s':>7}  {'ms/item':>7}  "
            f"{'brute s':>7}  {'faster':>6}  {'raw s':>7}  {'faster':>6}  "
            f"{'top=brute':>9}  {'in 5':>5}  {'kept':>5}  {'right':>9}  {'index MiB':>9}")
    print(head)
    print("-" * len(head))
    for row in rows:
        raw = f"{row['raw']:.2f}" + ("*" if row["raw_estimated"] else "")
        kept = "-" if row["kept"] is None else f"{row['kept']}"
        right = f"{row['ours_right']}|{row['brute_right']}/{row['labelled']}"
        print(f"{row['size']:>8,}  {row['build']:>7.2f}  {row['query']:>7.3f}  "
              f"{1000 * row['query'] / n:>7.1f}  {row['brute']:>7.2f}  "
              f"{row['brute'] / row['query']:>5.0f}x  {raw:>7}  "
              f"{row['raw'] / row['query']:>5.0f}x  "
              f"{row['agree']:>6}/{n}  {row['in_top5']:>5}  {kept:>5}  {right:>9}  "
              f"{row['index_mib']:>9.1f}")
    print(f"""
query s: the {n} new items; build s: the index, timed apart. brute s: cdist token_set_ratio
(workers=-1) over the same content strings; raw s: cdist over the raw texts{
    " (* estimated from the measured 10,000 slice; --brute-full measures it)"
    if any(r["raw_estimated"] for r in rows) else ""}.
top=brute: our top candidate is brute force's best on the content strings (ties count);
in 5: brute force's best is among our 5 candidates; kept: of {n}, the prefilter kept the top
candidate of the same scoring run over every tracked item; right: of the new items that have
a labelled tracked item, how often it is our top candidate | among brute force's best (ties
count, so brute force is favoured).""")
    print(f"peak memory of this process: {peak_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
