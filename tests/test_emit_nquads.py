"""The emitter writes N-Quads text itself: it must be exactly what pyoxigraph writes for the same
terms, so a build loads the same quads and exports the same bytes."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest

from graph.corpus import Document
from graph.emit import iri, lang_lit, lit, typed_lit
from graph.iris import Namespace
from graph.pipeline import extract_document, extract_nquads

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_every_character_is_escaped_like_pyoxigraph():
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    mismatched = [c for c in chars if lit(c) != str(ox.Literal(c))]
    assert mismatched == []


@pytest.mark.parametrize("value", ["", "桐乡经济开发区", 'a "quoted"\n\tline\\', "\r\x00\x7f\ufffe"])
def test_literals_with_language_and_datatype(value):
    assert lang_lit(value, "zh") == str(ox.Literal(value, language="zh"))
    assert lang_lit(value, "zh-Hans") == str(ox.Literal(value, language="zh-Hans"))
    assert typed_lit(value, XSD + "date") == str(ox.Literal(value, datatype=ox.NamedNode(XSD + "date")))
    assert typed_lit(value, XSD + "string") == str(ox.Literal(value))


def test_bad_iri_and_language_tag_are_refused():
    with pytest.raises(ValueError):
        iri("http://example.org/a b")
    with pytest.raises(ValueError):
        lang_lit("x", "not a tag")


def test_document_with_a_space_in_its_id_is_refused():
    doc = Document(docid="bad id", text="桐乡经济开发区位于浙江省。")
    with pytest.raises(ValueError):
        extract_nquads(doc, Namespace())


def test_lines_are_pyoxigraph_canonical_and_parse_back():
    text = "桐乡经济开发区（高桥街道）\n\n今年1月至4月，开发区完成工业投资12.5亿元，同比增长8%。\n\n“共同富裕”示范项目签约。"
    doc = Document(docid="snippet", text=text, published=dt.date(2023, 5, 1))
    lines = extract_nquads(doc, Namespace())
    assert lines and all(line.endswith(" .\n") for line in lines)
    quads = extract_document(doc, Namespace())
    assert [f"{q} .\n" for q in quads] == lines
    exact = [q for q in quads if q.predicate.value == "http://www.w3.org/ns/oa#exact"]
    assert any(q.object.value == text for q in quads if q.predicate.value.endswith("#isString"))
    assert exact and all("\n" not in q.object.value or q.object.value in text for q in exact)


def test_span_text_counts_as_only_normalised_exactly_when_normalise_gives_it():
    """edz:repairedText is written only when the repair did more than normalise punctuation; the
    emitter decides that from one normalisation of the whole text, also next to digit
    separators (1,000 / 12:30) at the span's ends."""
    from graph.emit import _Emitter
    from graph.repair import normalise

    text = "价格1,000元:共12:30分(约)!a,b;c:1,2,3,,4::5?" * 2
    e = _Emitter.__new__(_Emitter)
    e.doc, e._norm = Document(docid="x", text=text), None
    for oa in range(len(text)):
        for ob in range(oa + 1, min(len(text), oa + 12) + 1):
            orig = text[oa:ob]
            for repaired in (normalise(orig), orig, normalise(text)[oa:ob]):
                assert e._only_normalised(repaired, oa, ob) == (repaired == normalise(orig)), (oa, ob, repaired)
