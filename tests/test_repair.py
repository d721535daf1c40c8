"""Text repair: page-break damage of the seed article and of synthetic snippets, offset map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.repair import normalise_char, repair
from graph.sentences import split_sentences

from .conftest import SEED


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    return text, repair(text)


def units(rt, kind):
    return [rt.text[u.start:u.end] for u in rt.units if u.kind == kind]


def assert_offsets(original: str, rt) -> None:
    """Every repaired character comes from its original position (modulo ,;:()!? → full width)."""
    assert len(rt.origin) == len(rt.text)
    for i, c in enumerate(rt.text):
        o = original[rt.origin[i]]
        assert c in (o, normalise_char(o)), (i, c, o)


# ---------------------------------------------------------------------------- the seed article


def test_seed_offset_map_holds_for_every_character(seed):
    original, rt = seed
    assert_offsets(original, rt)


def test_doubled_character_of_a_name_at_a_page_break_is_dropped(seed):
    _, rt = seed
    assert "浙江德盛铁路器材股份有限公司CEO关炜成了漕泾村的“兴村导师”" in rt.text
    assert "关炜炜" not in rt.text


def test_word_cut_by_a_page_break_and_a_caption_is_rejoined(seed):
    _, rt = seed
    assert "坚持招商引资“一号工程”不动摇，围绕环保新材料、5G电子信息" in rt.text
    assert "海盐经济开发区公权力大数据监督平台" in units(rt, "caption")


def test_paragraph_cut_mid_word_is_rejoined(seed):
    _, rt = seed
    assert "台升实业地块将作为嘉善经济技术开发区有成长潜力的小微企业集聚地。" in rt.text
    assert "电子信息产业链成功入选浙江省开发区产业链" in rt.text
    assert "截至6月底，该区块企业腾退签约率已经超过84%" in rt.text
    assert "丰富职工“菜篮子”，也将为低收入村民蹚出一条增收致富路。" in rt.text


def test_character_lost_at_a_break_is_joined_and_the_break_recorded(seed):
    original, rt = seed
    i = rt.text.index("桐乡经济开区纪检监察工委")
    join = i + len("桐乡经济开")
    assert join in rt.joins
    # the original span of the damaged name covers the page break
    a, b = rt.original_span(i, i + len("桐乡经济开区纪检监察工委"))
    assert original[a:b] == "桐乡经济开\n\n区纪检监察工委"


def test_caption_between_halves_of_a_paragraph(seed):
    _, rt = seed
    assert "为乡村振兴构建了廉洁高效的良好发展环境。" in rt.text
    assert "奋进中的桐乡经济开发区" in units(rt, "caption")


def test_captions_headlines_and_credits_are_their_own_units(seed):
    _, rt = seed
    assert units(rt, "headline") == [
        "桐乡经济开发区 “强企兴村”携手开跑共富路",
        "村企产业共培 走好“造血式”共富路",
        "兴村导师接棒 携手奔向致富路",
        "嘉善经济技术开发区 融合再造寻找高质量发展新支点",
        "海盐经济开发区 凝心聚力奏响共富“发展曲”",
    ]
    assert units(rt, "caption") == [
        "桐乡经济开发区高铁产业新城",
        "奋进中的桐乡经济开发区",
        "嘉善经济技术开发区俯瞰",
        "海盐经济开发区公权力大数据监督平台",
        "海盐经济开发区高质量外资集聚园区",
    ]
    # three credits, one of them written at the end of a paragraph
    assert units(rt, "credit") == [
        "（本文配图均由桐乡经济开发区提供）",
        "（本文配图均由嘉善经济技术开发区提供）",
        "（本文配图均由海盐经济开发区提供）",
    ]
    assert not any("本文配图" in p for p in units(rt, "paragraph"))


def test_punctuation_is_normalised_one_character_for_one(seed):
    original, rt = seed
    assert "仲夏，雨后。在桐乡经济开发区（高桥街道），" in rt.text
    assert not any(c in rt.text for c in ",;:()!?")


def test_sentences_keep_quotations_whole(seed):
    _, rt = seed
    sents = [rt.text[s.start:s.end] for s in split_sentences(rt)]
    assert "“全村发展得越来越好，离不开村企结对共建。”" in sents
    assert "“千磨万击还坚劲，任尔东西南北风。”" in sents
    quote = [s for s in sents if s.startswith("海盐经济开发区（西塘桥街道）相关负责人说")]
    assert len(quote) == 1 and quote[0].endswith("蓄势赋能。”")


def test_sentence_original_offsets_cover_their_text(seed):
    original, rt = seed
    for s in split_sentences(rt):
        exact = original[s.ostart:s.oend]
        assert exact.startswith(original[rt.origin[s.start]]) and exact.endswith(original[rt.origin[s.end - 1]])


# ---------------------------------------------------------------------------- synthetic snippets


def test_doubled_surname_across_a_caption():
    raw = "“路子宽了。”大力村党总支书记沈国\n\n\n\n某某开发区智能装备产业园\n\n国强说。他很高兴。\n"
    rt = repair(raw)
    assert "大力村党总支书记沈国强说。他很高兴。" in rt.text
    assert units(rt, "caption") == ["某某开发区智能装备产业园"]
    assert_offsets(raw, rt)


def test_reduplicated_word_across_a_break_is_kept():
    raw = "村民们每天都要去地里，天\n\n天都是这样，一年到头没有停过。\n"
    rt = repair(raw)
    assert "天天都是这样" in rt.text  # 天天 is a word: both characters stay
    assert_offsets(raw, rt)


def test_function_character_doubled_across_a_break_is_kept():
    raw = "为了方便大家出行，村里组织我们村里的\n\n的士司机开展培训，大家都看在眼里。\n"
    rt = repair(raw)
    assert "我们村里的的士司机开展培训" in rt.text
    assert_offsets(raw, rt)


def test_headline_ends_an_open_paragraph():
    raw = "这一段没有句末标点却结束在这里，后面是新的一节\n\n新区块 新气象\n\n新的段落从这里开始。\n"
    rt = repair(raw)
    assert [u.kind for u in rt.units] == ["paragraph", "headline", "paragraph"]
    assert_offsets(raw, rt)


def test_first_line_is_a_headline_and_credit_in_brackets():
    raw = "某某高新区签约三个项目\n\n今年,某某高新区签约项目3个,总投资1,200万元。\n\n(某某融媒体中心供图)\n"
    rt = repair(raw)
    assert [u.kind for u in rt.units] == ["headline", "paragraph", "credit"]
    assert "签约项目3个，总投资1,200万元。" in rt.text  # the thousands separator stays ASCII
    assert_offsets(raw, rt)


def test_crlf_and_indentation():
    raw = "\r\n　　第一段写到一半，被分页\r\n\r\n打断了。\r\n"
    rt = repair(raw)
    assert rt.text == "第一段写到一半，被分页打断了。"
    assert_offsets(raw, rt)


def test_empty_and_blank_input():
    assert repair("").text == ""
    assert repair("\n\n  \n").units == []


_ALPHABET = st.sampled_from(list("村企结对开发区项目，。！？,;:()!? \n\n\n“”天的AB12"))


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=120))
def test_offset_map_property_on_any_text(raw):
    rt = repair(raw)
    assert_offsets(raw, rt)
    for u in rt.units:
        assert 0 <= u.start < u.end <= len(rt.text)


def test_block_cut_inside_brackets_is_not_a_caption():
    raw = "签约仪式现场。\n\n长三角健康农业研究院(浙\n\n江)有限公司等三家单位签约。\n"
    rt = repair(raw)
    assert "长三角健康农业研究院（浙江）有限公司等三家单位签约。" in rt.text
    assert units(rt, "caption") == []
    assert_offsets(raw, rt)


def test_short_block_before_a_doubled_surname_is_not_a_caption():
    raw = "项目进展顺利。\n\n某某高新区管委会副主任王\n\n王海涛表示,将加快建设。\n"
    rt = repair(raw)
    assert "某某高新区管委会副主任王海涛表示，将加快建设。" in rt.text
    assert units(rt, "caption") == []
