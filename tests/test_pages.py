"""Dereferenceable IRIs, resource pages and the document view, over real HTTP.

Most tests use tests/data/linkeddata/mini.trig: a made-up three-line article (headline,
paragraph, caption) whose company name contains ``<script>``; the expected strings below are
read from that file. The seed-corpus tests look at 桐乡经济开发区 in the built seed article.
"""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
import pytest

ZONE = "id/zone/qing-he-jing-ji-kai-fa-qu"
SUBDISTRICT = "id/division/330000-qing-he-jie-dao"
COMPANY = "id/org/script-gong-si"
PROJECT = "id/project/qing-he-qian-yue-xiang-mu"
PARAGRAPH = "青禾经济开发区(青禾街道)与<script>alert(1)</script>公司签约，总投资5000万元。"
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what browsers send


@pytest.fixture(scope="module")
def mini(served_mini) -> str:
    return served_mini.url


def get(url: str, accept: str = HTML, **kw) -> httpx.Response:
    return httpx.get(url, headers={"Accept": accept}, timeout=30, **kw)


def raw_get(base: str, path: str) -> int:
    """Status of a GET with the path sent exactly as written (no client-side normalisation)."""
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept": "text/turtle"})
        return conn.getresponse().status
    finally:
        conn.close()


# ---------------------------------------------------------------- dereferencing


def test_browser_is_sent_to_the_html_page(mini):
    r = get(f"{mini}/{ZONE}")
    assert r.status_code == 303
    assert r.headers["location"] == f"/{'page'}/{ZONE}"
    assert "accept" in r.headers["vary"].lower()


@pytest.mark.parametrize("accept,ext,fmt", [
    ("text/turtle", "ttl", ox.RdfFormat.TURTLE),
    ("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
])
def test_rdf_clients_get_the_description_both_ways_with_neighbour_labels(mini, accept, ext, fmt):
    r = get(f"{mini}/{ZONE}", accept)
    assert r.status_code == 303 and r.headers["location"] == f"/data/{ZONE}.{ext}"
    assert "accept" in r.headers["vary"].lower()
    data = get(mini + r.headers["location"], accept)
    assert data.status_code == 200 and data.headers["content-type"].startswith(accept)
    triples = {(t.subject.value, t.predicate.value, str(t.object)) for t in ox.parse(data.content, format=fmt)}
    zone, sub = f"{mini}/{ZONE}", f"{mini}/{SUBDISTRICT}"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    assert (zone, label, '"青禾经济开发区"@zh') in triples  # as subject
    assert (f"{mini}/{PROJECT}", f"{mini}/ontology#locatedIn", f"<{zone}>") in triples  # as object
    assert (sub, label, '"青禾街道"@zh') in triples  # a neighbour's label


def test_q_values_choose_the_representation(mini):
    assert get(f"{mini}/{ZONE}", "text/html;q=0.5, text/turtle").headers["location"].endswith(".ttl")
    assert get(f"{mini}/{ZONE}", "text/turtle;q=0.2, text/html").headers["location"] == f"/page/{ZONE}"
    assert get(f"{mini}/{ZONE}", "application/ld+json;q=0.9, application/rdf+xml").headers["location"].endswith(".rdf")
    assert get(f"{mini}/{ZONE}", "image/png").status_code == 406


def test_data_format_parameter(mini):
    r = get(f"{mini}/data/{ZONE}?format=jsonld", "*/*")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert get(f"{mini}/data/{ZONE}?format=pdf").status_code == 400


def test_documents_spans_statements_and_graphs_dereference(mini):
    for path in ("doc/t001", "doc/t001/span/14-68", "doc/t001/span/22-26", "graph/doc/t001"):
        r = get(f"{mini}/{path}")
        assert r.status_code == 303 and r.headers["location"] == f"/page/{path}", path
        assert get(mini + r.headers["location"]).status_code == 200, path
        assert get(f"{mini}/{path}", "text/turtle").headers["location"] == f"/data/{path}.ttl", path


def test_statement_page_shows_its_sentence_and_triple(mini):
    q = (f"SELECT ?st WHERE {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{mini}/{COMPANY}> }}")
    st = httpx.post(f"{mini}/sparql", data={"query": q}, headers={"Accept": "application/sparql-results+json"},
                    timeout=30).json()["results"]["bindings"][0]["st"]["value"]
    page = get(st, follow_redirects=True)
    assert page.status_code == 200
    assert "partner-sign" in page.text
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;公司</mark>" in page.text


def test_unknown_iri_is_404(mini):
    assert get(f"{mini}/id/zone/no-such-zone").status_code == 404
    assert get(f"{mini}/id/zone/no-such-zone", "text/turtle").status_code == 404
    assert get(f"{mini}/page/id/zone/no-such-zone").status_code == 404
    assert get(f"{mini}/data/id/zone/no-such-zone.ttl").status_code == 404
    assert "Not found" in get(f"{mini}/page/id/zone/no-such-zone").text


@pytest.mark.parametrize("path", [
    "/id/%2e%2e/%2e%2e/pyproject.toml",
    "/data/%2e%2e/%2e%2e/pyproject.toml",
    "/page/id/..%2f..%2fpyproject.toml",
    "/data/id/zone/x%3E%20%7D%20ASK%20%7B",  # '>' would end the IRI in a SPARQL query
    "/static/..%2f..%2fpyproject.toml",
    "/static/%2e%2e%2fpages.py",
    "/assets/..%2f..%2fpackage.json",
    "/dumps/..%2f..%2fpyproject.toml",
])
def test_no_path_traversal(mini, path):
    assert raw_get(mini, path) == 404


# ---------------------------------------------------------------- resource pages


def test_zone_page_labels_types_properties_and_provenance(mini):
    r = get(f"{mini}/page/{ZONE}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<h1>青禾经济开发区</h1>" in html
    assert "Qinghe Economic Development Zone" in html and "@en" in html
    assert 'href="/page/ontology#DevelopmentZone"' in html  # its type, linking to the ontology
    # the subdistrict is shown by its label and links to its page
    assert f'<a href="/page/{SUBDISTRICT}" title="{mini}/{SUBDISTRICT}">青禾街道</a>' in html
    # the statement's source sentence, both ends highlighted, linking to the document view
    assert "<mark>青禾经济开发区</mark>(<mark>青禾街道</mark>)与&lt;script&gt;" in html
    assert 'href="/page/doc/t001?hl=14-68#o14"' in html
    assert "zone-paren-subdistrict" in html
    # incoming: the project located in the zone
    assert f'<a href="/page/{PROJECT}"' in html


def test_zone_page_lists_every_mention_in_its_sentence(mini):
    html = get(f"{mini}/page/{ZONE}").text
    section = html[html.index("Mentions"):]
    assert "<mark>青禾经济开发区</mark>推进村企结对" in section  # headline
    assert "图为<mark>青禾经济开发区</mark>一角。" in section  # caption
    assert 'href="/page/doc/t001?hl=71-78#o71"' in section


def test_figures_show_value_unit_and_original_wording(mini):
    html = get(f"{mini}/page/{PROJECT}").text
    details = html[html.index('<table class="details">'):]
    details = details[:details.index("</table>")]
    assert re.search(r">edz:originalText</a>.*?<td><span class=\"lit\">5000万元</span>", details, re.S)
    assert re.search(r">qudt:numericValue</a>.*?<td><span class=\"lit\">50000000", details, re.S)
    assert re.search(r">edz:currency</a>.*?<td><span class=\"lit\">CNY</span>", details, re.S)
    assert "总投资<mark>5000万元</mark>。" in html  # the figure highlighted in its source sentence


def test_markup_in_literals_is_shown_as_text(mini):
    for path in (COMPANY, "doc/t001", ZONE):
        html = get(f"{mini}/page/{path}").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
        assert "<script>alert(1)</script>" not in html, path
        assert "<script" not in html, path  # resource pages need no script at all
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;公司</h1>" in get(f"{mini}/page/{COMPANY}").text


# ---------------------------------------------------------------- document view


def test_document_view_highlights_every_mention_by_class(mini):
    html = get(f"{mini}/page/doc/t001").text
    mentions = re.findall(r'<a class="mention (c-\w+)" href="([^"]+)"', html)
    # 7 mentions in mini.trig: zone ×3, subdistrict, company, project, investment figure
    assert len(mentions) == 7
    assert mentions.count(("c-DevelopmentZone", f"/page/{ZONE}")) == 3
    assert ("c-Subdistrict", f"/page/{SUBDISTRICT}") in mentions
    assert ("c-Company", f"/page/{COMPANY}") in mentions  # the most specific class, not Organization
    assert '<ul class="legend">' in html and "DevelopmentZone" in html
    text = re.sub(r"<[^>]+>", "", html[html.index('<div class="doctext">'):html.index("</section>", html.index("doctext"))])
    assert "青禾经济开发区推进村企结对" in text and "图为青禾经济开发区一角。" in text


def test_document_view_marks_headline_and_caption(mini):
    html = get(f"{mini}/page/doc/t001").text
    assert re.search(r'<span class="unit unit-headline" data-kind="headline"><small class="kind">headline</small>'
                     r'(?:<span id="o\d+"></span>)?<a class="mention c-DevelopmentZone"[^>]*>青禾经济开发区</a>推进村企结对</span>', html)
    assert re.search(r'<span class="unit unit-caption"[^>]*>.*图为<a [^>]*>青禾经济开发区</a>一角。</span>', html)


def test_evidence_link_lands_on_the_sentence_in_the_document(mini):
    html = get(f"{mini}/page/doc/t001?hl=14-68").text
    target = html[html.index('<span id="o14"></span>'):]
    assert target.startswith('<span id="o14"></span><mark class="target"><a class="mention c-DevelopmentZone"')
    marked = "".join(re.findall(r'<mark class="target">(.*?)</mark>', html))
    assert re.sub(r"<[^>]+>", "", marked).replace("&lt;", "<").replace("&gt;", ">") == PARAGRAPH


# ---------------------------------------------------------------- query UI


def test_query_ui_offers_the_example_questions(mini):
    html = get(mini + "/").text
    # titles = first comment line of each tests/data/linkeddata/queries/*.rq, in file order
    titles = re.findall(r'<button class="example"[^>]*>([^<]+)</button>', html)
    assert titles == ["Which development zones does the graph describe?", "Projects with their total investment"]
    # the queries are rebased to the served base IRI (written with http://127.0.0.1:8000/)
    assert f"PREFIX edz: &lt;{mini}/ontology#&gt;" in html
    assert 'action="/sparql"' in html


def test_query_ui_assets_are_served_locally(mini):
    from server import assets

    if not assets.available():
        pytest.skip(f"YASGUI not installed: {assets.INSTALL_HINT}")
    html = get(mini + "/").text
    assert '<script src="/assets/yasgui.min.js"></script>' in html
    assert '<link rel="stylesheet" href="/assets/yasgui.min.css">' in html
    assert "//cdn" not in html and "https://" not in html.split("<footer>")[0].split("edzkg-examples")[0]
    js = get(mini + "/assets/yasgui.min.js", "*/*")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"] and len(js.content) > 100_000
    assert get(mini + "/static/ui.js", "*/*").status_code == 200
    assert get(mini + "/assets/package.json", "*/*").status_code == 404  # only the listed files


def test_query_ui_without_node_modules_is_a_plain_form(served_mini, monkeypatch, tmp_path):
    from fastapi.testclient import TestClient

    from server.app import create_app

    monkeypatch.setenv("EDZKG_NODE_MODULES", str(tmp_path / "nothing-here"))
    with TestClient(create_app(served_mini.store)) as client:
        html = client.get("/").text
        assert '<form class="plain" method="post" action="/sparql">' in html
        assert '<textarea id="plain-query" name="query"' in html
        assert "make ui" in html and "yasgui.min.js" not in html
        assert client.get("/assets/yasgui.min.js").status_code == 404


# ---------------------------------------------------------------- ontology


def test_ontology_iri_serves_documentation_and_turtle(mini):
    r = get(f"{mini}/ontology")
    assert r.status_code == 303 and r.headers["location"] == "/page/ontology"
    page = get(mini + "/page/ontology")
    assert page.status_code == 200 and "DevelopmentZone" in page.text
    r = get(f"{mini}/ontology", "text/turtle")
    assert r.status_code == 303 and r.headers["location"] == "/data/ontology.ttl"
    ttl = get(mini + r.headers["location"], "text/turtle")
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(ttl.content, format=ox.RdfFormat.TURTLE)}
    owl_class = "http://www.w3.org/2002/07/owl#Class"
    assert (f"{mini}/ontology#DevelopmentZone", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", owl_class) in triples
    assert (f"{mini}/ontology#Company", "http://www.w3.org/2000/01/rdf-schema#subClassOf",
            f"{mini}/ontology#Organization") in triples


# ---------------------------------------------------------------- the seed article


def _sparql(url: str, query: str) -> list[dict]:
    r = httpx.post(f"{url}/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                   timeout=60)
    r.raise_for_status()
    return r.json()["results"]["bindings"]


def test_seed_zone_iri_dereferences_to_a_page_with_its_chinese_label(server_url):
    rows = _sparql(server_url, 'SELECT ?z WHERE { ?z <http://www.w3.org/2000/01/rdf-schema#label> "桐乡经济开发区"@zh }')
    assert rows, "the seed build has no 桐乡经济开发区"
    iri = rows[0]["z"]["value"]
    assert iri.startswith(server_url + "/id/zone/")
    page = get(iri, follow_redirects=True)
    assert page.status_code == 200 and str(page.url).startswith(server_url + "/page/id/zone/")
    assert "<h1>桐乡经济开发区</h1>" in page.text


def _seed_has_mentions(url: str) -> bool:
    r = httpx.post(f"{url}/sparql", data={"query": f"ASK {{ ?e <{url}/ontology#mention> ?m }}"},
                   headers={"Accept": "application/sparql-results+json"}, timeout=60)
    return bool(r.json()["boolean"])


def test_seed_zone_page_highlights_a_source_sentence(server_url):
    if not _seed_has_mentions(server_url):
        pytest.skip("the extraction pipeline emits no edz:mention yet (graph/emit.py), so no source sentence")
    rows = _sparql(server_url, 'SELECT ?z WHERE { ?z <http://www.w3.org/2000/01/rdf-schema#label> "桐乡经济开发区"@zh }')
    html = get(rows[0]["z"]["value"], follow_redirects=True).text
    assert "<mark>桐乡经济开发区</mark>" in html
    assert re.search(r'href="/page/doc/000_41c21bf40b8ca649\?hl=\d+-\d+#o\d+"', html)


def test_seed_document_view_links_mentions(server_url):
    if not _seed_has_mentions(server_url):
        pytest.skip("the extraction pipeline emits no edz:mention yet (graph/emit.py)")
    html = get(f"{server_url}/page/doc/000_41c21bf40b8ca649").text
    zones = re.findall(r'<a class="mention c-DevelopmentZone" href="(/page/id/zone/[^"]+)"[^>]*>([^<]+)</a>', html)
    assert "桐乡经济开发区" in {text for _, text in zones}
    assert "海盐经济开发区" in {text for _, text in zones}


def test_seed_query_ui_offers_every_question_of_queries(server_url):
    from .conftest import ROOT

    files = sorted((ROOT / "queries").glob("*.rq"))
    if not files:
        pytest.skip("queries/ has no .rq files yet")
    html = get(server_url + "/").text
    titles = [t.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")
              for t in re.findall(r'<button class="example"[^>]*>([^<]+)</button>', html)]
    first_lines = [next(ln.lstrip("#").strip() for ln in f.read_text(encoding="utf-8").splitlines()
                        if ln.startswith("#") and ln.lstrip("#").strip()) for f in files]
    assert titles == first_lines


def test_seed_ontology_page_has_an_anchor_for_every_class_and_property_in_use(server_url):
    r = get(f"{server_url}/ontology")
    assert r.status_code == 303 and r.headers["location"] == "/page/ontology"
    html = get(server_url + "/page/ontology").text
    edz = server_url + "/ontology#"
    used = _sparql(server_url, f"""SELECT DISTINCT ?t WHERE {{ {{ GRAPH ?g {{ ?s a ?t }} }} UNION {{ GRAPH ?g {{ ?s ?t ?o }} }}
        FILTER(STRSTARTS(STR(?t), "{edz}")) }}""")
    names = sorted(row["t"]["value"][len(edz):] for row in used)
    assert "DevelopmentZone" in names and "locatedIn" in names
    missing = [n for n in names if f'id="{n}"' not in html]
    assert not missing, f"links /page/ontology#Term would lead nowhere for {missing}"
    ttl = get(f"{server_url}/data/ontology.ttl", "text/turtle")
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(ttl.content, format=ox.RdfFormat.TURTLE))) > 500


def test_seed_every_kind_of_minted_iri_dereferences(server_url):
    """A sample of every kind of IRI under the base (by its first two path segments) answers 303 →
    a page for browsers and data for RDF clients."""
    rows = _sparql(server_url, f"""SELECT DISTINCT ?x WHERE {{
        {{ GRAPH ?g {{ ?x ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?p ?x }} }} UNION {{ GRAPH ?x {{ ?s ?p ?o }} }}
        FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{server_url}/")) }}""")
    groups: dict[str, list[str]] = {}
    for row in rows:
        iri = row["x"]["value"].split("#")[0]
        key = "/".join(iri[len(server_url) + 1:].split("/")[:2])
        groups.setdefault(key, [])
        if iri not in groups[key] and len(groups[key]) < 3:
            groups[key].append(iri)
    assert {"id/zone", "ontology", "graph/doc"} <= set(groups), sorted(groups)
    assert any(k.startswith("doc/") for k in groups)
    for key, iris in sorted(groups.items()):
        for iri in iris:
            if iri == server_url + "/sparql":
                continue  # the endpoint itself
            r = get(iri, "text/turtle")
            assert r.status_code == 303, (iri, r.status_code)
            data = get(server_url + r.headers["location"], "text/turtle")
            assert data.status_code == 200 and len(list(ox.parse(data.content, format=ox.RdfFormat.TURTLE))) > 0, iri
            page = get(iri, follow_redirects=True)
            assert page.status_code == 200 and "<h1>" in page.text, iri
