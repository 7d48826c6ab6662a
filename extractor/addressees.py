"""Who an item tells to act: canonical addressee ids and unknown bodies.

The vocabulary (ids, names, aliases) is data, read by ``hmic_actions.bodies``:
hmic_actions/data/addressees.toml, extended by the file the setting ``HMIC_ADDRESSEES_FILE``
names (same format).

Rules:

- The addressees are the subjects of "should" / "must" / "need(s) to" / "ought to" in
  every sentence of the item, in order of first appearance, without duplicates. Bodies
  named after the verb ("chief constables should use the Hydrant Programme's guidance")
  do not count, nor do bodies inside a phrase that hangs off the subject ("the supporting
  guidance to forces", "chief constables of forces that ...", "in consultation with the
  NPCC, the College of Policing should ..."), nor a body in the possessive before a thing
  ("the Home Office's guidance should ...").
- A later "should" in the same sentence counts only when it opens a new clause
  ("..., and the NPCC should ..."), not inside a clause that hangs off the first
  ("... guidance on the data that forces should record").
- "the force" / "the constabulary" count as chief_constables only in a document about one
  force, "the service" as fire_and_rescue_services only in one about one fire and rescue
  service (``inspected`` gives the id of the organisation the document is about);
  elsewhere they are ignored. The document's own names for that organisation
  (``names``: an abbreviation it defines, "SFRS") count as it too.
- Where no body is the subject of such a verb (e.g. a cause of concern "The force isn't
  ..."), the bodies the item is about count: first those at the head of its sentences,
  failing that every body it names.
- A subject that is not in the vocabulary is kept in ``other`` when it names a body: its
  head noun is one of the vocabulary's ``body_words`` ("groups", "partners", "board"...),
  or it is a proper name or an acronym, or it is listed in ``other_bodies``. It is kept
  as printed, with any phrase that names it ("the relevant business user groups for
  police record management systems"), including a leading "the", but without a leading
  "and"/"or"/comma and without a relative clause ("that are yet to do so" is dropped).
  Pronouns ("they", "it") and things ("the assessment", "this strategy") are never kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.nlp import get_nlp
from extractor.tokens import Doc, Span, filter_spans
from hmic_actions.bodies import Vocabulary

# --------------------------------------------------------------------------- recogniser


@dataclass
class Addressees:
    """The bodies an item tells to act.

    ``basis`` says how they were found: "subject" (subjects of should/must), "about"
    (bodies at the head of the item's sentences), "mentioned" (any body named), or
    "none". ``this_body_ignored`` is true when "the force" (or "the service") was the
    subject but the document is not about one such organisation.
    """

    ids: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    basis: str = "none"
    this_body_ignored: bool = False


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PREPOSITIONS = _words(
    "of for to with in on at from by about across within between among amongst into through "
    "throughout under over without alongside via against towards toward per like than "
    "including beyond after before during upon except around outside inside regarding "
    "concerning following behind beside besides"
)
# Words that open a clause or phrase inside the subject: what follows describes the
# subject rather than naming another one. The name of an unknown body stops here.
_CLAUSE_OPENERS = _words(
    "that which who whom whose where when whereby while whilst if unless because although "
    "as working acting supported led together jointly assisted advised informed consulting "
    "collaborating partnering such especially particularly namely e.g. i.e. where "
    "supporting responsible until once since though whereas given pending"
)
# Prepositions whose phrase may itself list bodies ("with the NPCC and the Home Office").
_WIDE_PREPOSITIONS = _words("with alongside between among amongst including like plus")
_SEPARATORS = frozenset({",", ";", ":", "(", ")", "and", "or", "&", "and/or", "nor", "plus"})
_SUBORDINATORS = _words(
    "that which who whom whose where when how what why whether if so because unless until "
    "once as while whilst than"
)
_CHAIN_WORDS = _words(
    "the all each every both relevant other its their local national any 's '"
)
_LEADING_FILLERS = frozenset({"and", "or", "&", "both", "also", "then", "-", "nor", "plus"})
_PRONOUNS = _words(
    "it they this these those we he she which there that each all both you one them itself "
    "themselves who what everyone everybody anyone someone"
)
_DETERMINERS = _words("the a an all each every any this that these those its their our")
_COMPLEMENT_VERBS = _words(
    "recommend recommends recommended is are believe believes propose proposes suggest "
    "suggests expect expects conclude concluded consider considers view"
)
# Verbs that end the subject of a statement such as "The force isn't ..." / "The force
# doesn't ..." when looking for what an item is about.
_STATEMENT_VERBS = _words(
    "is are was were has have had does do did can cannot could will would may might should "
    "must need needs ought fails failed lacks lacked continues continue relies rely "
    "struggles struggle isn't aren't doesn't don't hasn't haven't"
)
# Words that start a noun phrase: after "that" they mark "that" as "recommend that ...".
_NOUN_PHRASE_STARTS = _words(
    "the all each every any both its their our chief police local national relevant"
)
_SINGLE_BODY_WORDS = frozenset({"force", "constabulary", "service"})


@dataclass
class _Found:
    ids: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    this_body_ignored: bool = False

    def add_id(self, body_id: str) -> None:
        if body_id not in self.ids:
            self.ids.append(body_id)

    def add_other(self, name: str) -> None:
        if name.lower() not in {o.lower() for o in self.other}:
            self.other.append(name)


class _Reader:
    """Reads addressees from one processed doc."""

    def __init__(self, doc: Doc, vocabulary: Vocabulary, inspected: str | None):
        self.doc = doc
        self.heads = vocabulary.body_heads
        self.inspected = inspected
        self.ents_by_start: dict[int, Span] = {e.start: e for e in doc.ents}
        self.in_ent = {i for e in doc.ents for i in range(e.start, e.end)}
        self.deadline_at: dict[int, int] = {}
        for span in doc.spans.get("deadlines", []):
            self.deadline_at[span.start] = max(span.end, self.deadline_at.get(span.start, 0))

    # -- recording ----------------------------------------------------------------------

    def _record(self, ent: Span, found: _Found) -> bool:
        """Record a vocabulary mention; False when it does not count."""
        if ent.label_ == "THIS_BODY":
            if ent.ent_id_ == self.inspected:
                found.add_id(ent.ent_id_)
                return True
            found.this_body_ignored = True
            return False
        if ent.label_ == "ADDRESSEE":
            found.add_id(ent.ent_id_)
            return True
        return False

    def _possessive_modifier(self, ent: Span) -> bool:
        """'the Home Office's guidance' (a thing) but not 'the NPCC's lead' or "forces'
        professional standards departments" (parts of the body, which act for it)."""
        doc = self.doc
        if ent.end >= len(doc) or doc[ent.end].text not in {"'s", "'"}:
            return False
        last = None
        for token in doc[ent.end + 1 : min(len(doc), ent.end + 8)]:
            low = token.lower_
            if (low in _SEPARATORS or low in _PREPOSITIONS or low in _CLAUSE_OPENERS
                    or low in _STATEMENT_VERBS or token.is_punct):
                break
            last = low
        return last is None or last not in self.heads

    def _is_proper_name(self, start: int, end: int) -> bool:
        words = [t for t in self.doc[start:end] if t.is_alpha]
        content = [t for t in words if t.lower_ not in {"of", "for", "and", "the", "on", "in"}]
        if not content:
            return False
        if not all(t.is_title or (t.is_upper and len(t) > 1) for t in content):
            return False
        # A single capitalised word opening a sentence may just be a capitalised noun.
        return any(not t.is_sent_start or (t.is_upper and len(t) > 1) for t in content)

    def _inside_name(self, i: int) -> bool:
        """'and' joining two capitalised words inside one name ("Kent and Essex ...")."""
        doc = self.doc
        if doc[i].lower_ != "and" or i == 0 or i + 1 >= len(doc):
            return False
        left, right = doc[i - 1], doc[i + 1]
        return (
            left.is_title and right.is_title
            and left.i not in self.in_ent and right.i not in self.in_ent
            and left.lower_ not in _DETERMINERS and right.lower_ not in _DETERMINERS
        )

    def _unknown(self, start: int, head_end: int, name_end: int, named_other: bool,
                 found: _Found) -> None:
        doc = self.doc
        while start < name_end and (doc[start].lower_ in _LEADING_FILLERS or doc[start].is_punct):
            start += 1
        while name_end > start and doc[name_end - 1].is_punct:
            name_end -= 1
        head_end = min(max(head_end, start), name_end)
        if head_end <= start or name_end - start > 20:
            return
        head_tokens = [t for t in doc[start:head_end] if not t.is_punct]
        if not head_tokens or all(t.lower_ in _PRONOUNS | _DETERMINERS for t in head_tokens):
            return
        if any(t.like_num for t in head_tokens):
            return
        head_word = head_tokens[-1].lower_
        if (
            len(head_tokens) <= 2
            and head_word in _SINGLE_BODY_WORDS
            and all(t.lower_ in _DETERMINERS for t in head_tokens[:-1])
        ):
            return
        if not (named_other or head_word in self.heads or self._is_proper_name(start, head_end)):
            return
        found.add_other(doc[start:name_end].text)

    # -- regions --------------------------------------------------------------------------

    def _parenthesis_end(self, start: int, end: int) -> dict[int, int]:
        """", working with A, B and C, should": skip from the opening comma to the last one."""
        doc = self.doc
        if end - start < 3 or doc[end - 1].text != ",":
            return {}
        for i in range(start, end - 1):
            if doc[i].text == "," and i + 1 < end - 1 and i not in self.in_ent:
                following = doc[i + 1].lower_
                if following in _CLAUSE_OPENERS or following in _PREPOSITIONS:
                    return {i: end - 1}
        return {}

    def _starts_body(self, i: int, end: int) -> bool:
        """Whether tokens from i (after "and"/"or") begin with a named body."""
        while i < end and self.doc[i].lower_ in _CHAIN_WORDS and i not in self.ents_by_start:
            i += 1
        return i in self.ents_by_start

    def scan(self, start: int, end: int, found: _Found, *, keep_unknown: bool) -> None:
        """Record the bodies that head the noun phrases of tokens [start, end).

        A phrase that hangs off a noun ("of ...", "for ...", "to ...") is skipped up to the
        next comma or up to "and"/"or" followed by a named body; a phrase that may itself
        list bodies ("working with ...", "with ...", "that ...", "(...)") is skipped up to
        the next comma or bracket.
        """
        doc = self.doc
        skip = self._parenthesis_end(start, end)
        scope: str | None = None  # None, "pp" or "wide"
        seg_start, seg_scoped = start, False
        head_end: int | None = None
        name_end: int | None = None
        counted = named_other = False

        def close(at: int) -> None:
            if keep_unknown and not seg_scoped and not counted:
                self._unknown(seg_start, head_end if head_end is not None else at,
                              name_end if name_end is not None else at, named_other, found)

        i = start
        while i < end:
            if i in self.deadline_at or i in skip:
                close(i)
                i = min(self.deadline_at.get(i, 0), end) if i in self.deadline_at else skip[i] + 1
                scope = None
                seg_start, seg_scoped, head_end, name_end = i, False, None, None
                counted = named_other = False
                continue
            ent = self.ents_by_start.get(i)
            if ent is not None and ent.end <= end:
                if not seg_scoped and head_end is None and not self._possessive_modifier(ent):
                    if ent.label_ == "OTHER_BODY":
                        named_other = True
                    elif self._record(ent, found):
                        counted = True
                i = ent.end
                continue
            token = doc[i]
            low = token.lower_
            if low in _SEPARATORS and not self._inside_name(i):
                close(i)
                if token.text in {",", ";", ":", ")"}:
                    scope = None
                elif token.text == "(":
                    scope = "wide"
                elif scope == "pp" and self._starts_body(i + 1, end):
                    scope = None
                i += 1
                seg_start, seg_scoped, head_end, name_end = i, scope is not None, None, None
                counted = named_other = False
                continue
            if token.is_title and not token.is_sent_start:
                pass  # a capitalised word inside a name ("... Collaboration Working Group")
            elif low in _CLAUSE_OPENERS or (low in _WIDE_PREPOSITIONS and scope != "wide"):
                if head_end is None:
                    head_end = i
                if name_end is None and low in _CLAUSE_OPENERS:
                    name_end = i
                scope = "wide"
            elif low in _PREPOSITIONS and head_end is None:
                head_end = i
                scope = scope or "pp"
            i += 1
        close(end)

    def _clause_start(self, sentence: Span, before: int) -> int:
        """Start of the clause holding token ``before``: after the last ";" or ":"."""
        for i in range(before - 1, sentence.start - 1, -1):
            if self.doc[i].text in {";", ":"}:
                return i + 1
        return sentence.start

    def _after_complementiser(self, start: int, before: int) -> int:
        """Skip "We recommend that" / "It is important that" before the subject.

        A "that" followed by a verb ("forces that have not done so") is a relative
        clause inside the subject and is left alone.
        """
        doc = self.doc
        for i in range(before - 1, start - 1, -1):
            if doc[i].lower_ != "that" or i in self.in_ent or i + 1 >= before:
                continue
            following = doc[i + 1]
            if (
                (i > 0 and doc[i - 1].lower_ in _COMPLEMENT_VERBS)
                or i + 1 in self.ents_by_start
                or following.lower_ in _NOUN_PHRASE_STARTS
                or following.is_title
            ):
                return i + 1
        return start

    def _later_region(self, previous_end: int, directive: Span) -> tuple[int, int] | None:
        """Where the subject of a second directive in one clause lies, if it has one."""
        doc = self.doc
        region_start: int | None = None
        pos = directive.start - 1
        while pos >= previous_end:
            token = doc[pos]
            low = token.lower_
            if pos not in self.in_ent and low in _SUBORDINATORS:
                return None
            if low in _SEPARATORS:
                region_start = pos + 1
                if token.text == ";":
                    break
            elif region_start is not None and not (
                pos in self.in_ent or low in self.heads or low in _CHAIN_WORDS
            ):
                break
            pos -= 1
        return (region_start, directive.start) if region_start is not None else None

    def subjects(self) -> _Found:
        found = _Found()
        directives = sorted(self.doc.spans.get("directives", []), key=lambda s: s.start)
        for sentence in self.doc.sents:
            previous: Span | None = None
            for directive in (d for d in directives if sentence.start <= d.start < sentence.end):
                clause_start = self._clause_start(sentence, directive.start)
                if previous is None or previous.end <= clause_start:
                    region: tuple[int, int] | None = (
                        self._after_complementiser(clause_start, directive.start),
                        directive.start,
                    )
                else:
                    region = self._later_region(previous.end, directive)
                previous = directive
                if region is not None and region[0] < region[1]:
                    self.scan(region[0], region[1], found, keep_unknown=True)
        return found

    def about(self) -> _Found:
        found = _Found()
        for sentence in self.doc.sents:
            end = next(
                (t.i for t in sentence if t.lower_ in _STATEMENT_VERBS and t.i not in self.in_ent),
                sentence.end,
            )
            start = self._after_complementiser(self._clause_start(sentence, end), end)
            self.scan(start, self._head_chain_end(start, end), found, keep_unknown=False)
        return found

    def _head_chain_end(self, start: int, end: int) -> int:
        """Where the bodies that open a clause end ("The force and the council ...").

        Without a tagger the clause's verb is not always known ("The force rarely asked the
        local authority ..."); when the clause opens with a body, only that body and those
        joined to it by "and", "or" or commas are what the clause is about.
        """
        i = start
        while i < end and i - start <= 3 and i not in self.ents_by_start:
            i += 1
        ent = self.ents_by_start.get(i)
        if ent is None:
            return end
        stop = ent.end
        while stop < end:
            j = stop
            while j < end and j not in self.ents_by_start and (
                self.doc[j].lower_ in _CHAIN_WORDS
                or self.doc[j].lower_ in {",", "and", "or", "&", "and/or"}
            ):
                j += 1
            nxt = self.ents_by_start.get(j)
            if j == stop or nxt is None:
                break
            stop = nxt.end
        return min(stop, end)

    def mentioned(self) -> _Found:
        found = _Found()
        for ent in self.doc.ents:
            self._record(ent, found)
        return found


def addressees_from_doc(
    doc: Doc, vocabulary: Vocabulary, *, inspected: str | None = None,
    names: Sequence[str] = (), guess: bool = True,
) -> Addressees:
    """Addressees of a doc processed by the extractor's pipeline (see extractor.nlp).

    ``guess`` allows the last resort of taking every body the text names when none is the
    subject or at the head of a sentence; a recommendation that tells nobody in particular
    to act ("There should be ...") is better left with none than given a guess.
    """
    if names and inspected:
        _mark_names(doc, names, inspected)
    reader = _Reader(doc, vocabulary, inspected)
    ignored = False
    methods = [("subject", reader.subjects), ("about", reader.about)]
    if guess:
        methods.append(("mentioned", reader.mentioned))
    for basis, method in methods:
        found = method()
        ignored = ignored or found.this_body_ignored
        if found.ids or (basis == "subject" and found.other):
            return Addressees(found.ids, found.other, basis, ignored)
    return Addressees([], [], "none", ignored)


def normalise_quotes(text: str) -> str:
    """Straight quotes for curly ones, keeping every offset unchanged."""
    return text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))


def _mark_names(doc: Doc, names: Sequence[str], body_id: str) -> None:
    """Mark the document's own names for the organisation it is about as that body."""
    marked = []
    for name in names:
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc.text):
            span = doc.char_span(match.start(), match.end(), label="ADDRESSEE",
                                 span_id=body_id)
            if span is not None:
                marked.append(span)
    if marked:
        doc.ents = filter_spans([*marked, *doc.ents])


def find_addressees(text: str, *, inspected: str | None = None, names: Sequence[str] = (),
                    guess: bool = True) -> Addressees:
    """The bodies an item's text tells to act (see the module docstring for the rules)."""
    nlp = get_nlp()
    doc = nlp(normalise_quotes(text))
    vocabulary = nlp.get_pipe("hmic_addressees").vocabulary
    return addressees_from_doc(doc, vocabulary, inspected=inspected, names=names, guess=guess)
