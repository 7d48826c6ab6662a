"""Tokens, spans and documents: the English tokenizer and the text objects the rules read.

The tokenizer is spaCy's English tokenizer (``spacy.blank("en")``) carried over: the same
algorithm (split at whitespace, strip prefixes and suffixes, honour special cases such as
"can't" or "e.g.", split at infixes, keep URLs whole) over the same tables, written out in
``extractor.english`` so that reading an item needs no spaCy. ``Doc``, ``Span`` and
``Token`` hold what the rule components and ``extractor.addressees`` read, with spaCy's
names and meanings (``doc.ents``, ``doc.spans``, ``doc.sents``, ``doc.char_span``,
``token.lower_``, ``token.is_title``, ...). ``tests/extractor/test_language.py`` holds
both to spaCy on the samples, the corpus and generated text.

``python -m extractor.tokens`` writes ``extractor/english.py`` again from the installed
spaCy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

__all__ = ["Doc", "Span", "Token", "Tokenizer", "filter_spans", "lexical", "tokenizer"]


# --------------------------------------------------------------------------- lexical attributes

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NUM_WORDS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion quadrillion quintillion "
    "sextillion septillion octillion nonillion decillion gajillion bazillion")
_ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth "
    "thousandth millionth billionth trillionth quadrillionth quintillionth sextillionth "
    "septillionth octillionth nonillionth decillionth gajillionth bazillionth")


def _like_num(text: str) -> bool:
    """English LIKE_NUM: digits (signs, commas and points aside), a fraction, a number
    word or an ordinal ("third", "21st")."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    text = text.replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        if num.isdigit() and denom.isdigit():
            return True
    lower = text.lower()
    if lower in _NUM_WORDS or lower in _ORDINAL_WORDS:
        return True
    return lower.endswith(("st", "nd", "rd", "th")) and lower[:-2].isdigit()


def _is_punct(text: str) -> bool:
    return all(unicodedata.category(ch).startswith("P") for ch in text)


class Lexeme:
    """What a token's text alone says about it (spaCy's lexical attributes)."""

    __slots__ = ("text", "lower_", "is_punct", "is_alpha", "is_title", "is_upper",
                 "is_lower", "is_digit", "is_space", "is_ascii", "like_num")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower_ = text.lower()
        self.is_punct = _is_punct(text)
        self.is_alpha = text.isalpha()
        self.is_title = text.istitle()
        self.is_upper = text.isupper()
        self.is_lower = text.islower()
        self.is_digit = text.isdigit()
        self.is_space = text.isspace()
        self.is_ascii = text.isascii()
        self.like_num = _like_num(text)


_LEXEMES: dict[str, Lexeme] = {}


def lexical(text: str) -> Lexeme:
    """The lexical attributes of ``text`` (kept for the next token with the same text)."""
    found = _LEXEMES.get(text)
    if found is None:
        if len(_LEXEMES) > 200_000:
            _LEXEMES.clear()
        found = _LEXEMES[text] = Lexeme(text)
    return found


# --------------------------------------------------------------------------- text objects


class Token:
    """One token of a ``Doc``: its text, place and lexical attributes."""

    __slots__ = ("doc", "i", "idx", "text", "whitespace_", "lex", "is_sent_start")

    def __init__(self, doc: Doc, i: int, idx: int, text: str, space: bool) -> None:
        self.doc = doc
        self.i = i
        self.idx = idx
        self.text = text
        self.whitespace_ = " " if space else ""
        self.lex = lexical(text)
        self.is_sent_start: bool | None = True if i == 0 else None

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return self.text

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    # The lexical attributes, read from the token's shared Lexeme (spaCy's names).
    lower_ = property(attrgetter("lex.lower_"))
    is_punct = property(attrgetter("lex.is_punct"))
    is_alpha = property(attrgetter("lex.is_alpha"))
    is_title = property(attrgetter("lex.is_title"))
    is_upper = property(attrgetter("lex.is_upper"))
    is_lower = property(attrgetter("lex.is_lower"))
    is_digit = property(attrgetter("lex.is_digit"))
    is_space = property(attrgetter("lex.is_space"))
    is_ascii = property(attrgetter("lex.is_ascii"))
    like_num = property(attrgetter("lex.like_num"))


class Span:
    """Tokens ``start`` to ``end`` (exclusive) of a doc, with an optional label and id."""

    __slots__ = ("doc", "start", "end", "label_", "id_")

    def __init__(self, doc: Doc, start: int, end: int, label: str = "", span_id: str = ""
                 ) -> None:
        self.doc = doc
        self.start = start
        self.end = end
        self.label_ = label
        self.id_ = span_id

    @property
    def ent_id_(self) -> str:
        return self.id_

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        first, last = self.doc.tokens[self.start], self.doc.tokens[self.end - 1]
        return self.doc.text[first.idx : last.idx + len(last.text)]

    def __len__(self) -> int:
        return max(0, self.end - self.start)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc.tokens[self.start : self.end])

    def __getitem__(self, i: int) -> Token:
        return self.doc.tokens[self.start : self.end][i]

    def __repr__(self) -> str:
        return self.text


class Doc:
    """A text as tokens, with the spans the pipeline's components mark on it.

    ``ents`` are the named bodies (non-overlapping, in order), ``spans`` groups of spans
    by key ("directives", "deadlines"), ``deadline`` what the deadline component read.
    """

    def __init__(self, text: str, pieces: Sequence[tuple[str, bool]]) -> None:
        self.text = text
        tokens: list[Token] = []
        idx = 0
        for i, (piece, space) in enumerate(pieces):
            tokens.append(Token(self, i, idx, piece, space))
            idx += len(piece) + space
        self.tokens = tokens
        self._ents: list[Span] = []
        self.spans: dict[str, list[Span]] = {}
        self.deadline: Any = None

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.tokens))
            return Span(self, start, max(start, stop))
        return self.tokens[key]

    @property
    def ents(self) -> tuple[Span, ...]:
        return tuple(self._ents)

    @ents.setter
    def ents(self, spans: Iterable[Span]) -> None:
        self._ents = sorted(spans, key=lambda s: s.start)

    @property
    def sents(self) -> Iterator[Span]:
        """The sentences, as the sentence component marked their first tokens."""
        start = 0
        for token in self.tokens[1:]:
            if token.is_sent_start:
                yield Span(self, start, token.i)
                start = token.i
        if self.tokens:
            yield Span(self, start, len(self.tokens))

    def char_span(self, start_idx: int, end_idx: int, label: str = "", span_id: str = "",
                  alignment_mode: str = "strict") -> Span | None:
        """The span of the characters ``start_idx`` to ``end_idx``: None unless they fall on
        token boundaries ("strict"), or every token they touch ("expand")."""
        if alignment_mode not in ("strict", "expand"):
            raise ValueError(f"unknown alignment mode {alignment_mode!r}")
        start = self._token_at(start_idx)
        if start < 0 or (alignment_mode == "strict" and start_idx != self.tokens[start].idx):
            return None
        end = self._token_at(end_idx - 1)
        last = self.tokens[end] if end >= 0 else None
        if last is None or (alignment_mode == "strict"
                            and end_idx != last.idx + len(last.text)):
            return None
        if alignment_mode == "expand" and start_idx == self.tokens[start].idx + len(
                self.tokens[start].text):
            start += 1  # the whitespace after a token is not part of it
        return Span(self, start, end + 1, label=label, span_id=span_id)

    def _token_at(self, char: int) -> int:
        """The token whose text or the space after it holds character ``char``, or -1."""
        low, high = 0, len(self.tokens) - 1
        tokens = self.tokens
        while low <= high:
            mid = (low + high) // 2
            token = tokens[mid]
            if char < token.idx:
                high = mid - 1
            elif char >= token.idx + len(token.text) + len(token.whitespace_):
                low = mid + 1
            else:
                return mid
        return -1


def filter_spans(spans: Iterable[Any]) -> list[Any]:
    """The spans without overlaps: the longest first, then the earliest; in order."""
    ordered = sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True)
    kept = []
    seen: set[int] = set()
    for span in ordered:
        if span.start not in seen and span.end - 1 not in seen:
            kept.append(span)
            seen.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


# --------------------------------------------------------------------------- the tokenizer


class Tokenizer:
    """spaCy's tokenizer algorithm over given tables (see ``extractor.english``).

    ``specials`` maps a string to the tokens it is split into; ``prefix``, ``suffix`` and
    ``infix`` are the regular expressions of what splits off the front, the back and the
    inside of a whitespace-separated piece; ``url`` matches a piece kept whole.
    """

    def __init__(self, specials: dict[str, tuple[str, ...]], prefix: str, suffix: str,
                 infix: str, url: str) -> None:
        self.specials = specials
        self._prefix = re.compile(prefix).search
        self._suffix = re.compile(suffix).search
        self._infix = re.compile(infix).finditer
        self._url = re.compile(url).match
        self._cache: dict[str, list[str]] = {}
        self._special_patterns: dict[str, list[tuple[str, ...]]] | None = None

    def __call__(self, text: str) -> Doc:
        return Doc(text, self.pieces(text))

    def pieces(self, text: str) -> list[tuple[str, bool]]:
        """The tokens of ``text``, each with whether one space follows it."""
        tokens = self._split(text, with_specials=True)
        if tokens:
            tokens = self._apply_specials(text, tokens)
        return tokens

    # The steps below follow spaCy's Tokenizer (tokenizer.pyx) one for one.

    def _split(self, text: str, with_specials: bool) -> list[tuple[str, bool]]:
        out: list[list[Any]] = []  # [text, space after]
        if not text:
            return []
        in_ws = text[0].isspace()
        start = 0
        i = 0
        for ch in text:
            if ch.isspace() != in_ws:
                if start < i:
                    out.extend([piece, False] for piece in self._piece(text[start:i],
                                                                       with_specials))
                if ch == " ":
                    out[-1][1] = True
                    start = i + 1
                else:
                    start = i
                in_ws = not in_ws
            i += 1
        if start < i:
            out.extend([piece, False] for piece in self._piece(text[start:], with_specials))
            out[-1][1] = text[-1] == " " and not in_ws
        return [(piece, space) for piece, space in out]

    def _piece(self, string: str, with_specials: bool) -> list[str]:
        """The tokens of one whitespace-delimited piece (or one run of whitespace)."""
        if with_specials:
            special = self.specials.get(string)
            if special is not None:
                return list(special)
            cached = self._cache.get(string)
            if cached is not None:
                return cached
        prefixes: list[str] = []
        suffixes: list[str] = []
        core = self._split_affixes(string, prefixes, suffixes, with_specials)
        tokens = prefixes + self._attach(core, with_specials) + suffixes[::-1]
        if with_specials:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[string] = tokens
        return tokens

    def _is_special(self, string: str, with_specials: bool) -> bool:
        return with_specials and string in self.specials

    def _find_prefix(self, string: str) -> int:
        match = self._prefix(string)
        return match.end() - match.start() if match is not None else 0

    def _find_suffix(self, string: str) -> int:
        match = self._suffix(string)
        return match.end() - match.start() if match is not None else 0

    def _split_affixes(self, string: str, prefixes: list[str], suffixes: list[str],
                       with_specials: bool) -> str:
        last_size = 0
        while string and len(string) != last_size:
            if self._is_special(string, with_specials):
                break
            last_size = len(string)
            pre_len = self._find_prefix(string)
            prefix = minus_pre = ""
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and self._is_special(minus_pre, with_specials):
                    string = minus_pre
                    prefixes.append(prefix)
                    break
            suf_len = self._find_suffix(string[pre_len:])
            suffix = minus_suf = ""
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and self._is_special(minus_suf, with_specials):
                    string = minus_suf
                    suffixes.append(suffix)
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return string

    def _attach(self, string: str, with_specials: bool) -> list[str]:
        if not string:
            return []
        if with_specials:
            special = self.specials.get(string)
            if special is not None:
                return list(special)
            cached = self._cache.get(string)
            if cached is not None:
                return list(cached)
        if self._url(string):
            return [string]
        tokens = []
        start = 0
        for match in self._infix(string):
            infix_start, infix_end = match.start(), match.end()
            if infix_start == 0:
                continue
            if infix_start != start:
                tokens.append(string[start:infix_start])
            if infix_start != infix_end:
                tokens.append(string[infix_start:infix_end])
            start = infix_end
        if string[start:]:
            tokens.append(string[start:])
        return tokens

    def _special_sequences(self) -> dict[str, list[tuple[str, ...]]]:
        """Special cases the first pass can miss (those with affixes, infixes or spaces) as
        the tokens that pass gives them, by their first token."""
        if self._special_patterns is None:
            found: dict[str, list[tuple[str, ...]]] = {}
            for string in sorted(self.specials):
                if (self._find_prefix(string) or self._find_suffix(string)
                        or any(True for _ in self._infix(string)) or " " in string):
                    key = tuple(piece for piece, _ in self._split(string, with_specials=False))
                    if key and key not in found.get(key[0], ()):
                        found.setdefault(key[0], []).append(key)
            self._special_patterns = found
        return self._special_patterns

    def _apply_specials(self, text: str, tokens: list[tuple[str, bool]]
                        ) -> list[tuple[str, bool]]:
        """Special cases found across the first pass's tokens replace them."""
        by_first = self._special_sequences()
        orths = [piece for piece, _ in tokens]
        matches = []
        for start, orth in enumerate(orths):
            for key in by_first.get(orth, ()):
                if tuple(orths[start : start + len(key)]) == key:
                    matches.append((start, start + len(key)))
        if not matches:
            return tokens
        matches = sorted(set(matches), key=lambda m: (m[1] - m[0], -m[0]), reverse=True)
        seen: set[int] = set()
        chosen = []
        for start, end in matches:
            if start not in seen and end - 1 not in seen:
                chosen.append((start, end))
            seen.update(range(start, end))
        starts = {}
        for start, end in chosen:
            span_text = "".join(piece + (" " if space else "")
                                for piece, space in tokens[start:end - 1]) + tokens[end - 1][0]
            starts[start] = (end, self.specials.get(span_text))
        out: list[tuple[str, bool]] = []
        i = 0
        while i < len(tokens):
            if i not in starts:
                out.append(tokens[i])
                i += 1
                continue
            end, rule = starts[i]
            if rule is None:
                out.extend(tokens[i:end])
            else:
                out.extend((piece, False) for piece in rule[:-1])
                out.append((rule[-1], tokens[end - 1][1]))
            i = end
        return out


_TOKENIZER: Tokenizer | None = None


def tokenizer() -> Tokenizer:
    """The English tokenizer (built once per process)."""
    global _TOKENIZER
    if _TOKENIZER is None:
        from extractor import english

        _TOKENIZER = Tokenizer(english.SPECIAL_CASES, english.PREFIX, english.SUFFIX,
                               english.INFIX, english.URL)
    return _TOKENIZER


# --------------------------------------------------------------------------- the tables


def spacy_tables() -> dict[str, Any]:
    """The English tables of the installed spaCy (imported only here)."""
    import spacy
    from spacy.pipeline import Sentencizer

    nlp = spacy.blank("en")
    tok = nlp.tokenizer
    specials = {string: tuple(piece[65] for piece in pieces)  # 65: ORTH
                for string, pieces in sorted(tok.rules.items())}
    return {
        "version": spacy.__version__,
        "prefix": tok.prefix_search.__self__.pattern,
        "suffix": tok.suffix_search.__self__.pattern,
        "infix": tok.infix_finditer.__self__.pattern,
        "url": tok.url_match.__self__.pattern,
        "specials": specials,
        "sentence_ends": sorted(Sentencizer.default_punct_chars),
    }


def _literal(value: str, indent: str) -> str:
    """``value`` as adjacent string literals of short lines, in brackets."""
    chunks = [value[i : i + 60] for i in range(0, len(value), 60)] or [""]
    closing = indent[:-4]
    return "(\n" + "".join(f"{indent}{chunk!r}\n" for chunk in chunks) + f"{closing})"


def write_tables(path: Path, tables: dict[str, Any]) -> None:
    """Write ``tables`` (see ``spacy_tables``) as the module ``extractor.english``.

    The special cases go in as one JSON string, which Python compiles (and JSON reads) far
    faster than a dictionary written out: the module is compiled afresh by every process
    that runs without bytecode files.
    """
    specials = json.dumps(tables["specials"], ensure_ascii=True, separators=(",", ":"))
    lines = [
        '"""The English tokenizer\'s tables and sentence ends, as spaCy '
        f'{tables["version"]} has them.',
        "",
        "Written by ``python -m extractor.tokens`` from ``spacy.blank(\"en\")``; read by",
        "``extractor.tokens``. Do not edit by hand.",
        '"""',
        "",
        "import json",
        "",
        f"SPACY_VERSION = {tables['version']!r}",
        "",
        f"PREFIX = {_literal(tables['prefix'], '    ')}",
        f"SUFFIX = {_literal(tables['suffix'], '    ')}",
        f"INFIX = {_literal(tables['infix'], '    ')}",
        f"URL = {_literal(tables['url'], '    ')}",
        "",
        f"_SENTENCE_ENDS = {_literal(''.join(tables['sentence_ends']), '    ')}",
        "SENTENCE_ENDS = frozenset(_SENTENCE_ENDS)",
        "",
        "# Each special case and the tokens it is split into, as JSON.",
        f"_SPECIALS = {_literal(specials, '    ')}",
        "SPECIAL_CASES: dict[str, tuple[str, ...]] = {",
        "    string: tuple(pieces) for string, pieces in json.loads(_SPECIALS).items()",
        "}",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    write_tables(Path(__file__).with_name("english.py"), spacy_tables())
