"""Token patterns in spaCy's notation, matched over an ``extractor.tokens.Doc``.

A pattern is a list of token specifications, each a mapping of attributes to what the token
must have, with an optional ``OP`` saying how many tokens it covers, as in spaCy's
``Matcher``::

    [{"IS_TITLE": True, "LOWER": {"NOT_IN": ["the", "of"]}, "OP": "+"},
     {"LOWER": {"IN": ["police", "constabulary"]}},
     {"LOWER": "service", "OP": "?"}]

Attributes: ``ORTH`` (or ``TEXT``), ``LOWER``, ``LENGTH``, and the flags ``IS_ALPHA``,
``IS_ASCII``, ``IS_DIGIT``, ``IS_LOWER``, ``IS_UPPER``, ``IS_TITLE``, ``IS_PUNCT``,
``IS_SPACE``, ``LIKE_NUM``, ``IS_SENT_START``. A value is what the attribute must equal, or
a mapping of predicates: ``IN``, ``NOT_IN``, ``REGEX`` (searched), and for ``LENGTH``
``==``, ``!=``, ``>=``, ``<=``, ``>``, ``<``. Operators: none (exactly one token), ``!`` (one
token that does not match), ``?``, ``*``, ``+``, ``{n}``, ``{n,m}``, ``{n,}``, ``{,m}``.
Like spaCy's matcher, ``find`` gives every span that matches, overlapping ones included.
Anything else is refused with ``PatternError``, one line naming what is wrong.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from extractor.tokens import Doc, Token

__all__ = ["PatternError", "TokenPattern"]


class PatternError(ValueError):
    """A token pattern that cannot be used; the message is one line."""


_STRING_ATTRS: dict[str, Callable[[Token], str]] = {
    "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text,
    "LOWER": lambda t: t.lower_,
}
_FLAG_ATTRS: dict[str, Callable[[Token], bool]] = {
    "IS_ALPHA": lambda t: t.is_alpha,
    "IS_ASCII": lambda t: t.is_ascii,
    "IS_DIGIT": lambda t: t.is_digit,
    "IS_LOWER": lambda t: t.is_lower,
    "IS_UPPER": lambda t: t.is_upper,
    "IS_TITLE": lambda t: t.is_title,
    "IS_PUNCT": lambda t: t.is_punct,
    "IS_SPACE": lambda t: t.is_space,
    "LIKE_NUM": lambda t: t.like_num,
    "IS_SENT_START": lambda t: bool(t.is_sent_start),
}
_NUMBER_ATTRS: dict[str, Callable[[Token], int]] = {"LENGTH": lambda t: len(t.text)}
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le,
    ">": operator.gt, "<": operator.lt,
}
_REPEAT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")

Test = Callable[[Token], bool]


def _value_test(attr: str, getter: Callable[[Token], Any], value: Any, kind: type) -> Test:
    if not isinstance(value, Mapping):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise PatternError(f"{attr} takes a {kind.__name__}, not {value!r}")
        return lambda t: getter(t) == value
    tests: list[Test] = []
    for predicate, argument in value.items():
        name = str(predicate).upper()
        if name in ("IN", "NOT_IN"):
            if not isinstance(argument, Sequence) or isinstance(argument, str):
                raise PatternError(f"{attr} {name} takes a list, not {argument!r}")
            options = frozenset(argument)
            if name == "IN":
                tests.append(lambda t, o=options: getter(t) in o)
            else:
                tests.append(lambda t, o=options: getter(t) not in o)
        elif name == "REGEX" and kind is str:
            try:
                search = re.compile(str(argument)).search
            except re.error as exc:
                raise PatternError(f"{attr} REGEX {argument!r} is not a valid expression "
                                   f"({exc})") from None
            tests.append(lambda t, s=search: s(getter(t)) is not None)
        elif name in _COMPARISONS and kind is int:
            if not isinstance(argument, int) or isinstance(argument, bool):
                raise PatternError(f"{attr} {name} takes a number, not {argument!r}")
            compare = _COMPARISONS[name]
            tests.append(lambda t, c=compare, a=argument: c(getter(t), a))
        else:
            raise PatternError(f"{attr} has no predicate {predicate!r}")
    return _all(tests)


def _token_test(spec: Mapping[str, Any]) -> Test:
    tests: list[Test] = []
    for key, value in spec.items():
        attr = str(key).upper()
        if attr == "OP":
            continue
        if attr in _STRING_ATTRS:
            tests.append(_value_test(attr, _STRING_ATTRS[attr], value, str))
        elif attr in _FLAG_ATTRS:
            tests.append(_value_test(attr, _FLAG_ATTRS[attr], value, bool))
        elif attr in _NUMBER_ATTRS:
            tests.append(_value_test(attr, _NUMBER_ATTRS[attr], value, int))
        else:
            raise PatternError(f"unknown token attribute {key!r}")
    return _all(tests)


def _all(tests: list[Test]) -> Test:
    """A test that passes when every one of ``tests`` does."""
    if not tests:
        return lambda t: True
    if len(tests) == 1:
        return tests[0]
    return lambda t: all(test(t) for test in tests)


def _bounds(op: Any) -> tuple[int, int | None, bool]:
    """(fewest, most or None for unbounded, negated) tokens for an operator."""
    if op is None or op == "1":
        return 1, 1, False
    if op == "!":
        return 1, 1, True
    if op == "?":
        return 0, 1, False
    if op == "*":
        return 0, None, False
    if op == "+":
        return 1, None, False
    repeat = _REPEAT.match(op) if isinstance(op, str) else None
    if repeat is None or not (repeat.group(1) or repeat.group(3)):
        raise PatternError(f"unknown operator {op!r}")
    low = int(repeat.group(1) or 0)
    if not repeat.group(2):
        return low, low, False
    high = int(repeat.group(3)) if repeat.group(3) else None
    if high is not None and high < low:
        raise PatternError(f"operator {op!r} allows fewer tokens than it needs")
    return low, high, False


class TokenPattern:
    """One compiled token pattern: ``find(doc)`` gives every (start, end) it matches."""

    def __init__(self, pattern: Any) -> None:
        if not isinstance(pattern, Sequence) or isinstance(pattern, str) or not pattern:
            raise PatternError("a pattern is a non-empty list of token tables")
        steps: list[tuple[Test, int, int | None, bool]] = []
        for spec in pattern:
            if not isinstance(spec, Mapping):
                raise PatternError(f"a token table is a mapping of attributes, not {spec!r}")
            op = next((v for k, v in spec.items() if str(k).upper() == "OP"), None)
            steps.append((_token_test(spec), *_bounds(op)))
        self._steps = steps

    def find(self, doc: Doc) -> list[tuple[int, int]]:
        """Every (start, end) of tokens the pattern matches, empty spans left out."""
        tokens = doc.tokens
        steps = self._steps
        count = len(tokens)
        # Whether each step takes each token: one test per step and token.
        takes = [[test(t) != negated for t in tokens] for test, _, _, negated in steps]
        memo: dict[tuple[int, int], frozenset[int]] = {}

        def ends(step: int, at: int) -> frozenset[int]:
            """Where a match of steps[step:] starting at token ``at`` can end."""
            key = (step, at)
            result = memo.get(key)
            if result is not None:
                return result
            if step == len(steps):
                result = frozenset((at,))
            else:
                _, low, high, _ = steps[step]
                take = takes[step]
                reached: set[int] = set()
                taken, pos = 0, at
                while True:
                    if taken >= low:
                        reached |= ends(step + 1, pos)
                    if (high is not None and taken >= high) or pos >= count or not take[pos]:
                        break
                    taken += 1
                    pos += 1
                result = frozenset(reached)
            memo[key] = result
            return result

        first = takes[0] if steps[0][1] >= 1 else None
        found: set[tuple[int, int]] = set()
        for start in range(count):
            if first is not None and not first[start]:
                continue  # the first step needs a token here
            found.update((start, end) for end in ends(0, start) if end > start)
        return sorted(found)
