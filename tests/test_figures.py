"""Figures: what a reader of the sentence would write down as the quantity, its unit and its hedge."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.figures import APPROXIMATIONS, KINDS, MU_IN_M2, Figure, find_figures, parse_amount


def fig(text, kind, value, unit, approx="exact", counter=None, per_year=False, growth=False,
        vague=False):
    """The expected reading of one figure (offsets are checked separately)."""
    return (text, kind, Decimal(str(value)), unit, approx, counter, per_year, growth, vague)


def readings(text: str) -> list[tuple]:
    out = []
    for f in find_figures(text):
        assert text[f.start:f.end] == f.text
        out.append((f.text, f.kind, f.value, f.unit, f.approximation, f.counter, f.per_year,
                    f.is_growth, f.vague))
    return out


# --- the seed article, read by hand ------------------------------------------------------------

SEED_FIGURES = [
    fig("22个", "count", 22, "ITEM", counter="个"),
    fig("三年", "other", 3, "YEAR", counter="年"),  # 连续举办了三年: a duration, not a date
    fig("500人次", "count", 500, "PERSON_TIME", counter="人次", per_year=True),
    fig("上亿元", "money", 100000000, "CNY", "at_least"),
    fig("100余万元", "money", 1000000, "CNY", "at_least", per_year=True),
    fig("200多万元", "money", 2000000, "CNY", "at_least"),
    fig("超25万元", "money", 250000, "CNY", "at_least", per_year=True),
    fig("数百亩", "area", 100, "MU", "at_least", vague=True),
    fig("4500亩", "area", 4500, "MU"),
    fig("2500亩", "area", 2500, "MU"),
    fig("124家", "count", 124, "ITEM", counter="家"),
    fig("348家", "count", 348, "ITEM", counter="家"),
    fig("超过84%", "percent", 84, "PERCENT", "at_least"),
    fig("约2045亩", "area", 2045, "MU", "approximately"),
    fig("10.3万平方米", "area", 103000, "M2"),
    fig("2000亩", "area", 2000, "MU"),
    fig("4500亩", "area", 4500, "MU"),
    fig("220亩", "area", 220, "MU"),
    fig("301亩", "area", 301, "MU"),
    fig("不到10%", "percent", 10, "PERCENT", "at_most"),
    fig("40%", "percent", 40, "PERCENT"),
    fig("374.77亿元", "money", 37477000000, "CNY"),
    fig("突破百亿元", "money", 10000000000, "CNY", "at_least"),
    fig("7.1%", "percent", 7.1, "PERCENT", per_year=True, growth=True),
    fig("6.5%", "percent", 6.5, "PERCENT", per_year=True, growth=True),
    fig("153.15亿元", "money", 15315000000, "CNY"),
    fig("17.8%", "percent", 17.8, "PERCENT", growth=True),
    fig("24.01亿元", "money", 2401000000, "CNY"),
    fig("6.6%", "percent", 6.6, "PERCENT", growth=True),
    fig("156个", "count", 156, "ITEM", counter="个"),
    fig("亿元以上", "money", 100000000, "CNY", "at_least"),
    fig("97个", "count", 97, "ITEM", counter="个"),
    fig("2个", "count", 2, "ITEM", counter="个"),  # 世界500强项目2个: "500强" is a name
    fig("超亿美元", "money", 100000000, "USD", "at_least"),
    fig("10个", "count", 10, "ITEM", counter="个"),
    fig("5个", "count", 5, "ITEM", counter="个"),
    fig("10亿元", "money", 1000000000, "CNY"),
    fig("8000万条", "capacity", 80000000, "PIECE", counter="条", per_year=True),
    fig("4000万欧元", "money", 40000000, "EUR"),
    fig("50000吨", "capacity", 50000, "TONNE", counter="吨", per_year=True),
]


def test_seed_article_figures_are_exactly_the_ones_a_reader_finds(seed_text):
    found = readings(seed_text)
    expected = list(SEED_FIGURES)
    missing = [e for e in expected if e not in found]
    extra = [f for f in found if f not in expected]
    assert not missing and not extra, f"missing {missing}\nextra {extra}"
    assert found == expected  # and in reading order


def test_seed_offsets_point_at_the_original_characters(seed_text):
    figures = find_figures(seed_text)
    assert [f.start for f in figures] == sorted(f.start for f in figures)
    for f in figures:
        assert seed_text[f.start:f.end] == f.text
    first = figures[0]
    assert seed_text[first.start - 8:first.start] == "辖区内优秀企业与"


@pytest.mark.parametrize("snippet, expected", [
    ("更为村集体每年创收了100余万元,为全村共同富裕打下了坚实的基础。",
     [fig("100余万元", "money", 1000000, "CNY", "at_least", per_year=True)]),
    ("预计每年可培训新型职业农民500人次,辐射周边农户增收上亿元。",
     [fig("500人次", "count", 500, "PERSON_TIME", counter="人次", per_year=True),
      fig("上亿元", "money", 100000000, "CNY", "at_least")]),
    ("总投资10亿元的华富电子集团年产8000万条引线框架建设项目、4000万欧元的国际行业龙头比利时企业"
     "年产50000吨高性能工程材料基地项目踏“云”而来。",
     [fig("10亿元", "money", 1000000000, "CNY"),
      fig("8000万条", "capacity", 80000000, "PIECE", counter="条", per_year=True),
      fig("4000万欧元", "money", 40000000, "EUR"),
      fig("50000吨", "capacity", 50000, "TONNE", counter="吨", per_year=True)]),
    ("以不到10%的土地,创造了县内40%的工业经济总量",
     [fig("不到10%", "percent", 10, "PERCENT", "at_most"), fig("40%", "percent", 40, "PERCENT")]),
])
def test_seed_sentences(snippet, expected):
    assert readings(snippet) == expected


# --- sentences of the same genre, written for these tests --------------------------------------

GENRE = [
    ("本次集中签约项目12个,总投资达86.5亿元,其中外资项目3个、合同外资1.2亿美元。",
     [fig("12个", "count", 12, "ITEM", counter="个"),
      fig("86.5亿元", "money", 8650000000, "CNY"),
      fig("3个", "count", 3, "ITEM", counter="个"),
      fig("1.2亿美元", "money", 120000000, "USD")]),
    ("项目用地约120亩,总建筑面积15万平方米,达产后可实现年产值20亿元、年税收1.5亿元。",
     [fig("约120亩", "area", 120, "MU", "approximately"),
      fig("15万平方米", "area", 150000, "M2"),
      fig("20亿元", "money", 2000000000, "CNY", per_year=True),
      fig("1.5亿元", "money", 150000000, "CNY", per_year=True)]),
    ("该村村集体经济收入突破200万元,经营性收入达到85.6万元,同比增长23%。",
     [fig("突破200万元", "money", 2000000, "CNY", "at_least"),
      fig("85.6万元", "money", 856000, "CNY"),
      fig("23%", "percent", 23, "PERCENT", growth=True)]),
    ("全村共有农户512户、人口1836人,低收入农户人均可支配收入增长15.2%。",
     [fig("512户", "count", 512, "HOUSEHOLD", counter="户"),
      fig("1836人", "count", 1836, "PERSON", counter="人"),
      fig("15.2%", "percent", 15.2, "PERCENT", growth=True)]),
    ("园区腾退低效企业43家,盘活存量土地1,280亩,新增工业用地约300公顷。",
     [fig("43家", "count", 43, "ITEM", counter="家"),
      fig("1,280亩", "area", 1280, "MU"),
      fig("约300公顷", "area", 300, "HA", "approximately")]),
    ("1—5月,全区完成固定资产投资78.9亿元,增长9.4%;其中工业投资增长12.6个百分点。",
     [fig("78.9亿元", "money", 7890000000, "CNY"),
      fig("9.4%", "percent", 9.4, "PERCENT", growth=True),
      fig("12.6个百分点", "percent", 12.6, "PERCENTAGE_POINT", growth=True)]),
    ("全年接待游客12万人次,带动村民增收超过300万元。",
     [fig("12万人次", "count", 120000, "PERSON_TIME", counter="人次"),
      fig("超过300万元", "money", 3000000, "CNY", "at_least")]),
    ("项目建成后每年可处理固废10万吨,年发电量3000万千瓦时。",
     [fig("10万吨", "capacity", 100000, "TONNE", counter="吨", per_year=True),
      fig("3000万千瓦时", "capacity", 30000000, "KWH", counter="千瓦时", per_year=True)]),
    ("吸引上千名游客前来,数十家企业参与,投资规模达数亿元。",
     [fig("上千名", "count", 1000, "PERSON", "at_least", counter="名"),
      fig("数十家", "count", 10, "ITEM", "at_least", counter="家", vague=True),
      fig("数亿元", "money", 100000000, "CNY", "at_least", vague=True)]),
    ("亩均税收达到30万元/亩,单位能耗下降3.2%。",
     [fig("30万元/亩", "other", 300000, "CNY/MU", counter="元"),
      fig("3.2%", "percent", -3.2, "PERCENT", growth=True)]),
    ("规上工业增加值比上年增长8.1%,增速比全市高1.3个百分点。",
     [fig("8.1%", "percent", 8.1, "PERCENT", growth=True),
      fig("1.3个百分点", "percent", 1.3, "PERCENTAGE_POINT")]),  # a gap between two rates
    ("总投资5000万元人民币,占地面积2.5公顷,厂房约3万平方米。",
     [fig("5000万元人民币", "money", 50000000, "CNY"),
      fig("2.5公顷", "area", 2.5, "HA"),
      fig("约3万平方米", "area", 30000, "M2", "approximately")]),
    ("该项目投资3-5亿元,建成后可新增就业岗位约500个。",
     [fig("3-5亿元", "money", 300000000, "CNY", "at_least"),
      fig("3-5亿元", "money", 500000000, "CNY", "at_most"),
      fig("约500个", "count", 500, "ITEM", "approximately", counter="个")]),
    ("研发投入占营收比重提高到4.5%,高新技术企业达到186家。",  # 提高到 x%: a level
     [fig("4.5%", "percent", 4.5, "PERCENT"), fig("186家", "count", 186, "ITEM", counter="家")]),
    ("村里建起了二十多个大棚,带动两百余名村民就业,人均年增收一万二千元。",
     [fig("二十多个", "count", 20, "ITEM", "at_least", counter="个"),
      fig("两百余名", "count", 200, "PERSON", "at_least", counter="名"),
      fig("一万二千元", "money", 12000, "CNY", per_year=True)]),
    ("引进千万元以上项目十个,亿元以上项目三个。",
     [fig("千万元以上", "money", 10000000, "CNY", "at_least"),
      fig("十个", "count", 10, "ITEM", counter="个"),
      fig("亿元以上", "money", 100000000, "CNY", "at_least"),
      fig("三个", "count", 3, "ITEM", counter="个")]),
    ("去年全区GDP总量达到1,035.6亿元,增长7.2%。",
     [fig("1,035.6亿元", "money", 103560000000, "CNY"),
      fig("7.2%", "percent", 7.2, "PERCENT", growth=True)]),
    ("截至目前,已完成投资１２３.４５亿元，占全年计划的８５％。",  # full-width digits
     [fig("１２３.４５亿元", "money", 12345000000, "CNY"),
      fig("８５％", "percent", 85, "PERCENT")]),
    ("项目将带动周边2000余户农户增收,户均年增收约5000元。",
     [fig("2000余户", "count", 2000, "HOUSEHOLD", "at_least", counter="户"),
      fig("约5000元", "money", 5000, "CNY", "approximately", per_year=True)]),
    ("用工人数下降至350人,亏损面下降2.5个百分点。",  # 下降至: a level; 下降 x: a negative change
     [fig("350人", "count", 350, "PERSON", counter="人"),
      fig("2.5个百分点", "percent", -2.5, "PERCENTAGE_POINT", growth=True)]),
    ("两类产品出口分别增长12.5%和8.3%。",
     [fig("两类", "count", 2, "ITEM", counter="类"),
      fig("12.5%", "percent", 12.5, "PERCENT", growth=True),
      fig("8.3%", "percent", 8.3, "PERCENT", growth=True)]),
    ("销售额同比增长1.5倍,出口额达到2800万美元,折合约1.8亿元。",
     [fig("1.5倍", "other", 1.5, "TIMES", counter="倍", growth=True),
      fig("2800万美元", "money", 28000000, "USD"),
      fig("约1.8亿元", "money", 180000000, "CNY", "approximately")]),
    ("该区规划面积12.5平方公里,建成区面积8平方公里。",
     [fig("12.5平方公里", "area", 12.5, "KM2"), fig("8平方公里", "area", 8, "KM2")]),
    ("增幅在20%-30%之间,占比达到百分之八十四。",
     [fig("20%-30%", "percent", 20, "PERCENT", "at_least"),
      fig("20%-30%", "percent", 30, "PERCENT", "at_most"),
      fig("百分之八十四", "percent", 84, "PERCENT")]),
    ("项目总投资约2亿元左右,用地50亩以上,单个项目投资不超过500万元。",
     [fig("约2亿元左右", "money", 200000000, "CNY", "approximately"),
      fig("50亩以上", "area", 50, "MU", "at_least"),
      fig("不超过500万元", "money", 5000000, "CNY", "at_most")]),
    ("全镇常住人口近5万人,外来务工人员3.2万人。",  # 近 = nearly: at most
     [fig("近5万人", "count", 50000, "PERSON", "at_most", counter="人"),
      fig("3.2万人", "count", 32000, "PERSON", counter="人")]),
    ("引进外资3000万欧元、500万港元和2亿日元。",
     [fig("3000万欧元", "money", 30000000, "EUR"), fig("500万港元", "money", 5000000, "HKD"),
      fig("2亿日元", "money", 200000000, "JPY")]),
    ("该园区年产能达到50万台,年产值超百亿元,每年增收10万元。",
     [fig("50万台", "capacity", 500000, "PIECE", counter="台", per_year=True),
      fig("超百亿元", "money", 10000000000, "CNY", "at_least", per_year=True),
      fig("10万元", "money", 100000, "CNY", per_year=True)]),
    ("新建道路3.5公里,铺设管网1200米,日处理污水2万吨。",
     [fig("3.5公里", "length", 3.5, "KM", counter="公里"),
      fig("1200米", "length", 1200, "M", counter="米"),
      fig("2万吨", "capacity", 20000, "TONNE", counter="吨")]),  # daily, not per year
    ("合作社带动两个村、十来户农户种植黄桃。",
     [fig("两个", "count", 2, "ITEM", counter="个"),
      fig("十来户", "count", 10, "HOUSEHOLD", "approximately", counter="户")]),
    ("村民租金收入每亩每年1500元,土地流转3千万元,办公用房3千平方米。",
     [fig("1500元", "money", 1500, "CNY", per_year=True),
      fig("3千万元", "money", 30000000, "CNY"),
      fig("3千平方米", "area", 3000, "M2")]),
    ("用了6个月时间完成征迁,签约3个项目,合约5个。",
     [fig("6个月", "other", 6, "MONTH", counter="个月"),
      fig("3个", "count", 3, "ITEM", counter="个"), fig("5个", "count", 5, "ITEM", counter="个")]),
    ("实际利用外资同比增长1.2倍,工业投资增长1倍多,园区面积扩大了3倍,产值是去年同期的2.3倍。",
     [fig("1.2倍", "other", 1.2, "TIMES", counter="倍", growth=True),  # grew BY 1.2 times the base
      fig("1倍多", "other", 1, "TIMES", "at_least", counter="倍", growth=True),
      fig("3倍", "other", 3, "TIMES", counter="倍", growth=True),
      fig("2.3倍", "other", 2.3, "TIMES", counter="倍")]),  # 2.3 times the base: no growth figure
    ("项目建成后年产高效光伏电池片5吉瓦,屋顶光伏装机容量1.6兆瓦。",  # 年产: a yearly output capacity
     [fig("5吉瓦", "capacity", 5000000000, "W", counter="吉瓦", per_year=True),
      fig("1.6兆瓦", "other", 1600000, "W", counter="兆瓦")]),  # installed power, no output
    ("规上工业产值占全市的三分之一,外资企业超过四分之三,三分之二以上的村,近三分之一的农户。",
     [fig("三分之一", "percent", 33.33, "PERCENT", "approximately"),  # 1/3 rounded to 0.01
      fig("超过四分之三", "percent", 75, "PERCENT", "at_least"),
      fig("三分之二以上", "percent", 66.66, "PERCENT", "at_least"),  # rounded down: still at least
      fig("近三分之一", "percent", 33.34, "PERCENT", "at_most")]),  # rounded up: still at most
    ("税收收入比2018年翻了一番,产值翻两番,营收翻了近一番,出口额实现翻番。",  # 翻n番 = 2 to the n
     [fig("翻了一番", "other", 2, "TIMES", counter="番"), fig("翻两番", "other", 4, "TIMES", counter="番"),
      fig("翻了近一番", "other", 2, "TIMES", "at_most", counter="番"), fig("翻番", "other", 2, "TIMES", counter="番")]),
]


@pytest.mark.parametrize("snippet, expected", GENRE)
def test_genre_sentences(snippet, expected):
    assert readings(snippet) == expected


def test_at_least_thirty_genre_sentences():
    assert len(GENRE) >= 30


# --- things that are not figures --------------------------------------------------------------

@pytest.mark.parametrize("snippet", [
    "5G电子信息、G60高速沿线、“3+1”产业体系。",
    "其中2021年首次进入全国百强,二〇二一年是开局之年。",
    "截至6月底,1月至4月,1-4月。",
    "综合实力位列“第一方阵”,第3个项目,第一批试点村,排名前5名企业。",
    "一条路、一批项目、一个个村庄、一座座厂房、千家万户、万元GDP能耗、百年老店。",
    "城乡二元结构逐步破除,三元锂电池项目落地三台县。",
    "CEO带着千万网红IP流量,引进世界500强项目,“一城两面”,“二区二城一园一绿廊”。",
    "COVID-19疫情,iPhone 14手机,4S店,3D打印,电话0573-88888888。",
    "过去五年,近3年,近三年,未来五年,三年前。",  # time expressions belong to timex
    "三村村党总支书记,三方牵手,双方合作,二期区块,一号工程。",
    "翻开新篇章,翻身农奴,经过一番努力,翻新老厂房,翻建仓库。",
    "",
])
def test_no_figure(snippet):
    assert find_figures(snippet) == []


# --- parse_amount ------------------------------------------------------------------------------

@pytest.mark.parametrize("expr, kind, value, unit, approx", [
    ("200多万元", "money", 2000000, "CNY", "at_least"),
    ("374.77亿元", "money", 37477000000, "CNY", "exact"),
    ("4000万欧元", "money", 40000000, "EUR", "exact"),
    ("超亿美元", "money", 100000000, "USD", "at_least"),
    ("亿元以上", "money", 100000000, "CNY", "at_least"),
    ("10.3万平方米", "area", 103000, "M2", "exact"),
    ("2045亩", "area", 2045, "MU", "exact"),
    ("约2045亩", "area", 2045, "MU", "approximately"),
    ("超过84%", "percent", 84, "PERCENT", "at_least"),
    ("不到10%", "percent", 10, "PERCENT", "at_most"),
    ("500人次", "count", 500, "PERSON_TIME", "exact"),
    ("100余万元", "money", 1000000, "CNY", "at_least"),
    ("超25万元", "money", 250000, "CNY", "at_least"),
    ("上亿元", "money", 100000000, "CNY", "at_least"),
    ("近2000亩", "area", 2000, "MU", "at_most"),
    ("十亿元", "money", 1000000000, "CNY", "exact"),
    ("突破百亿元", "money", 10000000000, "CNY", "at_least"),
    ("1.2万", "other", 12000, "NUMBER", "exact"),
    ("3千万", "other", 30000000, "NUMBER", "exact"),
    ("一万二千", "other", 12000, "NUMBER", "exact"),
    ("两个", "count", 2, "ITEM", "exact"),
    ("三年", "other", 3, "YEAR", "exact"),
    ("２０４５亩", "area", 2045, "MU", "exact"),
    ("  4000万欧元 ", "money", 40000000, "EUR", "exact"),
])
def test_parse_amount(expr, kind, value, unit, approx):
    f = parse_amount(expr)
    assert f is not None
    assert (f.kind, f.value, f.unit, f.approximation) == (kind, Decimal(value), unit, approx)
    assert expr[f.start:f.end] == f.text == expr.strip()


@pytest.mark.parametrize("expr", ["", "abc", "2021年", "一", "3-5万元", "10亿元和20亿元", "第一"])
def test_parse_amount_refuses_what_is_not_one_figure(expr):
    assert parse_amount(expr) is None


def test_values_are_exact_decimals_in_canonical_form():
    f = parse_amount("374.77亿元")
    assert str(f.value) == "37477000000"
    assert str(parse_amount("10.3万平方米").value) == "103000"
    assert str(parse_amount("2.5公顷").value) == "2.5"
    assert str(parse_amount("0.05亿元").value) == "5000000"


# --- unit conversion ---------------------------------------------------------------------------

def test_mu_converts_to_square_metres_with_documented_rounding():
    f = parse_amount("2045亩")
    assert f.value_in("MU") == Decimal(2045)
    assert f.value_in("M2") == Decimal("1363333.33")  # 2045 × 2000/3 = 1363333.333…
    assert f.value_in("HA") == Decimal("136.333333")
    assert parse_amount("3亩").value_in("M2") == Decimal(2000)  # exact: no rounding needed
    assert parse_amount("10.3万平方米").value_in("MU") == Decimal("154.5")
    assert parse_amount("3公顷").value_in("MU") == Decimal(45)
    assert parse_amount("1平方公里").value_in("MU") == Decimal(1500)
    assert MU_IN_M2 * 3 == Decimal(2000)  # 2000/3 to 28 significant digits


def test_other_conversions_and_a_clear_error():
    assert parse_amount("3.5公里").value_in("M") == Decimal(3500)
    assert parse_amount("2万吨").value_in("KG") == Decimal(20000000)
    with pytest.raises(ValueError, match="TONNE to M2"):
        parse_amount("5吨").value_in("M2")
    with pytest.raises(ValueError, match="CNY"):
        parse_amount("5万元").value_in("USD")


def test_bad_input_types_are_named():
    with pytest.raises(TypeError, match="str"):
        find_figures(b"100\xe4\xba\xa9")  # type: ignore[arg-type]


# --- invariants on arbitrary text --------------------------------------------------------------

_ALPHABET = "0123456789０１２.%％,-约超过近多余以上下不到数几上百千万亿元美欧亩平方米个家人次条吨年月" \
            "一二两三十同比增长下降年均每年产第G的和、,。 \n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_every_figure_is_a_well_formed_span(text):
    figures = find_figures(text)
    assert figures == find_figures(text)  # deterministic
    assert [f.start for f in figures] == sorted(f.start for f in figures)
    for f in figures:
        assert isinstance(f, Figure)
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert f.kind in KINDS and f.approximation in APPROXIMATIONS
        assert isinstance(f.value, Decimal) and f.value.is_finite()
