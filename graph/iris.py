"""IRIs: one base IRI, deterministic slugs, and the namespaces every module shares."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


DEFAULT_BASE = "http://127.0.0.1:8000/"

PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "time": "http://www.w3.org/2006/time#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "qb": "http://purl.org/linked-data/cube#",
    "dcterms": "http://purl.org/dc/terms/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A deterministic ASCII slug of a Chinese name: toneless pinyin, lower case, '-' separated.

    >>> slug("桐乡经济开发区")
    'tong-xiang-jing-ji-kai-fa-qu'
    """
    from pypinyin import Style, lazy_pinyin  # imported on first use: loading it takes ~1 s (the server never needs it)

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="default")
    words: list[str] = []
    for syl in syllables:
        s = _NON_SLUG.sub("-", syl.lower()).strip("-")
        if s:
            words.append(s)
    text = "-".join(words)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    if not text:
        text = "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return text[:120]


@dataclass(frozen=True)
class Namespace:
    """All IRIs of one dataset, derived from its base IRI."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            raise ValueError(f"base IRI must end with '/': {self.base!r}")

    @property
    def ontology(self) -> str:
        return self.base + "ontology"

    @property
    def edz(self) -> str:
        return self.base + "ontology#"

    def term(self, local: str) -> str:
        return self.edz + local

    def entity(self, kind: str, key: str) -> str:
        return f"{self.base}id/{kind}/{key}"

    def document(self, docid: str) -> str:
        return f"{self.base}doc/{docid}"

    def span(self, docid: str, start: int, end: int) -> str:
        return f"{self.base}doc/{docid}/span/{start}-{end}"

    def statement(self, docid: str, s: str, p: str, o: str) -> str:
        h = hashlib.sha1(f"{s}\n{p}\n{o}".encode("utf-8")).hexdigest()[:12]
        return f"{self.base}doc/{docid}/stmt/{h}"

    def doc_graph(self, docid: str) -> str:
        return f"{self.base}graph/doc/{docid}"

    @property
    def ontology_graph(self) -> str:
        return self.base + "graph/ontology"

    @property
    def meta_graph(self) -> str:
        return self.base + "graph/meta"

    def prefixes(self) -> dict[str, str]:
        return {"edz": self.edz, **PREFIXES}


def rebase(text: str, base: str) -> str:
    """Rewrite IRIs written with the default base (ontology files, queries) to another base."""
    if base == DEFAULT_BASE:
        return text
    return text.replace(DEFAULT_BASE, base)
