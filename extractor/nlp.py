"""The spaCy pipeline that reads one item's text.

``spacy.blank("en")`` plus rule components registered here, each configurable:

- ``sentencizer`` (spaCy's own) splits sentences;
- ``hmic_directives`` marks the words that tell someone to act ("should", "must",
  "need(s) to", "ought to") in ``doc.spans["directives"]``;
- ``hmic_addressees`` marks the bodies of the vocabulary (``hmic_actions.bodies``: the
  packaged file plus any extra files) as entities: label ``ADDRESSEE`` with the canonical id as
  ``ent_id_``, ``THIS_BODY`` for "the force" and its kin, ``OTHER_BODY`` for named bodies
  that have no id;
- ``hmic_deadlines`` marks deadline phrases in ``doc.spans["deadlines"]`` and keeps the
  governing deadline on ``doc._.hmic_deadline`` (a ``DeadlineAnalysis``).

No statistical model is used or downloaded. ``get_nlp()`` builds the pipeline once per
vocabulary configuration and caches it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from extractor.deadlines import analyse_deadlines
from hmic_actions.bodies import extra_vocabulary_files, load_vocabulary
from hmic_actions.settings import SettingsError

ADDRESSEE = "ADDRESSEE"
THIS_BODY = "THIS_BODY"
OTHER_BODY = "OTHER_BODY"

if not Doc.has_extension("hmic_deadline"):
    Doc.set_extension("hmic_deadline", default=None)


class DirectiveMarker:
    """Marks the modal words that tell a body to act."""

    def __init__(self, nlp: Language, name: str, words: list[str], phrases: list[list[str]],
                 span_key: str):
        self.name = name
        self.span_key = span_key
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("DIRECTIVE", [[{"LOWER": {"IN": [w.lower() for w in words]}}]])
        for phrase in phrases:
            self.matcher.add("DIRECTIVE", [[{"LOWER": w.lower()} for w in phrase]])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label="DIRECTIVE") for _, start, end in self.matcher(doc)]
        doc.spans[self.span_key] = spacy.util.filter_spans(spans)
        return doc


@Language.factory(
    "hmic_directives",
    default_config={
        "words": ["should", "must"],
        "phrases": [["need", "to"], ["needs", "to"], ["ought", "to"]],
        "span_key": "directives",
    },
)
def make_directive_marker(nlp: Language, name: str, words: list[str], phrases: list[list[str]],
                          span_key: str) -> DirectiveMarker:
    return DirectiveMarker(nlp, name, words, phrases, span_key)


class AddresseeMarker:
    """Marks vocabulary bodies as entities with an EntityRuler built from the data files."""

    def __init__(self, nlp: Language, name: str, vocabulary_files: list[str],
                 include_default: bool):
        self.name = name
        self.vocabulary = load_vocabulary(
            [Path(p) for p in vocabulary_files], include_default=include_default
        )
        self.ruler = nlp.create_pipe(
            "entity_ruler",
            name=f"{name}_ruler",
            config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True, "validate": True},
        )
        patterns: list[dict] = []
        for body in self.vocabulary.bodies:
            patterns += [{"label": ADDRESSEE, "pattern": a, "id": body.id} for a in body.aliases]
            patterns += [
                {"label": ADDRESSEE, "pattern": [{"ORTH": w} for w in a.split()], "id": body.id}
                for a in body.acronyms
            ]
            patterns += [{"label": ADDRESSEE, "pattern": p, "id": body.id} for p in body.patterns]
        patterns += [
            {"label": THIS_BODY, "pattern": a, "id": body_id}
            for body_id, aliases in self.vocabulary.this_bodies for a in aliases
        ]
        patterns += [
            {"label": OTHER_BODY, "pattern": n, "id": "other"} for n in self.vocabulary.other_names
        ]
        try:
            self.ruler.add_patterns(patterns)
        except ValueError as exc:  # spaCy's pattern validation errors
            detail = str(exc).strip().splitlines()[0]
            raise SettingsError(
                f"addressee vocabulary: invalid token pattern ({detail})"
            ) from exc

    def __call__(self, doc: Doc) -> Doc:
        return self.ruler(doc)


@Language.factory(
    "hmic_addressees",
    default_config={"vocabulary_files": [], "include_default": True},
)
def make_addressee_marker(nlp: Language, name: str, vocabulary_files: list[str],
                          include_default: bool) -> AddresseeMarker:
    return AddresseeMarker(nlp, name, vocabulary_files, include_default)


class DeadlineMarker:
    """Marks deadline phrases and keeps the governing deadline on the doc."""

    def __init__(self, name: str, span_key: str, label: str):
        self.name = name
        self.span_key = span_key
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        analysis = analyse_deadlines(doc.text)
        spans = []
        for candidate in analysis.candidates:
            span = doc.char_span(candidate.start, candidate.end, label=self.label,
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.span_key] = spans
        doc._.hmic_deadline = analysis
        return doc


@Language.factory(
    "hmic_deadlines",
    default_config={"span_key": "deadlines", "label": "DEADLINE"},
)
def make_deadline_marker(nlp: Language, name: str, span_key: str, label: str) -> DeadlineMarker:
    return DeadlineMarker(name, span_key, label)


@functools.lru_cache(maxsize=4)
def build_nlp(extra_files: tuple[str, ...] = ()) -> Language:
    """A fresh pipeline whose vocabulary is the packaged data plus ``extra_files``."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hmic_directives")
    nlp.add_pipe("hmic_addressees", config={"vocabulary_files": list(extra_files)})
    nlp.add_pipe("hmic_deadlines")
    return nlp


def get_nlp() -> Language:
    """The shared pipeline, extended by the file the setting HMIC_ADDRESSEES_FILE names."""
    return build_nlp(tuple(str(p) for p in extra_vocabulary_files()))
