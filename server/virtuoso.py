"""Property paths rewritten into patterns Virtuoso answers the way the embedded store does.

Virtuoso 7.2 evaluates SPARQL property paths differently from the embedded store (pyoxigraph):

- it refuses a closure (``p+``, ``p*``) whose two ends are both unbound ("transitive start not
  given"), and a sequence mixing ``p?`` with a closure (``(a|b)+/c?``) can silently lose rows;
- it returns one row per way of walking a path (``(l|p)+``, ``p|^q``), where pyoxigraph returns
  each pair of ends once (alternatives, ``?``, ``*`` and ``+`` are sets; sequences are joins).

``rewrite_paths`` replaces every triple pattern whose predicate is a path by plain SPARQL that
has pyoxigraph's answers on any graph: sequences become joins over fresh variables, ``^p``
swaps the ends, alternatives become a ``UNION`` whose later branches exclude pairs already
found (``FILTER NOT EXISTS``), ``p?`` and ``p*`` become the zero-length part (the ends equal, a
term of the active graph) ``UNION`` the rest, and ``p+`` becomes Virtuoso's transitive subquery
(``OPTION (TRANSITIVE, t_distinct, …)``) with its start bound when nothing else binds it.

The fresh variables are named ``?_edzkg_path_N``; ``server.remote`` drops such variables from
results. Syntax the rewriter does not follow (``[ … ]`` property lists, collections, quoted
triples or blank nodes in a pattern that has a path, a path inside ``GRAPH``) leaves the query
as it is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Union

from .sparql import FORMS, Token, tokens

FRESH = "_edzkg_path_"
PATH_MODS = ("?", "*", "+")
# A closure must be evaluated on its own: fed bound starts one by one, Virtuoso 7.2 answers only
# the first (its transitive walk keeps what it visited); a LIMIT keeps it from pushing them in.
SUBQUERY_LIMIT = 2_000_000_000


class Unsupported(ValueError):
    """Syntax this rewriter does not follow; the query is sent unchanged."""


# ------------------------------------------------------------------ path expressions


@dataclass(frozen=True)
class Link:
    """One predicate (an IRI, a prefixed name or ``a``), or a negated set written as is."""

    text: str


@dataclass(frozen=True)
class Inverse:
    path: "Path"


@dataclass(frozen=True)
class Sequence:
    steps: tuple["Path", ...]


@dataclass(frozen=True)
class Alternative:
    choices: tuple["Path", ...]


@dataclass(frozen=True)
class Repeat:
    path: "Path"
    mod: str  # ? * +


Path = Union[Link, Inverse, Sequence, Alternative, Repeat]


class _PathReader:
    """Recursive descent over the tokens of one verb (SPARQL 1.1 grammar rules 88–96)."""

    def __init__(self, toks: list[Token], i: int, text: str) -> None:
        self.toks, self.i, self.text = toks, i, text

    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def is_punct(self, *texts: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == "punct" and t.text in texts

    def alternative(self) -> Path:
        choices = [self.sequence()]
        while self.is_punct("|"):
            self.i += 1
            choices.append(self.sequence())
        return choices[0] if len(choices) == 1 else Alternative(tuple(choices))

    def sequence(self) -> Path:
        steps = [self.element()]
        while self.is_punct("/"):
            self.i += 1
            steps.append(self.element())
        return steps[0] if len(steps) == 1 else Sequence(tuple(steps))

    def element(self) -> Path:
        inverse = self.is_punct("^")
        if inverse:
            self.i += 1
        path = self.primary()
        if self.is_punct(*PATH_MODS):
            path = Repeat(path, self.toks[self.i].text)
            self.i += 1
        return Inverse(path) if inverse else path

    def primary(self) -> Path:
        t = self.peek()
        if t is None:
            raise Unsupported("the query ends inside a property path")
        if t.kind in ("iri", "pname") or (t.kind == "word" and t.text == "a"):
            self.i += 1
            return Link(t.text)
        if t.kind == "punct" and t.text == "!":  # a negated property set: kept as written
            start = t.start
            self.i += 1
            if self.is_punct("("):
                depth = 0
                while self.i < len(self.toks):
                    u = self.toks[self.i]
                    depth += {"(": 1, ")": -1}.get(u.text, 0) if u.kind == "punct" else 0
                    self.i += 1
                    if depth == 0:
                        break
            else:
                if self.is_punct("^"):
                    self.i += 1
                self.i += 1
            return Link(self.text[start:self.toks[self.i - 1].end])
        if t.kind == "punct" and t.text == "(":
            self.i += 1
            path = self.alternative()
            if not self.is_punct(")"):
                raise Unsupported("unbalanced parentheses in a property path")
            self.i += 1
            return path
        raise Unsupported(f"unexpected {t.text!r} in a property path")


def is_plain(path: Path) -> bool:
    """A single predicate: Virtuoso answers it like everyone else."""
    return isinstance(path, Link) and not path.text.startswith("!")


# ------------------------------------------------------------------ patterns for paths


def _is_var(term: str) -> bool:
    return term.startswith(("?", "$"))


def _is_iri(term: str) -> bool:
    return term.startswith("<") or term == "a" or (":" in term and not term.startswith(('"', "'", "?", "$")))


def _same(a: str, b: str) -> str:
    """``a`` and ``b`` are the same term. With an IRI, ``=`` says the same and Virtuoso keeps it:
    it drops ``FILTER(sameTerm(<iri>, ?v))`` when a BIND follows in the group."""
    return f"{a} = {b}" if _is_iri(a) or _is_iri(b) else f"sameTerm({a}, {b})"


def _differ(a: str, b: str) -> str:
    return f"{a} != {b}" if _is_iri(a) or _is_iri(b) else f"!sameTerm({a}, {b})"


@dataclass(frozen=True)
class NotZero:
    """``p?`` or ``p*`` without its zero-length pairs (the other half of a split)."""

    path: Repeat


@dataclass(frozen=True)
class Once:
    """A path whose (s, o) pairs must come once each (written as a DISTINCT subquery)."""

    path: Path


def is_distinct(path: Path) -> bool:
    """Does the rewritten pattern give each (s, o) pair at most once?"""
    if isinstance(path, Link):
        return not path.text.startswith("!")
    if isinstance(path, Inverse):
        return is_distinct(path.path)
    return not isinstance(path, Sequence)


@dataclass(frozen=True)
class Step:
    """``subject path object``: one predicate, or a path that is not a sequence or an inverse."""

    subject: str
    path: Path | NotZero | Once
    object: str

    @property
    def plain(self) -> bool:
        return isinstance(self.path, Link) and not self.path.text.startswith("!")

    @property
    def ends(self) -> set[str]:
        return {t for t in (self.subject, self.object) if _is_var(t)}


@dataclass(frozen=True)
class Head:
    """Patterns that open every branch (``VALUES`` moved in), and the variables they bind."""

    text: str = ""
    names: tuple[str, ...] = ()


NO_HEAD = Head()
MAX_BRANCHES = 32  # a basic graph pattern is written as at most this many UNION branches


@dataclass
class _Writer:
    """Writes plain SPARQL for steps; fresh variables are numbered across the whole query."""

    counter: list[int] = field(default_factory=lambda: [0])
    sets: int = 0  # > 0 where only whether a solution exists counts (EXISTS, SELECT DISTINCT …)

    def fresh(self) -> str:
        self.counter[0] += 1
        return f"?{FRESH}{self.counter[0]}"

    def flatten(self, s: str, path: Path, o: str) -> list[Step]:
        """A sequence as its steps joined over fresh variables (pyoxigraph answers sequences as
        joins too: one row per middle node), an inverse with its ends swapped."""
        if isinstance(path, Inverse):
            return self.flatten(o, path.path, s)
        if isinstance(path, Sequence):
            out, left = [], s
            for k, step in enumerate(path.steps):
                right = o if k == len(path.steps) - 1 else self.fresh()
                out += self.flatten(left, step, right)
                left = right
            return out
        return [Step(s, path, o)]

    # -- a basic graph pattern

    def block(self, steps: list[Step], outer: frozenset[str] = frozenset(), budget: int = MAX_BRANCHES) -> str:
        """The steps of one basic graph pattern (``outer``: variables bound around it)."""
        branches = self.branches(steps, outer, budget)
        return branches[0] if len(branches) == 1 else " UNION ".join(f"{{ {b} }}" for b in branches)

    def branches(self, steps: list[Step], outer: frozenset[str], budget: int, head: Head = NO_HEAD) -> list[str]:
        """The steps as UNION branches, each a flat list of patterns (Virtuoso fails to compile
        a constraint after a nested UNION).

        ``p?`` and ``p*`` with an end the pattern binds become two branches: ``s = o`` written
        as ``VALUES``, ``FILTER`` or ``BIND`` on that end (rather than a list of every node of
        the graph), and the rest (pairs with s ≠ o). An alternative with a ``p?``/``p*`` choice
        becomes one branch per choice, so that those can split too; each branch excludes the
        pairs of the choices before it (``FILTER NOT EXISTS``: pyoxigraph gives each pair once).
        Past ``budget`` branches, the general patterns of ``pattern`` are used instead.
        """
        nodes = outer | {v for st in steps if st.plain for v in st.ends}
        for st in steps:
            others = [x for x in steps if x is not st]
            path = st.path
            if isinstance(path, Alternative) and len(path.choices) <= budget and any(
                    isinstance(x.path, Repeat) and x.path.mod != "+"
                    for c in path.choices for x in self.flatten(st.subject, c, st.object)):
                share = budget // len(path.choices)
                out = []
                for k, choice in enumerate(path.choices):
                    earlier = [b for before in path.choices[:k]  # (their ends bound: no head)
                               for b in self.branches(self._choice(st.subject, before, st.object),
                                                      outer | st.ends, budget)]
                    exclude = "".join(" " + self.exclusion(b) for b in earlier)
                    mine = self._choice(st.subject, choice, st.object)
                    out += [b + exclude for b in self.branches(others + mine, outer, share, head)]
                return out
            if isinstance(path, Repeat) and path.mod != "+" and budget >= 2 and st.ends & nodes \
                    and not self.is_anchored(st, nodes):
                zero = self.zero_branches(st, others, outer, budget // 2, head)
                rest = self.branches(others + [Step(st.subject, NotZero(path), st.object)], outer, budget // 2,
                                     head)
                return zero + rest
        texts = [f"{st.subject} {st.path.text} {st.object} ." for st in steps if st.plain]  # type: ignore[union-attr]
        for st in steps:
            if not st.plain:
                body = self.anchored(st) if self.is_anchored(st, nodes) else \
                    self.pattern(st.subject, st.path, st.object, outer)
                texts.append(f"{{ {body} }}")
        return [" ".join([head.text] + texts if head.text else texts)]

    def zero_branches(self, st: Step, others: list[Step], outer: frozenset[str], budget: int,
                      head: Head) -> list[str]:
        """The other steps where ``st``'s ends are one term (one end is a node they bind).

        One end is replaced by the other in the steps; when it is not a fresh variable, it is
        then projected from the other (``SELECT … (?a AS ?b)``). No ``BIND``, ``FILTER`` or
        ``VALUES`` on the ends: next to the UNION branches, Virtuoso drops rows with them."""
        s, o = st.subject, st.object
        if s == o:
            return self.branches(others, outer, budget, head)
        verbs = {x.path.text for x in others if isinstance(x.path, Link)}
        free = [t for t in (s, o) if _is_var(t) and t not in outer and t not in verbs]
        if not free:  # both bound outside (a NOT EXISTS): a constraint
            have = outer | {v for x in others for v in x.ends}
            return [f"{b} {self.same(s, o, have)}" for b in self.branches(others, outer, budget, head)]
        gone = next((t for t in free if t.startswith("?" + FRESH)), free[0])
        kept = o if gone == s else s
        swap = [Step(kept if x.subject == gone else x.subject, x.path, kept if x.object == gone else x.object)
                for x in others]
        out = self.branches(swap, outer, budget, head)
        if gone.startswith("?" + FRESH):
            return out
        names = " ".join(sorted({v for x in swap for v in x.ends if not v.startswith("?" + FRESH)}
                                | {v for v in verbs if _is_var(v)} | set(head.names)))
        return [f"{{ SELECT {names} ({kept} AS {gone}) WHERE {{ {b} }} }}" for b in out]

    @staticmethod
    def exclusion(branch: str) -> str:
        """A filter that drops the solutions ``branch`` matches (its variables bound outside).

        A branch that is only a constraint is negated in place: Virtuoso cannot compile a
        ``FILTER`` alone inside ``NOT EXISTS``."""
        only = re.fullmatch(r"FILTER\((.*)\)", branch.strip())
        if only:
            return f"FILTER(!({only.group(1)}))"
        values = re.fullmatch(r"VALUES (\S+) \{ (.*) \}", branch.strip())
        if values:
            return f"FILTER({_differ(values.group(1), values.group(2))})"
        return f"FILTER NOT EXISTS {{ {branch} }}"

    @staticmethod
    def is_anchored(st: Step, nodes: frozenset[str]) -> bool:
        """``?x p* <c>`` or ``?x p? <c>`` where ``?x`` is a node the pattern binds."""
        return isinstance(st.path, Repeat) and st.path.mod != "+" and len(st.ends) == 1 and bool(st.ends & nodes)

    @staticmethod
    def anchored(st: Step) -> str:
        """The terms ``p*``/``p?`` reach from a constant, one set evaluated on its own by
        Virtuoso's own path (right from a constant; ``DISTINCT`` makes each term come once), so
        ``?x a/rdfs:subClassOf* <C>`` adds no UNION branches. Whether the constant is in the
        graph needs no check: the variable is a node of the pattern."""
        assert isinstance(st.path, Repeat)
        (var,) = st.ends
        walk = f"{st.subject} ({native(st.path.path)}){st.path.mod} {st.object} ."
        return f"{{ SELECT DISTINCT {var} WHERE {{ {walk} }} LIMIT {SUBQUERY_LIMIT} }}"

    def _choice(self, s: str, choice: Path, o: str) -> list[Step]:
        return self.flatten(s, choice, o) if is_distinct(choice) else [Step(s, Once(choice), o)]

    def same(self, s: str, o: str, have: frozenset[str]) -> str:
        """s = o where the pattern already binds both (or the one variable)."""
        a, b = (o, s) if not _is_var(s) else (s, o)
        if not _is_var(a):
            return f"{{ {self.zero_length(s, o)} }}"
        return f"FILTER({_same(a, b)})" if _is_var(b) else f"VALUES {a} {{ {b} }}"

    # -- one path, on its own

    def pattern(self, s: str, path: Path | NotZero | Once, o: str, outer: frozenset[str] = frozenset()) -> str:
        """A group body with pyoxigraph's answers for ``s path o`` (each pair once unless the
        path is a sequence); ``outer``: variables bound around it (in a ``NOT EXISTS``)."""
        if isinstance(path, Alternative):
            return self.alternative(s, path, o)
        if isinstance(path, (Link, Inverse, Sequence)):
            return self.block(self.flatten(s, path, o), outer, budget=1)
        if isinstance(path, Once):
            return self.distinct(s, path.path, o)
        if isinstance(path, NotZero):
            inner = path.path
            rest = self.distinct(s, inner.path, o) if inner.mod == "?" else self.closure(s, inner.path, o, outer)
            return f"{rest} FILTER({_differ(s, o)})"
        if path.mod == "+":
            return self.closure(s, path.path, o, outer)
        return f"{{ {self.zero_length(s, o)} }} UNION {{ {self.pattern(s, NotZero(path), o, outer)} }}"

    def alternative(self, s: str, path: Alternative, o: str) -> str:
        """Each pair once: a ``SELECT DISTINCT`` over the UNION of the choices (a UNION whose
        later branches exclude the earlier ones with ``FILTER NOT EXISTS`` says the same, but
        Virtuoso fails to compile it inside an OPTIONAL with a FILTER). Where only whether a
        solution exists counts (in EXISTS, or a SELECT DISTINCT without subqueries or
        aggregates), Virtuoso's own ``p|^q`` or a plain UNION: the DISTINCT costs it dearly."""
        if self.sets and all(is_plain(c) or isinstance(c, Inverse) and is_plain(c.path) for c in path.choices):
            return f"{s} {native(path)} {o} ."  # how many times a pair comes does not count here
        union = " UNION ".join(f"{{ {self.pattern(s, choice, o)} }}" for choice in path.choices)
        if self.sets:
            return union
        ends = " ".join(dict.fromkeys(t for t in (s, o) if _is_var(t)))
        if not ends:
            return f"{{ SELECT (1 AS {self.fresh()}) WHERE {{ {union} }} LIMIT 1 }}"
        return f"{{ SELECT DISTINCT {ends} WHERE {{ {union} }} }}"

    def distinct(self, s: str, path: Path, o: str) -> str:
        """The pattern with each (s, o) pair once (a sequence may walk two ways to one pair)."""
        body = self.pattern(s, path, o)
        if is_distinct(path):
            return body
        ends = " ".join(dict.fromkeys(t for t in (s, o) if _is_var(t)))
        if not ends:
            return f"{{ SELECT (1 AS {self.fresh()}) WHERE {{ {body} }} LIMIT 1 }}"
        return f"{{ SELECT DISTINCT {ends} WHERE {{ {body} }} }}"

    def zero_length(self, s: str, o: str) -> str:
        """The zero-length path on its own: s = o, a subject or object of the active graph
        (pyoxigraph: not a term the graph does not have)."""
        if _is_var(s) and _is_var(o):
            a, b, c, d = (self.fresh() for _ in range(4))
            nodes = f"{{ {s} {a} {b} }} UNION {{ {c} {d} {s} }}"
            if s == o:
                return f"{{ SELECT DISTINCT {s} WHERE {{ {nodes} }} }}"
            return f"{{ SELECT DISTINCT {s} ({s} AS {o}) WHERE {{ {nodes} }} }}"
        var, term = (s, o) if _is_var(s) else (o, s)
        a, b, c, d = (self.fresh() for _ in range(4))
        in_graph = f"FILTER EXISTS {{ {{ {term} {a} {b} }} UNION {{ {c} {d} {term} }} }}"
        if _is_var(var):
            return f"VALUES {var} {{ {term} }} {in_graph}"
        return f"FILTER({_same(s, o)}) {in_graph}"

    def closure(self, s: str, path: Path, o: str, outer: frozenset[str] = frozenset()) -> str:
        """``s path+ o`` with each pair once: Virtuoso's own ``+`` (which repeats a pair once per
        way of reaching it) under ``SELECT DISTINCT … LIMIT``, evaluated on its own. Nothing
        outside binds the ends there, and Virtuoso needs one bound: when both are variables, the
        start is bound by a first step (the same answers: every path starts with one). With both
        ends bound outside (in a ``NOT EXISTS``), Virtuoso's own path answers the question."""
        ends = " ".join(dict.fromkeys(t for t in (s, o) if _is_var(t)))
        walk = f"{s} ({native(path)})+ {o} ."
        if all(not _is_var(t) or t in outer for t in (s, o)):  # a yes/no question (NOT EXISTS)
            return walk
        if not ends:
            return f"{{ SELECT (1 AS {self.fresh()}) WHERE {{ {walk} }} LIMIT 1 }}"
        if _is_var(s) and _is_var(o):
            walk = f"{s} {native(path)} {self.fresh()} . {walk}"
        return f"{{ SELECT DISTINCT {ends} WHERE {{ {walk} }} LIMIT {SUBQUERY_LIMIT} }}"


def native(path: Path) -> str:
    """The path written back in SPARQL syntax."""
    if isinstance(path, Link):
        return path.text
    if isinstance(path, Inverse):
        return f"^({native(path.path)})"
    if isinstance(path, Sequence):
        return "/".join(f"({native(p)})" for p in path.steps)
    if isinstance(path, Alternative):
        return "|".join(f"({native(p)})" if not isinstance(p, Link) else p.text for p in path.choices)
    return f"({native(path.path)}){path.mod}"


# ------------------------------------------------------------------ finding the paths in a query


@dataclass
class _Triple:
    subject: str
    verb: Path | str  # a variable is a str
    object: str


class _QueryReader:
    """Walks the query's group graph patterns and collects (start, end, replacement) edits."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = list(tokens(text))
        self.edits: list[tuple[int, int, str]] = []
        self.moved: set[tuple[int, int]] = set()
        self.writer = _Writer()

    # -- navigation

    def tok(self, i: int) -> Token:
        if i >= len(self.toks):
            raise Unsupported("the query ends early")
        return self.toks[i]

    def punct(self, i: int, *texts: str) -> bool:
        return i < len(self.toks) and self.toks[i].kind == "punct" and self.toks[i].text in texts

    def closing(self, i: int) -> int:
        """The index of the ``}`` that closes the ``{`` at ``i``."""
        depth = self.toks[i].depth
        for j in range(i + 1, len(self.toks)):
            if self.toks[j].text == "}" and self.toks[j].kind == "punct" and self.toks[j].depth == depth:
                return j
        raise Unsupported("unbalanced braces")

    # -- the query

    def run(self) -> None:
        """Find the WHERE group of the query (not a CONSTRUCT template) and read it."""
        i, parens, template = 0, 0, False
        while i < len(self.toks):
            t = self.toks[i]
            if t.keyword == "CONSTRUCT":
                template = True
            elif t.kind == "punct" and t.text == "(":
                parens += 1
            elif t.kind == "punct" and t.text == ")":
                parens -= 1
            elif t.kind == "punct" and t.text == "{" and parens == 0:
                if template and self.tok(i - 1).keyword == "CONSTRUCT":
                    i = self.closing(i) + 1
                    template = False
                    continue
                self.group(i)
                return
            i += 1

    def group(self, i: int) -> int:
        """Read the group graph pattern opened at ``i``; the index after its ``}``."""
        end = self.closing(i)
        j = i + 1
        if self.tok(j).keyword == "SELECT":  # a subquery: its own WHERE group
            parens = 0
            while j < end:
                t = self.toks[j]
                if t.kind == "punct" and t.text in "()":
                    parens += 1 if t.text == "(" else -1
                elif t.kind == "punct" and t.text == "{" and parens == 0:
                    self.group(j)
                    break
                j += 1
            return end + 1
        blocks: list[tuple[int, int, list[_Triple]]] = []
        values: list[tuple[int, int]] = []  # VALUES blocks that only triples and FILTERs follow
        joins: dict[int, list[tuple[int, int]]] = {}  # block start → those before it
        while j < end:
            t = self.toks[j]
            kw = t.keyword
            if kw not in ("VALUES", "FILTER") and not (t.kind == "punct" and t.text == ".") and \
                    (kw or t.kind == "punct" and t.text == "{"):
                values = []
            if t.kind == "punct" and t.text == "{":
                j = self.group(j)
            elif kw in ("OPTIONAL", "MINUS", "UNION"):
                j += 1
            elif kw == "GRAPH":  # subqueries inside GRAPH: engines disagree on the graph they see
                if any(t.kind == "punct" and t.text in "/|^*+?!" for t in self.toks[j:self.closing(j + 2)]):
                    raise Unsupported("a property path inside GRAPH")
                j += 2
            elif kw == "SERVICE":
                j += 1
                if self.tok(j).keyword == "SILENT":
                    j += 1
                j = self.closing(j + 1) + 1
            elif kw in ("FILTER", "BIND"):
                j = self.expression(j + 1)
            elif kw == "VALUES":
                first = j
                j += 1
                if self.punct(j, "("):
                    while not self.punct(j, ")"):
                        j += 1
                j += 1
                j = self.closing(j) + 1
                values.append((first, j))
            elif t.kind == "punct" and t.text == ".":
                j += 1
            else:
                start = j
                j, triples = self.triples(j)
                if self.punct(j, "."):
                    j += 1
                if blocks and blocks[-1][1] == start:  # the same basic graph pattern goes on
                    start, triples = blocks[-1][0], blocks.pop()[2] + triples
                blocks.append((start, j, triples))
                joins[start] = list(values)
        self.rewrite(blocks, joins)
        return end + 1

    def exists(self, i: int) -> int:
        """The group of an EXISTS: only whether it has a solution counts."""
        self.writer.sets += 1
        try:
            return self.group(i)
        finally:
            self.writer.sets -= 1

    def expression(self, j: int) -> int:
        """Skip a FILTER constraint or BIND(…), reading the groups of EXISTS inside it."""
        t = self.tok(j)
        if t.keyword in ("EXISTS", "NOT"):
            if t.keyword == "NOT":
                j += 1
            return self.exists(j + 1)
        if not self.punct(j, "("):
            j += 1  # a function name: regex(…), <iri>(…)
        depth = 0
        while True:
            t = self.tok(j)
            if t.kind == "punct" and t.text == "(":
                depth += 1
            elif t.kind == "punct" and t.text == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            elif t.kind == "punct" and t.text == "{":
                j = self.exists(j)
                continue
            j += 1

    # -- triples

    def term(self, j: int) -> tuple[str, int]:
        t = self.tok(j)
        if t.kind in ("var", "iri", "pname", "number"):
            return t.text, j + 1
        if t.kind == "bnode":
            return t.text, j + 1
        if t.kind == "word" and t.text.lower() in ("true", "false"):
            return t.text, j + 1
        if t.kind == "string":
            end = t.end
            if j + 1 < len(self.toks) and self.toks[j + 1].kind == "langtag":
                end, j = self.toks[j + 1].end, j + 1
            elif self.punct(j + 1, "^^"):
                end, j = self.tok(j + 2).end, j + 2
            return self.text[t.start:end], j + 1
        raise Unsupported(f"{t.text!r} in a triple pattern")

    def triples(self, j: int) -> tuple[int, list[_Triple]]:
        """One subject with its property list; (index after it, its triples)."""
        subject, j = self.term(j)
        found: list[_Triple] = []
        while True:
            t = self.tok(j)
            if t.kind == "var":
                verb: Path | str = t.text
                j += 1
            else:
                reader = _PathReader(self.toks, j, self.text)
                verb = reader.alternative()
                j = reader.i
            while True:
                obj, j = self.term(j)
                found.append(_Triple(subject, verb, obj))
                if not self.punct(j, ","):
                    break
                j += 1
            if not self.punct(j, ";"):
                return j, found
            while self.punct(j, ";"):
                j += 1
            if not self.starts_verb(j):
                return j, found

    def starts_verb(self, j: int) -> bool:
        if j >= len(self.toks):
            return False
        t = self.toks[j]
        return t.kind in ("var", "iri", "pname") or (t.kind == "word" and t.text == "a") or \
            (t.kind == "punct" and t.text in ("^", "(", "!"))

    def rewrite(self, blocks: list[tuple[int, int, list[_Triple]]],
                joins: dict[int, list[tuple[int, int]]]) -> None:
        """Replace each basic graph pattern that has a path by plain patterns.

        When that gives a UNION, the ``VALUES`` blocks of the group before it (with only triples
        and FILTERs between) move into each branch: the same join, and Virtuoso loses every row
        of a ``VALUES`` joined with a ``UNION`` that compares its values."""
        paths = [b for b in blocks if any(not isinstance(t.verb, str) and not is_plain(t.verb) for t in b[2])]
        if not paths:
            return
        if any(self.toks[k].kind == "bnode" for start, stop, _ in blocks for k in range(start, stop)):
            raise Unsupported("blank nodes in a group with a property path")  # the group gets split
        for start, stop, triples in paths:
            steps = [step for t in triples for step in
                     self.writer.flatten(t.subject, Link(t.verb) if isinstance(t.verb, str) else t.verb, t.object)]
            counter = self.writer.counter[0]
            branches = self.writer.branches(steps, frozenset(), MAX_BRANCHES)
            moved = [v for v in joins.get(start, []) if v not in self.moved] if len(branches) > 1 else []
            if moved:
                for first, after in moved:
                    self.moved.add((first, after))
                    self.edits.append((self.toks[first].start, self.toks[after - 1].end, ""))
                spans = [self.text[self.toks[first].start:self.toks[after - 1].end] for first, after in moved]
                head = Head(" ".join(spans),
                            tuple(t.text for first, after in moved for t in self.toks[first:after] if t.kind == "var"))
                self.writer.counter[0] = counter
                branches = self.writer.branches(steps, frozenset(), MAX_BRANCHES, head)
            text = branches[0] if len(branches) == 1 else " UNION ".join(f"{{ {b} }}" for b in branches)
            self.edits.append((self.toks[start].start, self.toks[stop - 1].end, text))


AGGREGATES = {"COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE", "GROUP_CONCAT"}


def _only_sets(toks: list[Token]) -> bool:
    """Does the query give the same answers whatever the multiplicity of its solutions?

    ASK, CONSTRUCT and DESCRIBE (a graph is a set), and a SELECT DISTINCT without subqueries,
    aggregates or GROUP BY."""
    form = next((t for t in toks if t.depth == 0 and t.keyword in FORMS), None)
    if form is None:
        return False
    if form.keyword != "SELECT":
        return True
    k = toks.index(form)
    return (k + 1 < len(toks) and toks[k + 1].keyword == "DISTINCT"
            and sum(t.keyword == "SELECT" for t in toks) == 1
            and not any(t.keyword in AGGREGATES or t.keyword == "GROUP" for t in toks))


def rewrite_paths(query: str) -> str:
    """The query with its property paths in the forms Virtuoso answers like pyoxigraph.

    A query without paths comes back unchanged; so does one with syntax the rewriter does not
    follow (see the module docstring).
    """
    if not any(t.kind == "punct" and t.text in "/|^*+?!" for t in tokens(query)):
        return query
    reader = _QueryReader(query)
    reader.writer.sets = int(_only_sets(reader.toks))
    try:
        reader.run()
    except Unsupported:
        return query
    for start, end, text in sorted(reader.edits, reverse=True):
        query = query[:start] + text + query[end:]
    return query


# ------------------------------------------------------------------ CONSTRUCT and DESCRIBE


def _where_group(toks: list[Token]) -> tuple[int, int] | None:
    """Token indices of the ``{`` and ``}`` of the query's WHERE group (not a CONSTRUCT template)."""
    i, parens, template = 0, 0, False
    while i < len(toks):
        t = toks[i]
        if t.keyword == "CONSTRUCT":
            template = True
        elif t.kind == "punct" and t.text in "()":
            parens += 1 if t.text == "(" else -1
        elif t.kind == "punct" and t.text == "{" and parens == 0 and t.depth == 0:
            end = next((j for j in range(i + 1, len(toks)) if toks[j].text == "}" and toks[j].depth == 0), None)
            if end is None:
                return None
            if template and i > 1 and toks[i - 1].keyword == "WHERE" and toks[i - 2].keyword == "CONSTRUCT":
                return None  # CONSTRUCT WHERE { P }: P is the template too
            if template and i and toks[i - 1].keyword == "CONSTRUCT":
                template = False
                i = end + 1
                continue
            return i, end
        i += 1
    return None


def select_all_inside(query: str) -> str:
    """A CONSTRUCT's WHERE group run as ``{ SELECT * WHERE { … } }``: the same solutions.

    Virtuoso 7.2 drops rows of a pattern with several OPTIONALs when it projects only some
    variables (which a CONSTRUCT template does); ``SELECT *`` keeps them all."""
    toks = list(tokens(query))
    form = next((t.keyword for t in toks if t.depth == 0 and t.keyword in FORMS), "")
    where = _where_group(toks) if form == "CONSTRUCT" else None
    if where is None:
        return query
    start, end = toks[where[0]].start, toks[where[1]].end
    return f"{query[:start]}{{ {{ SELECT * WHERE {query[start:end]} }} }}{query[end:]}"


BNODE_DEPTH = 3  # blank nodes followed from a described resource (nested blank nodes, like OWL lists)


def describe_as_construct(query: str) -> str:
    """``DESCRIBE`` as the CONSTRUCT of what pyoxigraph describes: every triple with the resource
    as subject, and those of the blank nodes they lead to (a Concise Bounded Description; nested
    blank nodes up to ``BNODE_DEPTH`` levels). Other queries come back unchanged."""
    toks = list(tokens(query))
    k = next((n for n, t in enumerate(toks) if t.depth == 0 and t.keyword in FORMS), None)
    if k is None or toks[k].keyword != "DESCRIBE":
        return query
    described: list[str] = []
    j = k + 1
    while j < len(toks) and toks[j].kind in ("var", "iri", "pname"):
        described.append(toks[j].text)
        j += 1
    if not described or (j < len(toks) and toks[j].keyword in ("FROM",)):  # DESCRIBE * or a dataset: as is
        return query
    where = ""
    if j < len(toks):
        where = query[toks[j].start:]
        if toks[j].keyword == "WHERE":
            where = query[toks[j + 1].start:] if j + 1 < len(toks) else ""
    var = f"?{FRESH}d"
    branches = []
    for term in described:
        if _is_var(term):
            branches.append(f"{{ SELECT DISTINCT ({term} AS {var}) WHERE {where} }}")
        else:
            branches.append(f"{{ VALUES {var} {{ {term} }} }}")
    p, o = f"?{FRESH}p0", f"?{FRESH}o0"
    template, body = [f"{var} {p} {o} ."], f"{var} {p} {o} ."
    closing = ""
    prev = o
    for level in range(1, BNODE_DEPTH + 1):
        p_n, o_n = f"?{FRESH}p{level}", f"?{FRESH}o{level}"
        template.append(f"{prev} {p_n} {o_n} .")
        body += f" OPTIONAL {{ FILTER(isBlank({prev})) {prev} {p_n} {o_n} ."
        closing += " }"
        prev = o_n
    return (f"{query[:toks[k].start]}CONSTRUCT {{ {' '.join(template)} }} WHERE {{ "
            f"{{ SELECT DISTINCT {var} WHERE {{ {' UNION '.join(branches)} }} }} {body}{closing} }}")


def for_virtuoso(query: str) -> str:
    """Everything this module changes in a query before Virtuoso gets it (memoized for queries
    up to 16 KiB: rewriting a long query takes tens of milliseconds)."""
    return _for_virtuoso_cached(query) if len(query) <= 16384 else _for_virtuoso(query)


@functools.lru_cache(maxsize=256)
def _for_virtuoso_cached(query: str) -> str:
    return _for_virtuoso(query)


def _for_virtuoso(query: str) -> str:
    return select_all_inside(rewrite_paths(describe_as_construct(query)))
