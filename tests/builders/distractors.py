"""Tracked items that look like the real thing but are about something else: distractors.

:func:`distractors` builds, deterministically from a seed, items in the style of inspection
reports from 2013 to 2025 — national thematic recommendations to chief constables and
national bodies, and areas for improvement of reports on one force — on topics that overlap
those of real items: child exploitation, problem profiles, data returns, record management
systems, definitions, guidance, templates, training, custody data, vetting, stalking,
domestic abuse, named operations and programmes. Many share the generic words of real items
("problem profile", "data", "chief constables", "guidance") while asking for something else.
Each item is a plain dict (id, text, kind, number, addressees, source_title, source_year,
deadline as ISO or None), ready for ``ItemText.from_dict`` or a tracker CSV.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from hmic_actions.dates import last_day_of_month

# Bodies told to act, as the extractor names them (hmic_actions/data/addressees.toml), with
# the ways reports write them.
SUBJECTS = {
    "chief_constables": ["all chief constables", "chief constables", "all police forces",
                         "forces"],
    "college_of_policing": ["the College of Policing"],
    "npcc": ["the National Police Chiefs' Council", "the NPCC lead for this area"],
    "home_office": ["the Home Office"],
    "nca": ["the National Crime Agency"],
    "dfe": ["the Department for Education"],
    "pccs": ["police and crime commissioners"],
    "cps": ["the Crown Prosecution Service"],
    "police_digital_service": ["the Police Digital Service"],
    "local_authorities": ["local authorities"],
}
NATIONAL = ["college_of_policing", "npcc", "home_office", "nca", "police_digital_service"]

# Named programmes and operations of the kind reports mention, all invented.
OPERATIONS = ["Operation Bluestone", "Operation Harbourlight", "Operation Kestrel Watch",
              "Operation Marlow", "Operation Tenfold", "Operation Quayside", "Operation Ashgrove",
              "Operation Lanyard", "Operation Fernhill", "Operation Stillwater"]
PROGRAMMES = ["the Clearwater Programme", "the Pathfinder Programme", "Project Lantern",
              "the Safer Streets Data Programme", "the Northgate Partnership Programme",
              "Project Beacon", "the Harbour Programme", "the Threshold Initiative"]

# topic -> (report title, asks of forces, asks of national bodies, purposes)
TOPICS: dict[str, tuple[str, list[str], list[str], list[str]]] = {
    "county lines": (
        "County lines and child criminal exploitation: a thematic inspection",
        [
            "update their serious violence problem profiles to include county lines activity",
            "make sure that officers recognise children carrying drugs as possible victims of "
            "child criminal exploitation",
            "record every referral of a child to the national referral mechanism on their "
            "record management systems",
            "share intelligence on county lines with neighbouring forces every month",
            "use the national referral mechanism consistently for children exploited by "
            "county lines networks",
            "have a single lead officer for child criminal exploitation",
            "review how they use child abduction warning notices against adults who exploit "
            "children",
        ],
        [
            "publish guidance on how officers should treat children found in possession of "
            "drugs",
            "produce a national problem profile of county lines offending each year",
            "develop a template for recording child criminal exploitation referrals",
            "agree a definition of child criminal exploitation for use by every agency",
        ],
        ["so that children are safeguarded rather than criminalised",
         "so that the scale of exploitation is understood",
         "so that patterns of offending across force borders can be seen"],
    ),
    "serious violence": (
        "Serious violence: an inspection of prevention and partnership working",
        [
            "complete a serious violence strategic needs assessment with their partners",
            "include knife crime data from hospitals in their problem profiles",
            "make sure that violence reduction units receive their data promptly",
            "evaluate the diversion schemes they fund for young people",
            "adopt the national definition of serious violence in their performance reports",
            "record the ethnicity of every person stopped and searched for weapons",
        ],
        [
            "publish a national framework for sharing data between violence reduction units",
            "develop a method for counting serious violence consistently across forces",
            "issue guidance on the serious violence duty",
        ],
        ["so that partners can target their work", "so that the duty is met in every area"],
    ),
    "online child abuse": (
        "Online child sexual abuse: an inspection of the police response",
        [
            "make sure that referrals about online child sexual abuse are risk assessed within "
            "two days",
            "reduce the backlog of devices waiting for examination in child abuse cases",
            "give their online child abuse teams enough trained investigators",
            "record the outcome of every indecent images referral on their record management "
            "systems",
            "make sure that children identified in abuse images are safeguarded promptly",
        ],
        [
            "produce a national tool for prioritising online child abuse referrals",
            "publish authorised professional practice on investigating online child sexual "
            "abuse",
            "develop training for officers who grade online child abuse referrals",
        ],
        ["so that the children most at risk are protected first",
         "so that investigations are not delayed"],
    ),
    "missing children": (
        "Missing children: an inspection of the police response",
        [
            "make sure that return home interviews are shared with the police within 72 hours",
            "link missing episodes to signs of exploitation in their records",
            "review how they grade the risk of children who go missing from care",
            "include data on children missing from care in their child exploitation problem "
            "profiles",
            "flag children who go missing repeatedly on their record management systems",
        ],
        [
            "update the national guidance on missing persons",
            "publish data on children missing from care homes every year",
        ],
        ["so that repeat episodes are understood", "so that exploitation is recognised early"],
    ),
    "crime data": (
        "Crime data integrity: an inspection of crime recording",
        [
            "record crimes reported by vulnerable victims within 24 hours",
            "audit their crime records every quarter and act on the findings",
            "train their control room staff in the national crime recording standards",
            "make sure that their record management systems capture every reported crime",
            "correct the data returns they make to the Home Office when errors are found",
            "make sure that crime data returns include every recorded offence",
        ],
        [
            "publish updated counting rules for recorded crime",
            "develop a method for auditing crime data across forces",
            "produce a template for forces' crime data returns",
        ],
        ["so that published figures can be trusted",
         "so that victims get the service they are entitled to"],
    ),
    "record management systems": (
        "Police information systems: an inspection of how forces manage records",
        [
            "make sure that their record management systems can flag domestic abuse cases",
            "replace record management systems that cannot share data with neighbouring forces",
            "make sure that vulnerability flags on their record management systems are kept up "
            "to date",
            "train staff to use the new record management system before it goes live",
            "remove duplicate records of people from their record management systems",
            "make sure that stalking cases are flagged on their record management systems",
        ],
        [
            "set national standards for record management systems",
            "develop a national data model so that record management systems can share "
            "information",
            "publish guidance on the retention of records on police systems",
        ],
        ["so that officers see the full history of a person",
         "so that information is not lost between systems"],
    ),
    "custody": (
        "Police custody: a national thematic inspection",
        [
            "record the use of force in custody accurately and review it every month",
            "collect data on how long children are held in custody",
            "make sure that detainees receive their medication promptly",
            "publish their custody data on strip searches of children",
            "make sure that appropriate adults are called for every child in custody",
            "review the custody records of detainees held for more than 24 hours",
        ],
        [
            "introduce a national data return on the use of force in custody",
            "update the authorised professional practice on detention and custody",
            "publish annual data on deaths in or following police custody",
        ],
        ["so that leaders have useful custody data", "so that detainees are kept safe"],
    ),
    "vetting": (
        "Vetting, misconduct and misogyny: a thematic inspection",
        [
            "make sure that every officer and member of staff has the right level of vetting",
            "review the vetting of staff who have been the subject of complaints",
            "record the reasons for granting vetting clearance despite adverse information",
            "check the Police National Database before granting vetting clearance",
            "have a counter-corruption unit with enough people to assess intelligence",
        ],
        [
            "amend the vetting code of practice so that it is mandatory",
            "publish guidance on how forces should reassess vetting when new information comes "
            "to light",
            "develop a national definition of misogynistic behaviour for misconduct cases",
        ],
        ["so that people who are unsuitable do not join or stay in the police",
         "so that public trust is maintained"],
    ),
    "stalking": (
        "Stalking and harassment: an inspection of the police response",
        [
            "make sure that officers consider a stalking protection order in every case where "
            "the test is met",
            "record every report of stalking as a stalking offence where it meets the "
            "definition",
            "give every victim of stalking a named point of contact",
            "make sure that call handlers ask structured questions to identify stalking",
            "monitor breaches of stalking protection orders and act on them",
        ],
        [
            "publish statutory guidance on stalking protection orders",
            "update the authorised professional practice on stalking and harassment",
            "develop a risk assessment tool for stalking cases",
        ],
        ["so that victims are protected early", "so that patterns of behaviour are seen"],
    ),
    "domestic abuse": (
        "The police response to domestic abuse: a thematic inspection",
        [
            "make sure that domestic abuse risk assessments are completed at every incident",
            "refer every high-risk domestic abuse case to a multi-agency risk assessment "
            "conference",
            "use domestic violence protection notices wherever the conditions are met",
            "include domestic abuse data in their quarterly performance reports",
            "make sure that supervisors review every domestic abuse investigation",
            "adopt the domestic abuse risk assessment template published by the College",
        ],
        [
            "evaluate the domestic violence disclosure scheme and publish the findings",
            "develop a replacement for the current domestic abuse risk assessment template",
            "publish data on domestic abuse outcomes by force",
        ],
        ["so that victims are safeguarded", "so that repeat victims are identified"],
    ),
    "rape investigation": (
        "The police response to rape: a joint thematic inspection",
        [
            "make sure that every rape investigation has an early investigation plan",
            "give victims of rape regular updates on their cases",
            "record why rape investigations are closed without charge",
            "make sure that independent sexual violence advisers are offered to every victim",
        ],
        [
            "publish a national operating model for rape investigations",
            "agree a protocol for early investigative advice in rape cases",
        ],
        ["so that fewer victims withdraw", "so that more cases reach court"],
    ),
    "fraud": (
        "Fraud: an inspection of the police response to victims",
        [
            "make sure that vulnerable victims of fraud receive a safeguarding visit",
            "allocate every fraud case disseminated to them within 28 days",
            "record the outcomes of fraud investigations on their record management systems",
            "have a fraud problem profile that is updated every year",
        ],
        [
            "develop a national fraud policing strategy",
            "publish a template for forces' fraud problem profiles",
        ],
        ["so that victims are protected from repeat fraud",
         "so that the scale of fraud is understood locally"],
    ),
    "modern slavery": (
        "Modern slavery and human trafficking: an inspection of the police response",
        [
            "include modern slavery in their strategic assessments",
            "make sure that potential victims of modern slavery are referred to the national "
            "referral mechanism",
            "train frontline officers to recognise the signs of modern slavery",
            "record modern slavery offences accurately and promptly",
        ],
        [
            "publish a national problem profile on labour exploitation",
            "develop guidance on supporting victims of trafficking through investigations",
        ],
        ["so that victims are identified", "so that offenders are disrupted"],
    ),
    "neighbourhood policing": (
        "Neighbourhood policing: an inspection of local policing",
        [
            "protect the time of neighbourhood teams from abstraction to other duties",
            "make sure that neighbourhood officers use local problem profiles to plan their work",
            "train neighbourhood officers in problem solving",
            "record community concerns and what was done about them",
        ],
        [
            "update the neighbourhood policing guidelines",
            "develop a framework for evaluating problem-solving projects",
        ],
        ["so that communities see their concerns addressed",
         "so that problem solving becomes routine"],
    ),
    "training": (
        "Police training: an inspection of how forces develop their workforce",
        [
            "make sure that every officer completes mandatory training on vulnerability",
            "record the training each officer has completed and when it expires",
            "train supervisors to quality assure investigations",
            "evaluate whether their training changes how officers work",
        ],
        [
            "produce a national training package on child exploitation for frontline officers",
            "publish a curriculum for investigators of serious sexual offences",
            "develop continuing professional development for detectives",
        ],
        ["so that officers have the skills they need", "so that learning is applied"],
    ),
    "child protection": (
        "Child protection: a national thematic inspection",
        [
            "make sure that strategy discussions take place for every child at risk of harm",
            "share information with safeguarding partners promptly",
            "make sure that officers record the voice of the child",
            "review their approach to children exploited by adults outside the home",
            "have enough trained staff in their multi-agency safeguarding hubs",
        ],
        [
            "publish statutory guidance on sharing information to safeguard children",
            "introduce a national data collection on children subject to police protection",
        ],
        ["so that children are protected", "so that partners act together"],
    ),
    "hate crime": (
        "Hate crime: an inspection of the police response",
        [
            "flag hate crimes correctly on their record management systems",
            "make sure that repeat victims of hate crime are identified",
            "record the reason whenever a hate crime flag is removed",
        ],
        [
            "update the hate crime operational guidance",
            "publish hate crime data by force every year",
        ],
        ["so that repeat victims are supported", "so that trends are understood"],
    ),
}

# Sentences that follow the ask in some items: they add the generic words of real items.
EXTRAS = [
    "This should include data from local partner agencies.",
    "This should be reviewed at least annually.",
    "They should make sure that the data is accurate and complete.",
    "They should publish the results.",
    "This should form part of their annual data return to the Home Office.",
    "This should be reflected in their problem profiles.",
    "They should use the agreed national definition.",
    "Progress should be reported to the force's governance board.",
    "This should be supported by training for supervisors.",
]
NAMED_ASKS = [
    "evaluate {name} and publish the findings",
    "make sure that {name} is used consistently across the force",
    "extend {name} to cover children at risk of exploitation",
    "include the results of {name} in their data returns",
    "train officers and staff in the aims of {name}",
    "review whether {name} has reduced repeat victimisation",
    "adopt the approach of {name} in every neighbourhood",
]
PLACES = ["Northmoor", "Eastfield", "Westbrook", "Harbury", "Ashdale", "Fenwick", "Marshfield",
          "Tolworth", "Kingsmere", "Orlestone", "Pennridge", "Calderbank"]
PEEL_TITLES = ["PEEL {span}: an inspection of {place} Police",
               "PEEL: police effectiveness, efficiency and legitimacy {span} \u2013 {place} "
               "Constabulary"]
MONTHS = [3, 6, 9, 12, 1, 7]


def _deadline(rng: random.Random, year: int) -> date | None:
    if rng.random() < 0.25:
        return None
    ahead = year + rng.choice([0, 1, 1, 2])
    return last_day_of_month(ahead, rng.choice(MONTHS))


def _lead(rng: random.Random, deadline: date | None, subject: str) -> str:
    if deadline is not None:
        return f"By {deadline.day} {deadline:%B %Y}, {subject}"
    if rng.random() < 0.15:
        return f"With immediate effect, {subject}"
    return subject[0].upper() + subject[1:]


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def distractors(count: int = 1000, seed: int = 2024) -> list[dict[str, Any]]:
    """``count`` tracked items as plain dicts, the same for the same ``count`` and ``seed``."""
    rng = random.Random(seed)
    topics = sorted(TOPICS)
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    numbers: dict[tuple[str, int], int] = {}
    while len(items) < count:
        topic = rng.choice(topics)
        title, force_asks, national_asks, purposes = TOPICS[topic]
        year = rng.randint(2013, 2025)
        local = rng.random() < 0.3
        if local:  # an area for improvement of a report on one force
            place = rng.choice(PLACES)
            span = f"{year - 1}/{str(year)[2:]}" if rng.random() < 0.5 else str(year)
            source_title = rng.choice(PEEL_TITLES).format(span=span, place=place)
            ask = rng.choice(force_asks + NAMED_ASKS)
            body, subject, kind = "chief_constables", "the force", "area_for_improvement"
        else:
            source_title = f"{title} ({year})"
            if rng.random() < 0.7:
                body = "chief_constables"
                ask = rng.choice(force_asks + NAMED_ASKS)
            else:
                body = rng.choice(NATIONAL)
                ask = rng.choice(national_asks)
            subject, kind = rng.choice(SUBJECTS[body]), rng.choice(
                ["recommendation"] * 9 + ["cause_of_concern"])
        name = rng.choice(OPERATIONS + PROGRAMMES)
        ask = ask.replace("{name}", name)
        if local:
            ask = ask.replace("their ", "its ").replace("they ", "it ")
        deadline = _deadline(rng, year) if kind != "area_for_improvement" else None
        text = f"{_lead(rng, deadline, subject)} should {ask}"
        if rng.random() < 0.4:
            text += ", " + rng.choice(purposes)
        text += "."
        if rng.random() < 0.35:
            extra = rng.choice(EXTRAS)
            text += " " + (extra.replace("They ", "It ").replace("their ", "its ")
                           if local else extra)
        if rng.random() < 0.15 and "{name}" not in ask and name not in text:
            text += f" {_sentence('this should build on the work of ' + name)}."
        if text in seen:
            continue
        seen.add(text)
        key = (source_title, year)
        numbers[key] = numbers.get(key, 0) + 1
        items.append({
            "id": f"D{len(items) + 1:04d}",
            "text": text,
            "kind": kind,
            "number": str(numbers[key]),
            "addressees": [body],
            "source_title": source_title,
            "source_year": year,
            "deadline": deadline.isoformat() if deadline else None,
        })
    return items
