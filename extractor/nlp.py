"""The rule pipeline that reads one item's text.

The English tokenizer (``extractor.tokens``, spaCy's tokenizer over its own tables) plus
rule components, each configurable, in the manner of a blank spaCy pipeline:

- ``sentencizer`` splits sentences after ".", "!", "?" and their kin, as spaCy's does;
- ``hmic_directives`` marks the words that tell someone to act ("should", "must",
  "need(s) to", "ought to") in ``doc.spans["directives"]``;
- ``hmic_addressees`` marks the bodies of the vocabulary (``hmic_actions.bodies``: the
  packaged file plus any extra files) as entities: label ``ADDRESSEE`` with the canonical id as
  ``ent_id_``, ``THIS_BODY`` for "the force" and its kin, ``OTHER_BODY`` for named bodies
  that have no id. Names are matched whole-token ignoring case, acronyms as printed, and
  token patterns (``extractor.patterns``) as spaCy's matcher does; where matches overlap the
  longest wins, then the earliest (spaCy's entity ruler);
- ``hmic_deadlines`` marks deadline phrases in ``doc.spans["deadlines"]`` and keeps the
  governing deadline on ``doc.deadline`` (a ``DeadlineAnalysis``).

No statistical model is used, and nothing heavier than the standard library is imported:
reading the items of a document costs milliseconds, not the second that loading spaCy
takes. ``get_nlp()`` builds the pipeline once per vocabulary configuration and caches it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from extractor import english
from extractor.deadlines import analyse_deadlines
from extractor.patterns import PatternError, TokenPattern
from extractor.tokens import Doc, Span, filter_spans, tokenizer
from hmic_actions.bodies import Vocabulary, extra_vocabulary_files, load_vocabulary
from hmic_actions.settings import SettingsError

ADDRESSEE = "ADDRESSEE"
THIS_BODY = "THIS_BODY"
OTHER_BODY = "OTHER_BODY"

Component = Callable[[Doc], Doc]


class Sentencizer:
    """Marks sentence starts: a token that is not punctuation after one of ``punct_chars``
    opens a sentence (spaCy's sentencizer)."""

    def __init__(self, name: str, punct_chars: Sequence[str] | None = None) -> None:
        self.name = name
        self.punct_chars = frozenset(punct_chars) if punct_chars else english.SENTENCE_ENDS

    def __call__(self, doc: Doc) -> Doc:
        tokens = doc.tokens
        if not tokens:
            return doc
        starts = [False] * len(tokens)
        starts[0] = True
        start = 0
        seen_end = False
        for token in tokens:
            ends = token.text in self.punct_chars
            if seen_end and not token.is_punct and not ends:
                starts[start] = True
                start = token.i
                seen_end = False
            elif ends:
                seen_end = True
        starts[start] = True
        for token, opens in zip(tokens, starts, strict=True):
            token.is_sent_start = opens
        return doc


class _Phrases:
    """Sequences of token texts (lower-cased, or as printed), each with a payload."""

    def __init__(self) -> None:
        self._lower: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._orth: dict[str, list[tuple[tuple[str, ...], Any]]] = {}

    def add(self, words: Sequence[str], payload: Any, lower: bool) -> None:
        key = tuple(w.lower() for w in words) if lower else tuple(words)
        if key:
            entries = (self._lower if lower else self._orth).setdefault(key[0], [])
            if (key, payload) not in entries:
                entries.append((key, payload))

    def find(self, doc: Doc) -> list[tuple[Any, int, int]]:
        found: list[tuple[Any, int, int]] = []
        for index, words in ((self._lower, [t.lower_ for t in doc.tokens]),
                             (self._orth, [t.text for t in doc.tokens])):
            if not index:
                continue
            for start, word in enumerate(words):
                for key, payload in index.get(word, ()):
                    end = start + len(key)
                    if tuple(words[start:end]) == key:
                        found.append((payload, start, end))
        return found


class DirectiveMarker:
    """Marks the modal words that tell a body to act."""

    def __init__(self, nlp: Pipeline, name: str, words: list[str], phrases: list[list[str]],
                 span_key: str) -> None:
        self.name = name
        self.span_key = span_key
        self.words = frozenset(w.lower() for w in words)
        self.phrases = [tuple(w.lower() for w in phrase) for phrase in phrases if phrase]

    def __call__(self, doc: Doc) -> Doc:
        lowers = [t.lower_ for t in doc.tokens]
        spans = []
        for start, lower in enumerate(lowers):
            if lower in self.words:
                spans.append(Span(doc, start, start + 1, label="DIRECTIVE"))
            for phrase in self.phrases:
                if tuple(lowers[start : start + len(phrase)]) == phrase:
                    spans.append(Span(doc, start, start + len(phrase), label="DIRECTIVE"))
        doc.spans[self.span_key] = filter_spans(spans)
        return doc


class AddresseeMarker:
    """Marks vocabulary bodies as entities, from the vocabulary's data files."""

    def __init__(self, nlp: Pipeline, name: str, vocabulary_files: list[str],
                 include_default: bool) -> None:
        self.name = name
        self.vocabulary: Vocabulary = load_vocabulary(
            [Path(p) for p in vocabulary_files], include_default=include_default
        )
        self._phrases = _Phrases()
        tokenize = nlp.tokenizer.pieces
        self._patterns: list[tuple[TokenPattern, tuple[str, str]]] = []
        # Labels and ids in the order they are declared: the first wins a tie.
        self._rank: dict[tuple[str, str], int] = {}
        try:
            for body in self.vocabulary.bodies:
                entity = self._entity(ADDRESSEE, body.id)
                for alias in body.aliases:  # whole tokens, ignoring case
                    self._phrases.add([w for w, _ in tokenize(alias)], entity, lower=True)
                for acronym in body.acronyms:  # words as printed
                    self._phrases.add(acronym.split(), entity, lower=False)
                for pattern in body.patterns:
                    self._patterns.append((TokenPattern(pattern), entity))
            for body_id, aliases in self.vocabulary.this_bodies:
                for alias in aliases:
                    self._phrases.add([w for w, _ in tokenize(alias)],
                                      self._entity(THIS_BODY, body_id), lower=True)
            for other in self.vocabulary.other_names:
                self._phrases.add([w for w, _ in tokenize(other)],
                                  self._entity(OTHER_BODY, "other"), lower=True)
        except PatternError as exc:
            raise SettingsError(f"addressee vocabulary: invalid token pattern ({exc})") from exc

    def _entity(self, label: str, body_id: str) -> tuple[str, str]:
        entity = (label, body_id)
        self._rank.setdefault(entity, len(self._rank))
        return entity

    def __call__(self, doc: Doc) -> Doc:
        matches = {(entity, start, end) for entity, start, end in self._phrases.find(doc)}
        for pattern, entity in self._patterns:
            matches.update((entity, start, end) for start, end in pattern.find(doc))
        ordered = sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1], self._rank[m[0]]))
        entities: list[Span] = []
        seen: set[int] = set()
        for (label, body_id), start, end in ordered:
            if start not in seen and end - 1 not in seen:
                entities.append(Span(doc, start, end, label=label, span_id=body_id))
                seen.update(range(start, end))
        doc.ents = entities
        return doc


class DeadlineMarker:
    """Marks deadline phrases and keeps the governing deadline on the doc."""

    def __init__(self, nlp: Pipeline, name: str, span_key: str, label: str) -> None:
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
        doc.deadline = analysis
        return doc


#: The components a pipeline can add, by name: (factory, default configuration).
FACTORIES: dict[str, tuple[Callable[..., Component], dict[str, Any]]] = {
    "sentencizer": (lambda nlp, name, **config: Sentencizer(name, **config),
                    {"punct_chars": None}),
    "hmic_directives": (DirectiveMarker, {
        "words": ["should", "must"],
        "phrases": [["need", "to"], ["needs", "to"], ["ought", "to"]],
        "span_key": "directives",
    }),
    "hmic_addressees": (AddresseeMarker, {"vocabulary_files": [], "include_default": True}),
    "hmic_deadlines": (DeadlineMarker, {"span_key": "deadlines", "label": "DEADLINE"}),
}


class Pipeline:
    """The tokenizer and the components a text goes through, in order."""

    def __init__(self) -> None:
        self.tokenizer = tokenizer()
        self._components: list[tuple[str, Component]] = []

    @property
    def pipe_names(self) -> list[str]:
        """The components' names, in order."""
        return [name for name, _ in self._components]

    def add_pipe(self, name: str, config: dict[str, Any] | None = None) -> Component:
        """Add the component ``name`` (see ``FACTORIES``), its defaults updated by ``config``."""
        if name not in FACTORIES:
            raise ValueError(f"no component {name!r}; known: {', '.join(FACTORIES)}")
        factory, defaults = FACTORIES[name]
        unknown = set(config or {}) - set(defaults)
        if unknown:
            raise ValueError(f"component {name!r} has no setting {', '.join(sorted(unknown))}")
        component = factory(self, name, **{**defaults, **(config or {})})
        self._components.append((name, component))
        return component

    def get_pipe(self, name: str) -> Any:
        """The component called ``name`` (KeyError when there is none)."""
        for own, component in self._components:
            if own == name:
                return component
        raise KeyError(f"no component {name!r} in the pipeline")

    def make_doc(self, text: str) -> Doc:
        """``text`` as tokens, with no component run."""
        return self.tokenizer(text)

    def __call__(self, text: str) -> Doc:
        """``text`` as tokens, marked by every component in turn."""
        doc = self.tokenizer(text)
        for _, component in self._components:
            doc = component(doc)
        return doc


def blank() -> Pipeline:
    """A pipeline with the tokenizer and no components."""
    return Pipeline()


@functools.lru_cache(maxsize=4)
def build_nlp(extra_files: tuple[str, ...] = ()) -> Pipeline:
    """A fresh pipeline whose vocabulary is the packaged data plus ``extra_files``."""
    nlp = blank()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hmic_directives")
    nlp.add_pipe("hmic_addressees", config={"vocabulary_files": list(extra_files)})
    nlp.add_pipe("hmic_deadlines")
    return nlp


def get_nlp() -> Pipeline:
    """The shared pipeline, extended by the file the setting HMIC_ADDRESSEES_FILE names."""
    return build_nlp(tuple(str(p) for p in extra_vocabulary_files()))
