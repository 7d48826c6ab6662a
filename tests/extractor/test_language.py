"""The rule pipeline without spaCy, held to spaCy.

``extractor.tokens`` carries spaCy's English tokenizer over, ``extractor.nlp`` its
sentencizer, matcher and entity ruler as the extractor used them, and
``extractor.patterns`` its token patterns. Each is compared here with spaCy itself
(``spacy.blank("en")``, the reference) on the text of every sample and corpus document, on
every expected item, and on generated text: the same tokens, sentences, bodies, directives
and deadline spans, and so the same addressees.
"""

from __future__ import annotations

import functools
import json
import os
import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans as spacy_filter_spans

from extractor import english
from extractor.addressees import addressees_from_doc, normalise_quotes
from extractor.deadlines import analyse_deadlines
from extractor.nlp import blank, get_nlp
from extractor.patterns import PatternError, TokenPattern
from extractor.tokens import spacy_tables, tokenizer
from hmic_actions.bodies import load_vocabulary
from hmic_actions.settings import SettingsError

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("HMIC_CORPUS_DIR") or REPO.parent / "shared" / "corpus")


def _documents() -> list[Path]:
    pdfs = sorted((REPO / "samples").glob("*.pdf")) + sorted(CORPUS.glob("*/report.pdf"))
    assert len(pdfs) >= 30, "the samples and the development corpus are needed here"
    return pdfs


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Lines, paragraphs and whole pages of every document, and every expected item."""
    found: set[str] = set()
    for path in _documents():
        pdf = pdfium.PdfDocument(path)
        try:
            for index in range(len(pdf)):
                textpage = pdf[index].get_textpage()
                page = textpage.get_text_range()
                textpage.close()
                found.add(" ".join(page.split()))
                found.update(" ".join(p.split()) for p in page.split("\r\n\r\n"))
                found.update(line.strip() for line in page.splitlines())
        finally:
            pdf.close()
    expected = list((REPO / "samples").glob("*.expected.json")) + list(CORPUS.glob("*/gold.json"))
    for path in expected:
        found.update(item["text"] for item in json.loads(path.read_text("utf-8"))["items"])
    found.discard("")
    assert len(found) > 2000
    return sorted(found)


def _generated(count: int, seed: int) -> list[str]:
    """Strings built from special cases, words and awkward characters, joined awkwardly."""
    rng = random.Random(seed)
    characters = list("aAbBzZ019 .,;:!?'\"()[]{}-–—/\\&%$£€@#*+=_~`’‘“”…\n\t\xa0")
    specials = sorted(english.SPECIAL_CASES)
    words = ["the", "force", "should", "must", "can't", "don't", "e.g.", "i.e.", "Mr.", "U.K.",
             "www.gov.uk", "3.5", "1st", "police", "Kent-Police", "and/or", "(a)", "'the'",
             "Chief", "Constables"]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 8)):
            roll = rng.random()
            if roll < 0.3:
                parts.append(rng.choice(specials))
            elif roll < 0.6:
                parts.append(rng.choice(words))
            else:
                parts.append("".join(rng.choice(characters) for _ in range(rng.randint(1, 6))))
        out.append(rng.choice(["", " ", " ", "  ", "\n"]).join(parts))
    return out


# --------------------------------------------------------------------------- the tokenizer


@functools.lru_cache(maxsize=1)
def _spacy_en():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def spacy_en():
    return _spacy_en()


def _tokens(doc) -> list[tuple[str, int, str]]:
    return [(t.text, t.idx, t.whitespace_) for t in doc]


def test_the_tables_are_those_of_the_installed_spacy() -> None:
    tables = spacy_tables()
    assert tables["version"] == english.SPACY_VERSION, "python -m extractor.tokens writes them"
    assert tables["prefix"] == english.PREFIX
    assert tables["suffix"] == english.SUFFIX
    assert tables["infix"] == english.INFIX
    assert tables["url"] == english.URL
    assert tables["specials"] == english.SPECIAL_CASES
    assert frozenset(tables["sentence_ends"]) == english.SENTENCE_ENDS


def test_documents_are_tokenized_as_spacy_does(texts: list[str], spacy_en) -> None:
    ours = tokenizer()
    different = [t for t in texts if _tokens(ours(t)) != _tokens(spacy_en.make_doc(t))]
    assert not different, different[:5]


def test_awkward_strings_are_tokenized_as_spacy_does(spacy_en) -> None:
    ours = tokenizer()
    texts = _generated(20_000, seed=7) + [
        "", " ", "  ", "a  b", " leading", "trailing ", "tab\there", "new\nline", "(e.g.)",
        "don't.", "‘quoted’", "http://www.gov.uk/x?y=1.", "me@x.com.", "£20m 1990s 21st",
        "—dash–en", "well-led and/or co-operate", "5pm 10a.m. ...", "'s", "x'", "\xa0x\xa0",
        "Let's", "(i)", "1.", "a)", ":)", "Dr.Who", "’s",
    ]
    different = [t for t in texts if _tokens(ours(t)) != _tokens(spacy_en.make_doc(t))]
    assert not different, different[:5]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ1 .,'’\"-–/()!?:;&%£$\n\t\xa0…")), max_size=40))
def test_any_text_is_tokenized_as_spacy_does(text: str) -> None:
    assert _tokens(tokenizer()(text)) == _tokens(_spacy_en().make_doc(text))


# --------------------------------------------------------------------------- the pipeline


class Reference:
    """The pipeline as it was built with spaCy: the reference the rule pipeline follows."""

    def __init__(self) -> None:
        vocabulary = self.vocabulary = load_vocabulary()
        nlp = self.nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        ruler = nlp.add_pipe("entity_ruler", config={
            "phrase_matcher_attr": "LOWER", "overwrite_ents": True, "validate": True})
        patterns: list[dict] = []
        for body in vocabulary.bodies:
            patterns += [{"label": "ADDRESSEE", "pattern": a, "id": body.id}
                         for a in body.aliases]
            patterns += [{"label": "ADDRESSEE", "pattern": [{"ORTH": w} for w in a.split()],
                          "id": body.id} for a in body.acronyms]
            patterns += [{"label": "ADDRESSEE", "pattern": p, "id": body.id}
                         for p in body.patterns]
        patterns += [{"label": "THIS_BODY", "pattern": a, "id": body_id}
                     for body_id, aliases in vocabulary.this_bodies for a in aliases]
        patterns += [{"label": "OTHER_BODY", "pattern": n, "id": "other"}
                     for n in vocabulary.other_names]
        ruler.add_patterns(patterns)
        self.directives = Matcher(nlp.vocab)
        self.directives.add("DIRECTIVE", [[{"LOWER": {"IN": ["should", "must"]}}]])
        for phrase in (["need", "to"], ["needs", "to"], ["ought", "to"]):
            self.directives.add("DIRECTIVE", [[{"LOWER": w} for w in phrase]])

    def __call__(self, text: str):
        doc = self.nlp(text)
        doc.spans["directives"] = spacy_filter_spans(
            [SpacySpan(doc, s, e, label="DIRECTIVE") for _, s, e in self.directives(doc)])
        spans = [doc.char_span(c.start, c.end, label="DEADLINE", alignment_mode="expand")
                 for c in analyse_deadlines(doc.text).candidates]
        doc.spans["deadlines"] = [s for s in spans if s is not None]
        return doc


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference()


def _marked(doc) -> tuple:
    return (
        [(t.text, t.idx, bool(t.is_sent_start)) for t in doc],
        [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents],
        [(s.start, s.end) for s in doc.spans["directives"]],
        [(s.start, s.end) for s in doc.spans["deadlines"]],
        [(s.start, s.end, s.text) for s in doc.sents],
    )


def test_documents_are_marked_as_the_spacy_pipeline_marks_them(texts, reference) -> None:
    nlp = get_nlp()
    different = [t for t in map(normalise_quotes, texts)
                 if _marked(nlp(t)) != _marked(reference(t))]
    assert not different, different[:5]


@pytest.mark.parametrize("settings_", [
    {}, {"guess": False}, {"inspected": "chief_constables"},
    {"inspected": "fire_and_rescue_services", "names": ("KFRS", "the Service")},
], ids=["thematic", "no-guess", "one-force", "one-service"])
def test_addressees_are_those_read_from_the_spacy_pipeline(texts, reference, settings_) -> None:
    nlp = get_nlp()
    vocabulary = reference.vocabulary
    different = []
    for text in map(normalise_quotes, texts):
        ours = addressees_from_doc(nlp(text), vocabulary, **settings_)
        theirs = addressees_from_doc(reference(text), vocabulary, **settings_)
        if ours != theirs:
            different.append((text[:80], ours, theirs))
    assert not different, different[:5]


# --------------------------------------------------------------------------- token patterns

PATTERNS = [
    [{"IS_TITLE": True, "LOWER": {"NOT_IN": ["the", "of", "and"]}, "OP": "+"},
     {"LOWER": {"IN": ["police", "constabulary"]}}, {"LOWER": "service", "OP": "?"}],
    [{"LOWER": "the"}, {"IS_ALPHA": True, "OP": "*"}, {"LOWER": "council"}],
    [{"LOWER": "chief"}, {"LOWER": "fire", "OP": "!"}, {"LOWER": "officers"}],
    [{"ORTH": {"REGEX": "^[A-Z]{2,5}s?$"}}],
    [{"LENGTH": {">=": 3}, "IS_UPPER": True}, {"IS_PUNCT": True, "OP": "{1,2}"}],
    [{"LIKE_NUM": True, "OP": "{2}"}],
    [{"text": "Home"}, {"lower": "office"}],
    [{"IS_SENT_START": True, "IS_TITLE": True}, {"IS_LOWER": True, "OP": "{,2}"}],
    [{"IS_DIGIT": True, "OP": "{1,}"}, {"LOWER": {"REGEX": "^(march|april)$"}}],
]


def test_token_patterns_match_where_spacys_matcher_does(texts, spacy_en) -> None:
    nlp = blank()
    nlp.add_pipe("sentencizer")
    spacy_en = spacy.blank("en")
    spacy_en.add_pipe("sentencizer")
    sample = texts[::7] + _generated(500, seed=3)
    for pattern in PATTERNS:
        matcher = Matcher(spacy_en.vocab, validate=True)
        matcher.add("P", [pattern])
        ours = TokenPattern(pattern)
        different = [t for t in sample if ours.find(nlp(t))
                     != sorted({(s, e) for _, s, e in matcher(spacy_en(t)) if e > s})]
        assert not different, (pattern, different[:3])


@pytest.mark.parametrize("pattern, problem", [
    ([{"NOT_AN_ATTRIBUTE": "y"}], "unknown token attribute"),
    ([{"LOWER": "x", "OP": "++"}], "unknown operator"),
    ([{"LOWER": {"SIMILAR": "x"}}], "no predicate"),
    ([{"LOWER": 3}], "takes a str"),
    ([{"LENGTH": {">": "3"}}], "takes a number"),
    ([{"ORTH": {"REGEX": "("}}], "not a valid expression"),
    ([], "non-empty list"),
    (["police"], "mapping of attributes"),
])
def test_a_pattern_that_cannot_be_used_is_refused(pattern, problem) -> None:
    with pytest.raises(PatternError, match=problem):
        TokenPattern(pattern)


def test_a_vocabulary_with_a_bad_pattern_is_refused_in_one_line(tmp_path) -> None:
    vocabulary = tmp_path / "bad.toml"
    vocabulary.write_text('[[body]]\nid = "x"\npatterns = [[{LOWER = "x", OP = "%"}]]\n',
                          encoding="utf-8")
    with pytest.raises(SettingsError, match="invalid token pattern .unknown operator") as raised:
        blank().add_pipe("hmic_addressees", config={"vocabulary_files": [str(vocabulary)]})
    assert "\n" not in raised.value.reason


def test_when_two_names_cover_the_same_words_the_first_declared_wins(tmp_path) -> None:
    vocabulary = tmp_path / "tie.toml"
    vocabulary.write_text(
        '[[body]]\nid = "first"\naliases = ["the panel"]\n'
        '[[body]]\nid = "second"\naliases = ["The Panel"]\n', encoding="utf-8")
    nlp = blank()
    nlp.add_pipe("hmic_addressees",
                 config={"vocabulary_files": [str(vocabulary)], "include_default": False})
    assert [(e.text, e.ent_id_) for e in nlp("Then the panel should meet.").ents] == [
        ("the panel", "first")]


def test_reading_an_item_does_not_load_spacy() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom extractor.analysis import analyse_item\n"
            "analyse_item('Chief constables should act by May 2026.', kind='recommendation')\n"
            "print(any(m == 'spacy' or m.startswith('spacy.') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=REPO)
    assert done.stdout.strip() == "False"
