"""A deterministic N-Quads dataset of about N triples in the shape of edzkg's graph, for load and
query benchmarks at scale (fictitious names; never used by tests of correctness).

Shape (per generated "document", each in its own named graph ``{base}graph/doc/bench-N``): a
development zone in a county of a three-level division tree, its subdistrict, villages paired with
companies, people holding posts, projects with partners, status, investment and land-area figures,
statistics (observations with indicator, area, period, value), and reified statements with
evidence. A metadata graph makes the result servable by ``edzkg serve`` as it is.

    python bench/gen_triples.py OUT.nq --triples 1000000
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path
from typing import Iterator, TextIO

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.names import COMPANY_POSTS, INDUSTRIES, VILLAGE_POSTS, Names  # noqa: E402
from graph.iris import DEFAULT_BASE, PREFIXES, slug  # noqa: E402

STATUSES = ("Planned", "UnderConstruction", "InOperation", "Signed")
INDICATORS = ("gross-output", "industrial-output", "added-value", "investment", "tax-revenue", "exports")
VALUE_KINDS = ("Level", "GrowthRate", "Share")
PROVINCES, CITIES_PER_PROVINCE, COUNTIES_PER_CITY = 31, 10, 6


def _lit(text: str, lang: str = "zh") -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def _typed(value: str, dtype: str) -> str:
    return f'"{value}"^^<{PREFIXES["xsd"]}{dtype}>'


class Vocab:
    """IRIs in N-Triples syntax, built once."""

    def __init__(self, base: str) -> None:
        self.base = base
        edz = base + "ontology#"
        p = PREFIXES
        self.type = f"<{p['rdf']}type>"
        self.label = f"<{p['rdfs']}label>"
        self.num = f"<{p['qudt']}numericValue>"
        self.unit = f"<{p['qudt']}unit>"
        self.e = {k: f"<{edz}{k}>" for k in (
            "DevelopmentZone", "Subdistrict", "Village", "Company", "Person", "Post", "Project",
            "MonetaryAmount", "Area", "Observation", "Statement", "Document", "Province", "City", "County",
            "locatedIn", "partOf", "administeredJointlyWith", "pairedWith", "holdsPost", "postIn", "roleTitle",
            "heldBy", "hasPartner", "partnerIn", "status", "totalInvestment", "landArea", "currency",
            "originalText", "approximation", "Exact", "AtLeast", "Approximately", "indicator", "refArea",
            "valueKind", "focusesOnIndustry", "cooperatesWith", "evidence", "extractedBy", "mention",
            "inDocument", *STATUSES, *VALUE_KINDS,
        )}
        self.rdf = {k: f"<{p['rdf']}{k}>" for k in ("subject", "predicate", "object")}
        self.derived = f"<{p['prov']}wasDerivedFrom>"
        self.title = f"<{p['dcterms']}title>"
        self.cny = f"<{p['unit']}CNY>"
        self.m2 = f"<{p['unit']}M2>"

    def iri(self, kind: str, key: str) -> str:
        return f"<{self.base}id/{kind}/{key}>"


def _divisions(v: Vocab, rng: random.Random) -> tuple[list[str], list[tuple[str, str]]]:
    """Quads (default graph: the gazetteer) and the list of (county IRI, county name)."""
    lines: list[str] = []
    counties: list[tuple[str, str]] = []
    names = Names(rng.randrange(2**62))
    for pi in range(PROVINCES):
        prov = v.iri("division", f"{11 + pi:02d}0000")
        pname = names.place() + "省"
        lines += [f"{prov} {v.type} {v.e['Province']} .", f"{prov} {v.label} {_lit(pname)} ."]
        for ci in range(CITIES_PER_PROVINCE):
            city = v.iri("division", f"{11 + pi:02d}{ci + 1:02d}00")
            lines += [f"{city} {v.type} {v.e['City']} .", f"{city} {v.label} {_lit(names.place(3) + '市')} .",
                      f"{city} {v.e['partOf']} {prov} ."]
            for ki in range(COUNTIES_PER_CITY):
                county = v.iri("division", f"{11 + pi:02d}{ci + 1:02d}{ki + 1:02d}")
                cname = names.place(3) + rng.choice("县市区")
                lines += [f"{county} {v.type} {v.e['County']} .", f"{county} {v.label} {_lit(cname)} .",
                          f"{county} {v.e['partOf']} {city} ."]
                counties.append((county, cname))
    return lines, counties


def _document(v: Vocab, n: int, counties: list[tuple[str, str]], n_docs: int) -> Iterator[str]:
    """The triples of generated document ``n`` (one zone and everything around it)."""
    rng = random.Random(n)
    names = Names(rng.randrange(2**62))
    k = f"{n}"

    used: set[str] = set()

    def ent(kind: str, name: str) -> str:
        """A unique IRI for the name (two names can share a pinyin slug: 华/桦)."""
        iri = v.iri(kind, f"{slug(name)}-{k}")
        if iri in used:
            iri = v.iri(kind, f"{slug(name)}-{k}-{len(used)}")
        used.add(iri)
        return iri

    doc = f"<{v.base}doc/bench-{k}>"
    yield f"{doc} {v.type} {v.e['Document']}"
    yield f"{doc} {v.title} {_lit('开发区新闻 ' + k)}"
    county, cname = counties[rng.randrange(len(counties))]
    zname = names.zone(cname)
    zone = ent("zone", zname)
    sub_name = names.subdistrict()
    sub = ent("division", sub_name)
    yield from (f"{zone} {v.type} {v.e['DevelopmentZone']}", f"{zone} {v.label} {_lit(zname)}",
                f"{zone} {v.e['locatedIn']} {county}", f"{zone} {v.e['administeredJointlyWith']} {sub}",
                f"{sub} {v.type} {v.e['Subdistrict']}", f"{sub} {v.label} {_lit(sub_name)}",
                f"{sub} {v.e['partOf']} {county}")
    for ind in rng.sample(INDUSTRIES, 2):
        yield f"{zone} {v.e['focusesOnIndustry']} <{v.base}id/industry/{slug(ind)}>"
    other = rng.randrange(n_docs)
    yield f"{zone} {v.e['cooperatesWith']} {v.iri('zone', 'partner-' + str(other))}"
    companies = []
    for _ in range(rng.randrange(3, 7)):
        cname_ = names.company()
        c = ent("org", cname_)
        companies.append(c)
        yield from (f"{c} {v.type} {v.e['Company']}", f"{c} {v.label} {_lit(cname_)}", f"{c} {v.e['locatedIn']} {zone}")
    for _ in range(rng.randrange(2, 6)):
        vname = names.village()
        vil = ent("division", vname)
        yield from (f"{vil} {v.type} {v.e['Village']}", f"{vil} {v.label} {_lit(vname)}",
                    f"{vil} {v.e['partOf']} {sub}", f"{vil} {v.e['pairedWith']} {rng.choice(companies)}")
    for _ in range(rng.randrange(2, 5)):
        pname = names.person()
        person, post, org = ent("person", pname), ent("post", pname), rng.choice(companies)
        title = rng.choice(COMPANY_POSTS + VILLAGE_POSTS)
        yield from (f"{person} {v.type} {v.e['Person']}", f"{person} {v.label} {_lit(pname)}",
                    f"{person} {v.e['holdsPost']} {post}", f"{post} {v.type} {v.e['Post']}",
                    f"{post} {v.e['postIn']} {org}", f"{post} {v.e['roleTitle']} {_lit(title)}",
                    f"{post} {v.e['heldBy']} {person}")
    for j in range(rng.randrange(2, 6)):
        prname = names.project()
        pr = ent("project", prname)
        partner = rng.choice(companies)
        wan = rng.randrange(10, 50000)
        mu = rng.randrange(5, 5000)
        inv, area = v.iri("figure", f"inv-{k}-{j}"), v.iri("figure", f"area-{k}-{j}")
        yield from (f"{pr} {v.type} {v.e['Project']}", f"{pr} {v.label} {_lit(prname)}",
                    f"{pr} {v.e['locatedIn']} {zone}", f"{pr} {v.e['hasPartner']} {partner}",
                    f"{partner} {v.e['partnerIn']} {pr}", f"{pr} {v.e['status']} {v.e[rng.choice(STATUSES)]}",
                    f"{pr} {v.e['totalInvestment']} {inv}", f"{pr} {v.e['landArea']} {area}",
                    f"{inv} {v.type} {v.e['MonetaryAmount']}", f"{inv} {v.num} {_typed(str(wan * 10000), 'decimal')}",
                    f"{inv} {v.e['currency']} \"CNY\"", f"{inv} {v.unit} {v.cny}",
                    f"{inv} {v.e['originalText']} {_lit(f'{wan}万元')}",
                    f"{inv} {v.e['approximation']} {v.e[rng.choice(('Exact', 'AtLeast', 'Approximately'))]}",
                    f"{area} {v.type} {v.e['Area']}", f"{area} {v.num} {_typed(f'{mu * 666.67:.2f}', 'decimal')}",
                    f"{area} {v.unit} {v.m2}", f"{area} {v.e['originalText']} {_lit(f'{mu}亩')}")
        st = v.iri("stmt", f"{k}-{j}")
        span = f"<{v.base}doc/bench-{k}/span/{j * 100}-{j * 100 + 60}>"
        yield from (f"{st} {v.type} {v.e['Statement']}", f"{st} {v.rdf['subject']} {pr}",
                    f"{st} {v.rdf['predicate']} {v.e['totalInvestment']}", f"{st} {v.rdf['object']} {inv}",
                    f"{st} {v.e['evidence']} {span}", f"{st} {v.e['extractedBy']} \"project-investment\"",
                    f"{st} {v.derived} {doc}")
    for j in range(rng.randrange(3, 8)):
        ob = v.iri("observation", f"{k}-{j}")
        kind = rng.choice(VALUE_KINDS)
        value = f"{rng.randrange(1, 400)}.{rng.randrange(10, 99)}"
        yield from (f"{ob} {v.type} {v.e['Observation']}",
                    f"{ob} {v.e['indicator']} <{v.base}id/indicator/{rng.choice(INDICATORS)}>",
                    f"{ob} {v.e['refArea']} {zone}", f"{ob} {v.e['valueKind']} {v.e[kind]}",
                    f"{ob} {v.num} {_typed(value, 'decimal')}",
                    f"{ob} {v.e['originalText']} {_lit(value + ('%' if kind != 'Level' else '亿元'))}")


def write_nquads(out: TextIO, triples: int, base: str = DEFAULT_BASE, seed: int = 1) -> int:
    """Write about ``triples`` quads (at least that many); returns the exact number written."""
    v = Vocab(base)
    rng = random.Random(seed)
    digest = hashlib.sha256()
    written = 0

    def emit(line: str) -> None:
        nonlocal written
        digest.update(line.encode("utf-8"))
        out.write(line)
        written += 1

    gaz, counties = _divisions(v, rng)
    for t in gaz:
        emit(t + "\n")
    n_docs = max(1, triples // 190)
    n = 0
    while written < triples - 4:
        g = f"<{v.base}graph/doc/bench-{n}>"
        for t in _document(v, n, counties, n_docs):
            if written >= triples - 4:
                break
            emit(f"{t} {g} .\n")
        n += 1
    meta = f"<{v.base}graph/meta>"
    ds = f"<{v.base}dataset>"
    for t in (
        f"{ds} {v.type} <{PREFIXES['void']}Dataset>",
        f"{ds} <{PREFIXES['void']}uriSpace> \"{base}\"",
        f"{ds} <{PREFIXES['owl']}versionInfo> \"bench-{digest.hexdigest()}\"",
        f"{ds} <{PREFIXES['void']}triples> {_typed(str(written + 4), 'integer')}",
    ):
        emit(f"{t} {meta} .\n")
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--base-iri", default=DEFAULT_BASE)
    a = p.parse_args(argv)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        n = write_nquads(f, a.triples, a.base_iri, a.seed)
    print(f"wrote {n} quads to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
