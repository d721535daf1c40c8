"""Time expressions: what period a reader understands, given the article's publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.timex import GRANULARITIES, find_times

D = dt.date
PUB = D(2022, 7, 1)  # the seed article's (estimated) publication date


def t(text, begin, end, granularity, relative=True):
    return (text, begin, end, granularity, relative)


def readings(text: str, published=PUB, estimated=False) -> list[tuple]:
    out = []
    for x in find_times(text, published, estimated):
        assert text[x.start:x.end] == x.text
        out.append((x.text, x.begin, x.end_date, x.granularity, x.relative))
    return out


# --- the seed article, read by hand ------------------------------------------------------------

SEED_TIMES = [
    t("这些年来", None, PUB, "period"),
    t("时下", PUB, PUB, "day"),
    t("如今", PUB, PUB, "day"),
    t("去年", D(2021, 1, 1), D(2021, 12, 31), "year"),
    t("未来", PUB, None, "period"),  # 该项目未来将建设成为…
    t("这些年", None, PUB, "period"),  # 说起这些年村企结对以来的变化
    t("今年", D(2022, 1, 1), D(2022, 12, 31), "year"),
    t("从去年开始", D(2021, 1, 1), PUB, "period"),
    t("如今", PUB, PUB, "day"),
    t("上世纪90年代", D(1990, 1, 1), D(1999, 12, 31), "decade"),
    t("自去年9月以来", D(2021, 9, 1), PUB, "period"),
    t("截至6月底", D(2022, 6, 30), D(2022, 6, 30), "day"),
    t("未来", PUB, None, "period"),
    t("今年", D(2022, 1, 1), D(2022, 12, 31), "year"),
    t("今后", PUB, None, "period"),
    t("目前", PUB, PUB, "day"),
    t("未来", PUB, None, "period"),
    t("目前", PUB, PUB, "day"),
    t("未来", PUB, None, "period"),
    t("未来", PUB, None, "period"),  # 未来的发展规划蓝图
    t("未来", PUB, None, "period"),
    t("仲夏六月", D(2022, 6, 1), D(2022, 6, 30), "month"),
    t("近年来", None, PUB, "period"),
    t("过去五年", D(2017, 1, 1), D(2021, 12, 31), "year"),
    t("2021年", D(2021, 1, 1), D(2021, 12, 31), "year", relative=False),
    t("今年", D(2022, 1, 1), D(2022, 12, 31), "year"),
    t("1月至4月", D(2022, 1, 1), D(2022, 4, 30), "month"),
    t("近年来", None, PUB, "period"),
    t("过去五年", D(2017, 1, 1), D(2021, 12, 31), "year"),
    t("今年", D(2022, 1, 1), D(2022, 12, 31), "year"),
    t("去年", D(2021, 1, 1), D(2021, 12, 31), "year"),
    t("今年", D(2022, 1, 1), D(2022, 12, 31), "year"),
    t("近几年", None, PUB, "period"),
    # "未来工厂" (a named programme) is not a time; "未来,我们将…" is
    t("未来", PUB, None, "period"),
]


def test_seed_article_times_are_the_ones_a_reader_finds(seed_text):
    found = readings(seed_text, PUB, True)
    assert found == SEED_TIMES


def test_seed_offsets_and_estimated_flag(seed_text):
    times = find_times(seed_text, PUB, published_estimated=True)
    for x in times:
        assert seed_text[x.start:x.end] == x.text
        assert x.estimated == x.relative  # relative ones inherit the estimate, absolute do not
    as_of = next(x for x in times if x.text == "截至6月底")
    assert seed_text[as_of.end:as_of.end + 1] == ","
    assert not any(x.text == "未来工厂" or x.text.startswith("未来工") for x in times)


# --- sentences of the same genre ---------------------------------------------------------------

GENRE = [
    ("2021年5月,该村与企业签约;2022年6月30日项目开工。",
     [t("2021年5月", D(2021, 5, 1), D(2021, 5, 31), "month", False),
      t("2022年6月30日", D(2022, 6, 30), D(2022, 6, 30), "day", False)]),
    ("今年1-4月,全区工业产值增长;去年同期下降。",
     [t("今年1-4月", D(2022, 1, 1), D(2022, 4, 30), "month"),
      t("去年", D(2021, 1, 1), D(2021, 12, 31), "year")]),
    ("今年上半年,GDP增长5%;一季度增长4.8%。",
     [t("今年上半年", D(2022, 1, 1), D(2022, 6, 30), "period"),
      t("一季度", D(2022, 1, 1), D(2022, 3, 31), "quarter")]),
    ("2021年第四季度,前三季度,下半年。",
     [t("2021年第四季度", D(2021, 10, 1), D(2021, 12, 31), "quarter", False),
      t("前三季度", D(2022, 1, 1), D(2022, 9, 30), "period"),
      t("下半年", D(2022, 7, 1), D(2022, 12, 31), "period")]),
    ("2019年以来,累计完成投资;该政策自2020年起实施,2018年至今已签约。",
     [t("2019年以来", D(2019, 1, 1), PUB, "period"),
      t("自2020年起", D(2020, 1, 1), PUB, "period"),
      t("2018年至今", D(2018, 1, 1), PUB, "period")]),
    ("“十四五”期间,全区将新增工业用地;“十三五”以来成效显著。",
     [t("十四五", D(2021, 1, 1), D(2025, 12, 31), "year", False),
      t("“十三五”以来", D(2016, 1, 1), PUB, "period")]),
    ("2021—2025年规划,2021至2023年三年行动。",
     [t("2021—2025年", D(2021, 1, 1), D(2025, 12, 31), "year", False),
      t("2021至2023年", D(2021, 1, 1), D(2023, 12, 31), "year", False)]),
    ("2020年5月至8月,去年9月至今年3月,从2021年到2025年。",
     [t("2020年5月至8月", D(2020, 5, 1), D(2020, 8, 31), "month", False),
      t("去年9月至今年3月", D(2021, 9, 1), D(2022, 3, 31), "month"),
      t("从2021年到2025年", D(2021, 1, 1), D(2025, 12, 31), "year", False)]),
    ("截至去年底,全村集体经济收入;今年年底前完成腾退。",
     [t("截至去年底", D(2021, 12, 31), D(2021, 12, 31), "day"),
      t("今年年底", D(2022, 12, 31), D(2022, 12, 31), "day")]),
    ("截至2021年,全区累计引进项目;到2025年建成。",
     [t("截至2021年", D(2021, 12, 31), D(2021, 12, 31), "day", False),
      t("到2025年", D(2025, 12, 31), D(2025, 12, 31), "day", False)]),
    ("近三年,近5年来,过去十年,五年来。",
     [t("近三年", D(2019, 1, 1), D(2021, 12, 31), "year"),
      t("近5年来", D(2017, 1, 1), D(2021, 12, 31), "year"),
      t("过去十年", D(2012, 1, 1), D(2021, 12, 31), "year"),
      t("五年来", D(2017, 1, 1), D(2021, 12, 31), "year")]),
    ("最近三个月,未来五年,今后三年。",
     [t("最近三个月", D(2022, 4, 1), D(2022, 6, 30), "month"),
      t("未来五年", PUB, D(2027, 6, 30), "period"),
      t("今后三年", PUB, D(2025, 6, 30), "period")]),
    ("二〇二一年,该村成立合作社;八十年代建厂,20世纪80年代。",
     [t("二〇二一年", D(2021, 1, 1), D(2021, 12, 31), "year", False),
      t("八十年代", D(1980, 1, 1), D(1989, 12, 31), "decade", False),
      t("20世纪80年代", D(1980, 1, 1), D(1989, 12, 31), "decade", False)]),
    ("近日,该区签约;日前,项目开工;截至目前,已完成。",
     [t("近日", None, PUB, "period"), t("日前", None, PUB, "period"),
      t("截至目前", PUB, PUB, "day")]),
    ("5月20日签约,6月中旬开工,3月上旬,12月份。",
     [t("5月20日", D(2022, 5, 20), D(2022, 5, 20), "day"),
      t("6月中旬", D(2022, 6, 11), D(2022, 6, 20), "period"),
      t("3月上旬", D(2022, 3, 1), D(2022, 3, 10), "period"),
      t("12月份", D(2022, 12, 1), D(2022, 12, 31), "month")]),
    ("今年来,5月来,2022-06-30,2022.6.30。",
     [t("今年来", D(2022, 1, 1), PUB, "period"), t("5月来", D(2022, 5, 1), PUB, "period"),
      t("2022-06-30", D(2022, 6, 30), D(2022, 6, 30), "day", False),
      t("2022.6.30", D(2022, 6, 30), D(2022, 6, 30), "day", False)]),
    ("明年,前年,后年,上年同期。",
     [t("明年", D(2023, 1, 1), D(2023, 12, 31), "year"),
      t("前年", D(2020, 1, 1), D(2020, 12, 31), "year"),
      t("后年", D(2024, 1, 1), D(2024, 12, 31), "year"),
      t("上年", D(2021, 1, 1), D(2021, 12, 31), "year")]),
    ("２０２１年５月,全区实现工业产值。",  # full-width digits
     [t("２０２１年５月", D(2021, 5, 1), D(2021, 5, 31), "month", False)]),
]


@pytest.mark.parametrize("snippet, expected", GENRE)
def test_genre_sentences(snippet, expected):
    assert readings(snippet) == expected


@pytest.mark.parametrize("snippet", [
    "连续举办了三年的绣球花展,用了5年时间,三年行动计划,三个月,6个月。",  # durations
    "每年可培训,年均增长7.1%,年产8000万条,亩均效益。",
    "推动数字工厂、未来工厂建设,打造未来社区,资金将来自海外。",
    "体现在产业上,统一月度考核,月度计划。",
    "当年,同年,次年,往年,历年,全年。",
    "仲夏,雨后。",  # a season alone is not dated
    "5G电子信息、G60高速、“3+1”产业体系、世界500强。",
    "",
])
def test_no_time(snippet):
    assert find_times(snippet, PUB) == []


# --- publication date unknown, estimated, or different ------------------------------------------

def test_without_publication_date_relative_times_are_kept_but_unresolved():
    got = readings("去年,2021年5月,截至6月底,自去年9月以来,近年来,上世纪90年代。", published=None)
    assert got == [
        t("去年", None, None, "year"),
        t("2021年5月", D(2021, 5, 1), D(2021, 5, 31), "month", False),
        t("截至6月底", None, None, "day"),
        t("自去年9月以来", None, None, "period"),
        t("近年来", None, None, "period"),
        t("上世纪90年代", None, None, "decade"),
    ]


def test_estimated_only_for_relative_times():
    times = find_times("去年,2021年。", D(2022, 7, 1), published_estimated=True)
    assert [(x.text, x.estimated) for x in times] == [("去年", True), ("2021年", False)]
    assert all(not x.estimated for x in find_times("去年,2021年。", D(2022, 7, 1)))


def test_resolution_follows_the_publication_date():
    got = readings("去年底,过去五年,今年2月29日。", published=D(2024, 3, 15))
    assert got == [
        t("去年底", D(2023, 12, 31), D(2023, 12, 31), "day"),
        t("过去五年", D(2019, 1, 1), D(2023, 12, 31), "year"),
        t("今年2月29日", D(2024, 2, 29), D(2024, 2, 29), "day"),
    ]
    assert readings("今年2月29日", published=D(2023, 3, 1)) == []  # no such day


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="published"):
        find_times("去年", "2022-07-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        find_times(None, PUB)  # type: ignore[arg-type]


_ALPHABET = "0123456789０１年月日底末初至到-以来自从截今去明前近过五三十二一个季度上半世纪代的,。 "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40),
       st.one_of(st.none(), st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31))))
def test_every_time_is_a_well_formed_span(text, published):
    times = find_times(text, published)
    assert [x.start for x in times] == sorted(x.start for x in times)
    previous_end = 0
    for x in times:
        assert previous_end <= x.start < x.end <= len(text)
        previous_end = x.end
        assert text[x.start:x.end] == x.text
        assert x.granularity in GRANULARITIES
        if x.begin is not None and x.end_date is not None:
            assert x.begin <= x.end_date
        if published is None and x.relative:
            assert x.begin is None and x.end_date is None


def test_times_after_the_publication_date_are_marked_future():
    """到2025年, 明年, 年底前 and 未来 lie after a text of 20 October 2023: targets, never a period
    already observed; 今年以来 and 前三季度 do not."""
    got = {x.text: x.future for x in find_times("到2025年,明年,年底前,未来五年,今年以来,前三季度,去年。", D(2023, 10, 20))}
    assert got == {"到2025年": True, "明年": True, "年底": True, "未来五年": True,
                   "今年以来": False, "前三季度": False, "去年": False}
    assert not any(x.future for x in find_times("到2025年,明年。", None))  # no date, nothing known
