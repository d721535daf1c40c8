"""SPARQL text, looked at without a full parser: what the endpoint must know before the engine runs.

pyoxigraph parses and evaluates; this module only tokenizes (strings, IRIs, comments and names are
skipped correctly) to answer a few questions the protocol layer needs:

- which query form is it (``SELECT``/``ASK``/``CONSTRUCT``/``DESCRIBE``), does it name its own
  dataset (``FROM``/``FROM NAMED``: pyoxigraph's union-default-graph flag would override them);
- does it use ``SERVICE`` (federated query makes the server fetch URLs: refused) or, in an update,
  ``LOAD`` (same);
- an update with ``using-graph-uri``/``using-named-graph-uri``: add ``USING``/``USING NAMED`` to
  each ``DELETE``/``INSERT … WHERE`` operation (pyoxigraph has no such parameter), or report the
  conflict with the update's own ``USING``/``WITH``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, Sequence

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>"{3}(?:[^"\\]|\\[\s\S]|"(?!""))*"{3}
              | '{3}(?:[^'\\]|\\[\s\S]|'(?!''))*'{3}
              | "(?:[^"\\\n\r]|\\.)*"
              | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\W][\w\u00B7\u0300-\u036F\u203F-\u2040]*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:(?:[\w-]|\.(?=[\w-]))*)
  | (?P<pname>(?:[^\W\d_](?:[\w-]|\.(?=[\w-]))*)?:(?:[\w:%-]|\\[\S]|\.(?=[\w:%-]))*)
  | (?P<number>[+-]?(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[^\W\d][\w-]*)
  | (?P<punct>\^\^|&&|\|\||<=|>=|!=|.)
    """,
    re.VERBOSE | re.DOTALL,
)

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Token:
    kind: str  # string iri var langtag bnode pname number word punct
    text: str
    start: int
    end: int
    depth: int  # {…} nesting depth at the token (a brace has the depth outside it)

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a query or update (comments and whitespace dropped)."""
    depth = 0
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        assert m is not None  # the last alternative matches any character
        kind = m.lastgroup or "punct"
        pos = m.end()
        if kind in ("ws", "comment"):
            continue
        tok = m.group()
        if tok == "}":
            depth = max(0, depth - 1)
            yield Token(kind, tok, m.start(), pos, depth)
            continue
        yield Token(kind, tok, m.start(), pos, depth)
        if tok == "{":
            depth += 1


MAX_NESTING = 1000  # pyoxigraph's recursive parser overflows its stack near 3000 levels
_OPEN = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}


@dataclass(frozen=True)
class QueryInfo:
    form: str | None  # SELECT/ASK/CONSTRUCT/DESCRIBE, None when not recognisable
    has_dataset: bool  # FROM or FROM NAMED in the query
    uses_service: bool
    nesting: int = 0  # deepest nesting of (), {} and []
    limit: int | None = None  # the outer query's own LIMIT


def nesting(text: str) -> int:
    """Deepest bracket nesting outside strings, IRIs and comments."""
    level = deepest = 0
    for t in tokens(text):
        step = _OPEN.get(t.text) if t.kind == "punct" else None
        if step:
            level = max(0, level + step)
            deepest = max(deepest, level)
    return deepest


def analyze_query(text: str) -> QueryInfo:
    """What the endpoint needs to know about a query (memoized for queries up to 4 KiB)."""
    return _analyze_cached(text) if len(text) <= 4096 else _analyze(text)


@functools.lru_cache(maxsize=4096)
def _analyze_cached(text: str) -> QueryInfo:
    return _analyze(text)


def _analyze(text: str) -> QueryInfo:
    form: str | None = None
    has_dataset = False
    service = False
    level = deepest = 0
    limit: int | None = None
    after_limit = False
    for t in tokens(text):
        kw = t.keyword
        if after_limit and t.kind == "number" and t.depth == 0 and t.text.isdigit():
            limit = int(t.text)
        after_limit = kw == "LIMIT" and t.depth == 0 and level == 0
        if not kw:
            step = _OPEN.get(t.text) if t.kind == "punct" else None
            if step:
                level = max(0, level + step)
                deepest = max(deepest, level)
            continue
        if kw == "SERVICE":
            service = True
        elif t.depth == 0 and form is None and kw in FORMS:
            form = kw
        elif t.depth == 0 and kw == "FROM":
            has_dataset = True
    return QueryInfo(form, has_dataset, service, deepest, limit)


def looks_like_update(text: str) -> bool:
    """True when the first keyword after the prologue is an update operation (sent as a query)."""
    for t in tokens(text):
        kw = t.keyword
        if kw in ("BASE", "PREFIX") or t.kind in ("iri", "pname"):
            continue
        return kw in {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
    return False


class UpdateRejected(ValueError):
    """An update the endpoint will not run as sent (the message says why)."""


def uses_load(text: str) -> bool:
    return any(t.depth == 0 and t.keyword == "LOAD" for t in tokens(text))


def _iri(s: str) -> str:
    if any(c in s for c in '<>"{}|^`\\ \t\r\n'):
        raise UpdateRejected(f"not a valid graph IRI: {s!r}")
    return f"<{s}>"


def add_using(text: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The update with ``USING``/``USING NAMED`` clauses for the protocol's dataset parameters.

    Every ``DELETE``/``INSERT … WHERE`` operation gets the clauses; ``DELETE WHERE { P }`` is
    rewritten to its equivalent ``DELETE { P } USING … WHERE { P }``. An update that has its own
    ``USING`` or ``WITH`` while the parameters are given is an error (SPARQL 1.1 Protocol §2.2.3).
    """
    if not using and not using_named:
        return text
    clause = " ".join([f"USING {_iri(g)}" for g in using] + [f"USING NAMED {_iri(g)}" for g in using_named])
    toks = list(tokens(text))
    edits: list[tuple[int, int, str]] = []
    for i, t in enumerate(toks):
        if t.depth != 0:
            continue
        kw = t.keyword
        if kw in ("USING", "WITH"):
            raise UpdateRejected(
                f"the update has its own {kw} clause and the request gives using-graph-uri/"
                "using-named-graph-uri: send only one of them"
            )
        if kw != "WHERE":
            continue
        prev = toks[i - 1].keyword if i else ""
        if prev == "DELETE":  # DELETE WHERE { P } → DELETE { P } USING … WHERE { P }
            j = i + 1
            if j >= len(toks) or toks[j].text != "{":
                continue  # malformed: let the parser report it
            k = j + 1
            while k < len(toks) and not (toks[k].text == "}" and toks[k].depth == 0):
                k += 1
            if k >= len(toks):
                continue
            body = text[toks[j].start:toks[k].end]
            edits.append((t.start, toks[k].end, f"{body} {clause} WHERE {body}"))
        else:
            edits.append((t.start, t.start, clause + " "))
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text
