"""The gazetteer knows China's real administrative divisions with their GB/T 2260 / NBS codes."""

from __future__ import annotations

import pytest

from graph.gazetteer import LEVELS, Division, load, short_form


@pytest.fixture(scope="module")
def gaz():
    return load()


def test_tongxiang_is_a_county_under_jiaxing_under_zhejiang(gaz):
    tx = gaz.by_code("330483")
    assert tx == Division("330483", "桐乡市", "County", "330400")
    assert [(d.code, d.name, d.level) for d in gaz.ancestors("330483")] == [
        ("330400", "嘉兴市", "City"),
        ("330000", "浙江省", "Province"),
    ]


@pytest.mark.parametrize(
    "code,name,level,parent",
    [
        ("330421", "嘉善县", "County", "330400"),
        ("330424", "海盐县", "County", "330400"),
        ("330824", "开化县", "County", "330800"),
        ("330800", "衢州市", "City", "330000"),
        ("330402", "南湖区", "District", "330400"),
        ("310115", "浦东新区", "District", "310000"),  # municipality: no prefecture level
    ],
)
def test_known_codes(gaz, code, name, level, parent):
    assert gaz.by_code(code) == Division(code, name, level, parent)


def test_exact_lookup(gaz):
    assert [d.code for d in gaz.lookup("桐乡市")] == ["330483"]
    assert [d.code for d in gaz.lookup("嘉兴市")] == ["330400"]
    assert gaz.lookup("桐乡") == []  # a short form is not an official name


def test_short_forms(gaz):
    assert gaz.lookup_short("桐乡")[0].code == "330483"
    assert gaz.lookup_short("嘉兴")[0].code == "330400"
    assert gaz.lookup_short("浙江")[0].code == "330000"
    assert gaz.lookup_short("开化")[0].code == "330824"
    assert gaz.lookup_short("广西")[0].name == "广西壮族自治区"
    assert gaz.lookup_short("延边")[0].name == "延边朝鲜族自治州"
    assert gaz.lookup_short("乌镇")[0].name == "乌镇镇"


def test_short_form_rules():
    assert short_form("桐乡市", "County") == "桐乡"
    assert short_form("高桥街道", "Subdistrict") == "高桥"
    assert short_form("三村村", "Village") == "三村"
    assert short_form("浦东新区", "District") is None  # people write 浦东新区
    assert short_form("城区", "District") is None  # one character would be left


def test_lookup_short_puts_higher_levels_first(gaz):
    levels = [LEVELS.index(d.level) for d in gaz.lookup_short("嘉善")]
    assert levels == sorted(levels) and gaz.lookup_short("嘉善")[0].name == "嘉善县"


def test_subdistricts_of_the_article(gaz):
    gaoqiao = gaz.children("330483", "高桥街道")
    assert [(d.code, d.level) for d in gaoqiao] == [("330483004", "Subdistrict")]
    assert gaz.children("330483", "高桥") == gaoqiao  # by short form too
    assert [d.name for d in gaz.children("330421", "惠民街道")] == ["惠民街道"]
    assert [d.name for d in gaz.children("330424", "西塘桥街道")] == ["西塘桥街道"]
    assert gaz.by_code("330483100").name == "乌镇镇" and gaz.by_code("330483100").level == "Town"


def test_villages_with_the_names_people_write(gaz):
    (sancun,) = gaz.lookup("三村村", within="330483")
    assert sancun.level == "Village" and sancun.parent == "330483004"
    assert [d.code for d in gaz.ancestors(sancun.code)] == ["330483004", "330483", "330400", "330000"]
    (caojing,) = gaz.children("330483004", "漕泾村")
    assert caojing.level == "Village"
    community = gaz.children("330483004", "高桥社区")
    assert len(community) == 1 and community[0].level == "Village"


def test_within_restricts_to_a_subtree(gaz):
    everywhere = gaz.lookup("高桥街道")
    assert len(everywhere) > 1
    assert [d.code for d in gaz.lookup("高桥街道", within="330400")] == ["330483004"]
    assert gaz.is_within("330483004207", "330000")
    assert not gaz.is_within("330483", "320000")


def test_unknown_codes_and_names(gaz):
    assert gaz.by_code("999999") is None
    assert gaz.lookup("不存在市") == []
    assert gaz.ancestors("999999") == []
    assert gaz.children("999999") == []


def test_functional_areas_are_not_divisions(gaz):
    # NBS county-level codes 71–80 are development zones, not administrative divisions
    assert gaz.by_code("130171") is None  # 石家庄高新技术产业开发区
    assert gaz.lookup("石家庄高新技术产业开发区") == []
    assert gaz.by_code("130181").name == "辛集市"  # a real county-level city next to it


def test_every_parent_exists_and_is_one_level_up(gaz):
    rank = {level: i for i, level in enumerate(LEVELS)}
    for code in ("330000", "330400", "330483", "330483004", "330483004207", "310115"):
        d = gaz.by_code(code)
        chain = [d] + gaz.ancestors(code)
        assert chain[-1].level == "Province"
        assert all(rank[a.level] < rank[b.level] for b, a in zip(chain, chain[1:]))
