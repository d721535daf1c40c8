"""Statistics (edz:Observation) on short snippets written for these tests in the genre of zone news.
Places are real divisions of the gazetteer; the figures are invented. Each test states, from reading
its snippet, the statistics a reader finds there (indicator, value kind, area, period, whole of a
share) and the ones that would be wrong (a change read as a level, a share read as a level)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graph.corpus import Document
from graph.pipeline import extract_document

from .gold import NS

ROOT = Path(__file__).resolve().parent.parent

EDZ = NS.edz
PFX = (f"PREFIX edz: <{EDZ}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
       "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX time: <http://www.w3.org/2006/time#> ")
PUBLISHED = dt.date(2023, 10, 20)


@lru_cache(maxsize=None)
def graph(raw: str, published: dt.date = PUBLISHED) -> ox.Store:
    store = ox.Store()
    store.extend(extract_document(Document(docid="snippet", text=raw, published=published), NS))
    return store


@lru_cache(maxsize=None)
def _indicator_labels() -> dict[str, str]:
    store = ox.Store()
    store.load(path=str(ROOT / "ontology" / "indicators.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query(PFX + 'SELECT ?c ?l WHERE { ?c skos:prefLabel ?l FILTER(lang(?l) = "zh") }')
    return {r["c"].value: r["l"].value for r in rows}


def indicator_label(iri: str) -> str:
    """The zh prefLabel of an indicator concept (its IRI keeps the default base of the file)."""
    return _indicator_labels().get(iri, iri)


def stats(raw: str) -> dict[str, dict[str, str]]:
    """Every statistic by its figure's wording: indicator (zh label), kind, area, share-of, begin, end."""
    rows = graph(raw).query(PFX + """SELECT ?t ?ic ?k ?a ?w ?b ?e ?at WHERE { GRAPH ?g { ?o a edz:Observation ;
        edz:originalText ?t ; edz:valueKind ?k ; edz:indicator ?ic .
        OPTIONAL { ?o edz:refArea/rdfs:label ?a FILTER(lang(?a) = "zh") }
        OPTIONAL { ?o edz:shareOf/rdfs:label ?w FILTER(lang(?w) = "zh") }
        OPTIONAL { ?o edz:refPeriod ?per .
                   OPTIONAL { ?per time:hasBeginning/time:inXSDDate ?b ; time:hasEnd/time:inXSDDate ?e }
                   OPTIONAL { ?per time:inXSDDate ?at } } }
        }""")
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        def v(name: str) -> str:
            x = r[name]
            return "" if x is None else x.value
        out[v("t")] = {"indicator": indicator_label(v("ic")), "kind": v("k").rsplit("#", 1)[-1], "area": v("a"), "of": v("w"),
                       "begin": (v("b") or v("at"))[:10], "end": (v("e") or v("at"))[:10]}
    return out


# ------------------------------------------------------------------ shares

SHARES = """平湖经济技术开发区 新能源产业强势崛起

今年1月至9月，平湖经济技术开发区实现规上工业产值612.4亿元，同比增长14.5%。

2022年，平湖经济技术开发区数字经济核心产业增加值38.6亿元，占全市的58.3%。

今年上半年，长兴经济技术开发区高新技术产业增加值占规上工业增加值比重达71.4%。
"""


def test_a_share_is_a_share_not_a_level():
    st = stats(SHARES)
    s = st["58.3%"]
    assert (s["indicator"], s["kind"], s["area"]) == ("数字经济核心产业增加值", "Share", "平湖经济技术开发区")
    assert s["of"] == "平湖市"  # 全市: the city the zone lies in
    assert (s["begin"], s["end"]) == ("2022-01-01", "2022-12-31")
    assert st["38.6亿元"]["kind"] == "Level"


def test_the_whole_of_a_share_is_no_statistic_of_its_own():
    st = stats(SHARES)
    s = st["71.4%"]
    assert (s["indicator"], s["kind"], s["area"]) == ("高新技术产业增加值", "Share", "长兴经济技术开发区")
    assert (s["begin"], s["end"]) == ("2023-01-01", "2023-06-30")
    assert not any(x["indicator"] == "规上工业增加值" for x in st.values())


def test_level_and_growth_rate_beside_a_share_stay_what_they_are():
    st = stats(SHARES)
    assert (st["612.4亿元"]["kind"], st["14.5%"]["kind"]) == ("Level", "GrowthRate")
    assert st["14.5%"]["indicator"] == "规上工业产值"
    assert (st["14.5%"]["begin"], st["14.5%"]["end"]) == ("2023-01-01", "2023-09-30")


# ------------------------------------------------------------------ average annual growth

AVERAGE = """德清经济开发区 亩均效益持续攀升

近三年来，德清经济开发区规上工业增加值年均增长23.7%。近五年，德清经济开发区实际利用外资年均增长18.2%。

“十四五”以来，德清经济开发区一般公共预算收入年均增长12.6%。
"""


def test_average_annual_growth_over_the_years_it_names():
    st = stats(AVERAGE)
    assert {t: (s["indicator"], s["kind"], s["area"]) for t, s in st.items()} == {
        "23.7%": ("规上工业增加值", "AverageAnnualGrowthRate", "德清经济开发区"),
        "18.2%": ("实际利用外资", "AverageAnnualGrowthRate", "德清经济开发区"),
        "12.6%": ("一般公共预算收入", "AverageAnnualGrowthRate", "德清经济开发区")}
    # 近三年 / 近五年 in a text of 2023: the full years before it; “十四五”以来: from 2021 on
    assert (st["23.7%"]["begin"], st["23.7%"]["end"]) == ("2020-01-01", "2022-12-31")
    assert (st["18.2%"]["begin"], st["18.2%"]["end"]) == ("2018-01-01", "2022-12-31")
    assert st["12.6%"]["begin"] == "2021-01-01"


# ------------------------------------------------------------------ changes, cumulative counts, indicators

CHANGES = """海宁经济开发区 发展质效双提升

2022年，海宁经济开发区农村居民人均可支配收入4.6万元，较去年同期提高3.2万元。今年上半年，海宁经济开发区高新技术产业增加值占比比上年增加5个百分点。

截至9月底，海宁经济开发区累计落户外资企业47家。
"""


def test_an_absolute_change_is_no_level():
    st = stats(CHANGES)
    assert st["4.6万元"]["kind"] == "Level"
    assert st["4.6万元"]["indicator"] == "农村居民人均可支配收入"
    # 较去年同期提高3.2万元: how much it rose, not the income; 增加5个百分点 of a share: no growth rate
    assert (st["3.2万元"]["indicator"], st["3.2万元"]["kind"]) == ("农村居民人均可支配收入", "AbsoluteChange")
    assert (st["5个百分点"]["indicator"], st["5个百分点"]["kind"]) == ("高新技术产业增加值", "ShareChange")


def test_a_cumulative_count_is_a_level_at_the_end_date():
    s = stats(CHANGES)["47家"]
    assert (s["indicator"], s["kind"], s["area"]) == ("外资企业数", "Level", "海宁经济开发区")
    assert s["end"] == "2023-09-30"


INDICATORS = """海宁经济开发区 前8月主要指标稳中有进

今年1月至8月，海宁经济开发区亩均税收41.2万元，亩均工业增加值158万元，工业用电量12.6亿千瓦时，规上工业开票销售286.5亿元，规上工业营业收入310.2亿元，新增高新技术企业36家，外贸进出口总额98.7亿元，实际利用外资2.3亿美元，社会消费品零售总额45.1亿元。
"""


def test_indicators_of_the_genre_each_with_its_own_figure():
    st = stats(INDICATORS)
    assert {t: s["indicator"] for t, s in st.items()} == {
        "41.2万元": "亩均税收", "158万元": "亩均增加值", "12.6亿千瓦时": "工业用电量",
        "286.5亿元": "规上工业开票销售", "310.2亿元": "规上工业营业收入", "36家": "新增高新技术企业数",
        "98.7亿元": "进出口总额", "2.3亿美元": "实际利用外资", "45.1亿元": "社会消费品零售总额"}
    assert all(s["kind"] == "Level" and s["area"] == "海宁经济开发区" for s in st.values())
    assert all((s["begin"], s["end"]) == ("2023-01-01", "2023-08-31") for s in st.values())


PART_SHARES = """长兴经济技术开发区 新能源产业量质齐升

今年前三季度，长兴经济技术开发区规上工业总产值586.2亿元，其中新能源产业产值占比达到46.2%。

2022年，长兴经济技术开发区规上工业产值占全县工业总产值的61.5%。
"""


def test_the_share_of_a_part_is_not_the_share_of_the_whole():
    st = stats(PART_SHARES)
    assert st["586.2亿元"]["indicator"] == "规上工业总产值"
    # 46.2% is the new-energy industry's part of that output, not a share of 规上工业总产值 itself
    s = st["46.2%"]
    assert (s["indicator"], s["kind"], s["area"]) == ("新能源产业产值", "Share", "长兴经济技术开发区")
    assert (s["begin"], s["end"]) == ("2023-01-01", "2023-09-30")
    assert not any(x["indicator"] == "规上工业总产值" and x["kind"] == "Share" for x in st.values())
    s = st["61.5%"]
    assert (s["indicator"], s["kind"], s["area"], s["of"]) == ("规上工业产值", "Share", "长兴经济技术开发区", "长兴县")
    assert not any(x["indicator"] == "工业总产值" for x in st.values())  # the whole after 占


# ------------------------------------------------------------------ whose statistic it is

WHOSE = """嵊州经济开发区 获评浙江省高质量发展示范园区

近日，嵊州经济开发区获评“浙江省高质量发展示范园区”。今年1月至6月，开发区完成固定资产投资36.8亿元，同比增长21.3%。

嵊州经济开发区在全省率先推行“标准地”改革，今年上半年实现工业投资22.4亿元。

浙江省商务厅公布的数据显示，2022年，嵊州经济开发区实际利用外资1.6亿美元。

今年以来，开发区引进的年产10万台电机项目总投资12亿元，用地面积150亩。浙江明远电机有限公司去年实现税收收入3200万元，产值8.5亿元。
"""


def test_statistics_belong_to_the_zone_not_the_province_named_in_passing():
    st = stats(WHOSE)
    for t in ("36.8亿元", "21.3%", "22.4亿元", "1.6亿美元"):
        assert st[t]["area"] == "嵊州经济开发区", t
    assert (st["36.8亿元"]["indicator"], st["22.4亿元"]["indicator"]) == ("固定资产投资", "工业投资")
    assert (st["22.4亿元"]["begin"], st["22.4亿元"]["end"]) == ("2023-01-01", "2023-06-30")


def test_figures_of_a_project_or_a_company_are_no_statistics_of_a_place():
    st = stats(WHOSE)
    for t in ("12亿元", "150亩", "3200万元", "8.5亿元"):
        assert t not in st, t


TENTHS = """长兴经济技术开发区 新能源产业量质齐升

今年前三季度，长兴经济技术开发区高新技术产业增加值占比超过五成。全区一成不变的老厂房已全部改造完成。
"""


def test_a_share_in_tenths_is_a_share_of_at_least_that_percent():
    st = stats(TENTHS)
    assert set(st) == {"超过五成"}  # 一成不变 is a word, not a figure
    s = st["超过五成"]
    assert (s["indicator"], s["kind"], s["area"]) == ("高新技术产业增加值", "Share", "长兴经济技术开发区")
    row = next(iter(graph(TENTHS).query(PFX + """PREFIX qudt: <http://qudt.org/schema/qudt/>
        SELECT ?v ?a WHERE { GRAPH ?g { ?o a edz:Observation ; qudt:numericValue ?v ; edz:approximation ?a } }""")))
    assert float(row["v"].value) == 50 and row["a"].value.endswith("AtLeast")


PERIODS = """射阳经济开发区 高质量发展迈出新步伐

射阳经济开发区是江苏省首批省级开发区，2022年实现规上工业产值318.6亿元。

盐城市发改委负责人介绍，今年1月至8月，射阳经济开发区完成一般公共预算收入9.8亿元。

截至今年6月底，射阳经济开发区累计引进亿元以上产业项目126个。

过去五年，射阳经济开发区地区生产总值年均增长9.6%，2022年达到412亿元。
"""


def test_the_area_is_the_zone_the_sentence_is_about_not_the_province_of_its_title():
    st = stats(PERIODS)
    assert {t: s["area"] for t, s in st.items()} == {t: "射阳经济开发区" for t in
                                                     ("318.6亿元", "9.8亿元", "126个", "9.6%", "412亿元")}


def test_periods_of_cumulative_counts_averages_and_levels():
    st = stats(PERIODS)
    assert (st["126个"]["indicator"], st["126个"]["kind"], st["126个"]["end"]) == \
        ("亿元以上产业项目数", "Level", "2023-06-30")
    assert (st["9.6%"]["kind"], st["9.6%"]["begin"], st["9.6%"]["end"]) == \
        ("AverageAnnualGrowthRate", "2018-01-01", "2022-12-31")
    assert (st["412亿元"]["kind"], st["412亿元"]["begin"], st["412亿元"]["end"]) == ("Level", "2022-01-01", "2022-12-31")
    assert (st["9.8亿元"]["begin"], st["9.8亿元"]["end"]) == ("2023-01-01", "2023-08-31")


FIRST_MONTHS = """六安经济技术开发区 前8个月主要指标稳中向好

今年前8个月，六安经济技术开发区规上工业增加值同比增长12.4%，两年平均增长8.6%，新增规上工业企业15家。企业提前3个月完成技改任务。

2022年末，六安经济技术开发区共有规上工业企业236家。
"""


def test_first_months_two_year_averages_and_new_enterprises():
    st = stats(FIRST_MONTHS)
    assert (st["12.4%"]["kind"], st["12.4%"]["begin"], st["12.4%"]["end"]) == ("GrowthRate", "2023-01-01", "2023-08-31")
    assert (st["8.6%"]["indicator"], st["8.6%"]["kind"]) == ("规上工业增加值", "AverageAnnualGrowthRate")
    assert st["15家"]["indicator"] == "新增规上工业企业数"  # the enterprises that came, not how many there are
    s = st["236家"]
    assert (s["indicator"], s["kind"], s["area"], s["end"]) == ("规上工业企业数", "Level", "六安经济技术开发区", "2022-12-31")


def test_new_enterprises_of_a_kind_without_a_flow_indicator_are_no_level():
    st = stats("""吉安井冈山经济技术开发区 科创企业加快集聚

今年上半年，井冈山经济技术开发区新培育科技型中小企业42家，高新技术企业总数达到186家。
""")
    assert "42家" not in st  # 新培育…42家 is no count of all technology-based SMEs
    assert (st["186家"]["indicator"], st["186家"]["kind"]) == ("高新技术企业数", "Level")


MANY = """昆山经济技术开发区 经济运行稳中有进

今年1月至9月，昆山经济技术开发区实现税收86.2亿元，工业税收45.6亿元，规上工业企业利润总额88.1亿元，研发经费投入32.7亿元，实际到位内资56.3亿元，高新技术产业产值1208.6亿元，战略性新兴产业产值980.2亿元，新签约亿元以上项目38个，专利授权量2150件。
"""


def test_each_figure_of_a_list_of_indicators_goes_to_its_own_indicator():
    st = stats(MANY)
    assert {t: s["indicator"] for t, s in st.items()} == {
        "86.2亿元": "税收收入", "45.6亿元": "工业税收", "88.1亿元": "规上工业利润总额", "32.7亿元": "研发经费支出",
        "56.3亿元": "实际到位内资", "1208.6亿元": "高新技术产业产值", "980.2亿元": "战略性新兴产业产值",
        "38个": "亿元以上产业项目数", "2150件": "专利授权量"}
    # 利润总额 of 规上工业企业 is money, never a number of enterprises
    assert not any(s["indicator"] == "规上工业企业数" for s in st.values())


def test_money_is_no_count_and_a_count_no_money():
    st = stats("""宁波杭州湾经济技术开发区 企业发展

今年上半年，宁波杭州湾经济技术开发区规上工业企业实现营业收入1020.6亿元。
""")
    assert not any(s["indicator"] == "规上工业企业数" for s in st.values())


PROJECTIONS = """萧山经济技术开发区 聚力打造先进制造业高地

今年1月至6月，萧山经济技术开发区规上工业产值826.4亿元，预计全年可达1700亿元。萧山经济技术开发区规上工业增加值占全区的38.5%，研发经费支出占地区生产总值比重达3.6%。

项目建成后，预计年产值可达50亿元，年税收3亿元。区内工业用地均价每亩42万元。

2023年，杭州宏达新材料有限公司规上工业产值突破20亿元。
"""


def test_no_statistic_from_forecasts_prices_or_a_company():
    st = stats(PROJECTIONS)
    assert st["826.4亿元"]["kind"] == "Level"
    for t in ("1700亿元", "50亿元", "3亿元", "42万元", "超过20亿元", "20亿元"):
        assert t not in st, t


def test_a_share_of_a_district_and_a_share_of_another_indicator():
    st = stats(PROJECTIONS)
    s = st["38.5%"]
    assert (s["indicator"], s["kind"], s["area"], s["of"]) == ("规上工业增加值", "Share", "萧山经济技术开发区", "萧山区")
    s = st["3.6%"]
    assert (s["indicator"], s["kind"], s["area"]) == ("研发经费支出", "Share", "萧山经济技术开发区")
    assert not any(x["indicator"] == "地区生产总值" for x in st.values())  # the whole of the share


def test_an_enterprise_group_with_its_measure_is_that_measure():
    st = stats("""宁波杭州湾经济技术开发区 企业发展

今年上半年，宁波杭州湾经济技术开发区规上工业企业实现营业收入1020.6亿元，同比增长9.4%。
""")
    assert {t: (s["indicator"], s["kind"]) for t, s in st.items()} == {
        "1020.6亿元": ("规上工业营业收入", "Level"), "9.4%": ("规上工业营业收入", "GrowthRate")}


def test_the_statistics_of_these_snippets_conform_to_the_shapes():
    """Shares with their whole, tenths, changes in percentage points: valid data (SHACL + OWL 2 RL)."""
    import rdflib

    from graph.validate import ontology_files_graph, validate_graphs

    lines = []
    for k, raw in enumerate((SHARES, TENTHS, PART_SHARES, CHANGES, INDICATORS, PROJECTIONS, PERIODS)):
        doc = Document(docid=f"stat{k}", text=raw, published=PUBLISHED)
        lines += [f"{q.subject} {q.predicate} {q.object} .\n" for q in extract_document(doc, NS)]
    data = rdflib.Graph().parse(data="".join(lines), format="nt")
    report = validate_graphs(data, ontology_files_graph(), ontology_files_graph(shapes=True))
    assert report.conforms, report.text


def test_a_measure_word_that_continues_the_indicator_name_is_the_same_measure():
    st = stats("""温州经济技术开发区 投资提速

今年1月至5月，温州经济技术开发区完成固定资产投资总额48.3亿元，同比增长16.2%。
""")
    assert {t: (s["indicator"], s["kind"]) for t, s in st.items()} == {
        "48.3亿元": ("固定资产投资", "Level"), "16.2%": ("固定资产投资", "GrowthRate")}


# ------------------------------------------------------------------ multiples, changes, targets

QUDT = "http://qudt.org/schema/qudt/"


def values(raw: str) -> dict[str, tuple[str, str, str]]:
    """Every statistic by its figure's wording: (kind, qudt:numericValue, qudt:unit local name)."""
    rows = graph(raw).query(PFX + f"""PREFIX qudt: <{QUDT}> SELECT ?t ?k ?v ?u WHERE {{ GRAPH ?g {{
        ?o a edz:Observation ; edz:originalText ?t ; edz:valueKind ?k ; qudt:numericValue ?v ; qudt:unit ?u }} }}""")
    return {r["t"].value: (r["k"].value.rsplit("#", 1)[-1], r["v"].value, r["u"].value.rsplit("/", 1)[-1])
            for r in rows}


MULTIPLES = """桐乡经济开发区 新兴产业加速壮大

今年1月至9月，桐乡经济开发区实际利用外资3.6亿美元，同比增长1.2倍。

2022年，桐乡经济开发区高新技术产业产值是2017年的2.3倍，税收收入比2018年翻了一番。

今年上半年，桐乡经济开发区工业投资同比增长了2倍，规上工业增加值增至去年同期的1.4倍。
"""


def test_growth_in_multiples_keeps_the_multiple_it_states():
    st, v = stats(MULTIPLES), values(MULTIPLES)
    assert {t: (s["indicator"], s["kind"]) for t, s in st.items()} == {
        "3.6亿美元": ("实际利用外资", "Level"),
        "1.2倍": ("实际利用外资", "GrowthMultiple"),  # +120 %: grew by 1.2 times the base
        "2.3倍": ("高新技术产业产值", "MultipleOfBase"),  # 2.3 times the 2017 value
        "翻了一番": ("税收收入", "MultipleOfBase"),  # twice the 2018 value
        "2倍": ("工业投资", "GrowthMultiple"),
        "1.4倍": ("规上工业增加值", "MultipleOfBase")}
    # the number as written, a pure number: a multiple is not a percent
    assert (v["1.2倍"][1:], v["2.3倍"][1:], v["翻了一番"][1:], v["2倍"][1:]) == \
        (("1.2", "NUM"), ("2.3", "NUM"), ("2", "NUM"), ("2", "NUM"))


def test_the_base_year_of_a_multiple_is_not_its_period():
    st = stats(MULTIPLES)
    for t in ("2.3倍", "翻了一番"):  # 是2017年的, 比2018年: the base; the period is 2022
        assert (st[t]["begin"], st[t]["end"]) == ("2022-01-01", "2022-12-31"), t
    assert (st["1.2倍"]["begin"], st["1.2倍"]["end"]) == ("2023-01-01", "2023-09-30")
    assert (st["1.4倍"]["begin"], st["1.4倍"]["end"]) == ("2023-01-01", "2023-06-30")


ABSOLUTE = """海宁经济开发区 主要指标稳中有进

今年上半年，海宁经济开发区农村居民人均可支配收入2.6万元，较去年同期提高0.3万元。

今年1月至9月，海宁经济开发区工业用电量12.6亿千瓦时，比上年同期减少0.8亿千瓦时。截至9月底，海宁经济开发区规上工业企业达到236家，同比增加12家。

今年1月至9月，海宁经济开发区规上工业增加值同比增长9.5%，增速比上半年回落1.3个百分点，高新技术产业增加值占比比上年提高2.1个百分点。
"""


def test_absolute_changes_in_the_unit_of_the_level_and_negative_for_a_decrease():
    st, v = stats(ABSOLUTE), values(ABSOLUTE)
    assert {t: (s["indicator"], s["kind"]) for t, s in st.items() if s["kind"] != "Level"} == {
        "0.3万元": ("农村居民人均可支配收入", "AbsoluteChange"), "0.8亿千瓦时": ("工业用电量", "AbsoluteChange"),
        "12家": ("规上工业企业数", "AbsoluteChange"), "9.5%": ("规上工业增加值", "GrowthRate"),
        "1.3个百分点": ("规上工业增加值", "GrowthRateChange"), "2.1个百分点": ("高新技术产业增加值", "ShareChange")}
    assert v["0.3万元"][1:] == ("3000", "CNY")
    assert v["0.8亿千瓦时"][1:] == ("-80000000", "KiloW-HR")  # 减少: a decrease
    assert v["12家"][1:] == ("12", "NUM")
    assert v["1.3个百分点"][1:] == ("-1.3", "PERCENT")  # 回落1.3个百分点: points of a percent
    assert v["2.1个百分点"][1:] == ("2.1", "PERCENT")
    # the levels beside them stay levels
    assert (st["2.6万元"]["kind"], st["12.6亿千瓦时"]["kind"], st["236家"]["kind"]) == ("Level",) * 3


def test_the_period_of_a_change_is_not_the_year_it_is_compared_with():
    st = stats(ABSOLUTE)  # 较去年同期: the base; the period is this year's first half
    assert (st["0.3万元"]["begin"], st["0.3万元"]["end"]) == ("2023-01-01", "2023-06-30")
    assert st["12家"]["end"] == "2023-09-30"


TARGETS = """桐乡经济开发区 奋力打造千亿级园区

力争到2025年，桐乡经济开发区规上工业产值翻一番。到2025年，桐乡经济开发区实际利用外资达到5亿美元。

今年，桐乡经济开发区规上工业产值力争突破800亿元，计划新增高新技术企业30家。明年，桐乡经济开发区工业投资将增长2倍。

浙江华友钴业股份有限公司今年上半年营业收入同比增长1.5倍，出口额比上年增加2.3亿元。
"""


def test_targets_forecasts_and_a_companys_growth_are_no_statistics():
    assert stats(TARGETS) == {}


def test_the_comparison_basis_of_a_growth():
    """同比 against the same period of last year, 环比 against the period before (carried by the
    extractor's observations; edz:comparisonBasis in the graph)."""
    from graph.mentions import find_mentions
    from graph.relations import extract_relations
    from graph.repair import repair
    from graph.resolve import resolve
    from graph.sentences import split_sentences

    raw = """嘉兴经济技术开发区 三季度经济运行

今年三季度，嘉兴经济技术开发区规上工业增加值环比增长3.1%，同比增长8.4%；工业投资增长12.5%。
"""
    rt = repair(raw)
    sentences = split_sentences(rt)
    res = resolve(find_mentions(rt, sentences, PUBLISHED, False), sentences, NS, rt.text)
    rel = extract_relations(rt.text, sentences, res, NS)
    got = {o.figure.text: (o.kind, o.basis) for o in rel.observations}
    assert got == {"3.1%": ("GrowthRate", "PeriodOnPeriod"), "8.4%": ("GrowthRate", "YearOnYear"),
                   "12.5%": ("GrowthRate", None)}


def test_multiples_and_changes_conform_to_the_shapes():
    import rdflib

    from graph.validate import ontology_files_graph, validate_graphs

    lines = []
    for k, raw in enumerate((MULTIPLES, ABSOLUTE)):
        doc = Document(docid=f"mult{k}", text=raw, published=PUBLISHED)
        lines += [f"{q.subject} {q.predicate} {q.object} .\n" for q in extract_document(doc, NS)]
    data = rdflib.Graph().parse(data="".join(lines), format="nt")
    report = validate_graphs(data, ontology_files_graph(), ontology_files_graph(shapes=True))
    assert report.conforms, report.text


CARRIED = """射阳经济开发区 前三季度经济运行

今年以来，射阳经济开发区主要经济指标持续向好：前三季度，完成规上工业产值386.4亿元，同比增长11.8%。工业用地亩均税收达到28.6万元，较去年同期提高3.2万元。开发区现有高新技术企业68家。

“同样一块地，过去一年税收不到500万元，现在能做到过亿元。”射阳经济开发区管委会副主任李明说。
"""


def test_a_paragraph_of_statistics_keeps_its_period_into_the_next_sentence():
    st = stats(CARRIED)
    for t in ("386.4亿元", "11.8%", "28.6万元", "3.2万元"):  # all of 前三季度
        assert (st[t]["begin"], st[t]["end"]) == ("2023-01-01", "2023-09-30"), t
    assert (st["28.6万元"]["indicator"], st["28.6万元"]["kind"]) == ("亩均税收", "Level")
    # 现有: a count of today, not of the first three quarters
    assert (st["68家"]["indicator"], st["68家"]["begin"], st["68家"]["end"]) == ("高新技术企业数", "2023-10-20", "2023-10-20")


def test_the_tax_of_one_plot_of_land_is_no_statistic_of_the_zone():
    st = stats(CARRIED)
    assert "不到500万元" not in st and "过亿元" not in st


def test_the_comparable_growth_query_reads_multiples_as_growth_rates():
    """queries/21 on the multiples snippet: 增长1.2倍 → +120 %, 是2017年的2.3倍 → +130 %,
    翻了一番 → +100 %, each saying how it was derived; a stated rate stays as it is."""
    store = ox.Store()
    store.extend(extract_document(Document(docid="cmp", text=MULTIPLES + ABSOLUTE, published=PUBLISHED), NS))
    store.load(path=str(ROOT / "ontology" / "indicators.ttl"), format=ox.RdfFormat.TURTLE)
    query = (ROOT / "queries" / "21-growth-comparable.rq").read_text(encoding="utf-8")
    got = {r["originalText"].value: (r["indicatorLabel"].value, r["valueKind"].value,
                                      float(r["growthPercent"].value), r["derivation"].value)
           for r in store.query(query, use_default_graph_as_union=True)}
    assert got == {
        "1.2倍": ("实际利用外资", "GrowthMultiple", 120.0, "100 × multiple"),
        "2.3倍": ("高新技术产业产值", "MultipleOfBase", 130.0, "100 × (multiple − 1)"),
        "翻了一番": ("税收收入", "MultipleOfBase", 100.0, "100 × (multiple − 1)"),
        "2倍": ("工业投资", "GrowthMultiple", 200.0, "100 × multiple"),
        "1.4倍": ("规上工业增加值", "MultipleOfBase", 40.0, "100 × (multiple − 1)"),
        "9.5%": ("规上工业增加值", "GrowthRate", 9.5, "stated")}


GENRE = """苏州工业园区 经济运行稳中向好

今年1—9月，苏州工业园区实现地区生产总值2686亿元，同比增长5.8%，增速居全市第一。2022年，苏州工业园区实际使用外资位列全省开发区第3位。

前三季度，苏州工业园区外贸进出口总额达到386亿元，同比增长15.6%，占全市比重达到32%。苏州工业园区亩均税收达到45万元，是全市平均水平的2.1倍。

2022年，苏州工业园区城镇居民人均可支配收入8.6万元，比全市平均多1.2万元。今年以来，苏州工业园区净增规上工业企业35家。

今年上半年，苏州工业园区实际使用外资12.3亿美元，同比下降8.2%，降幅比一季度收窄3.1个百分点。苏州工业园区综合实力位列“第一方阵”，力争规上工业产值进入全国第5位。
"""


def test_a_share_or_a_change_a_clause_after_the_growth_rate_is_still_the_indicators():
    st, v = stats(GENRE), values(GENRE)
    s = st["32%"]
    assert (s["indicator"], s["kind"], s["area"], s["of"]) == ("进出口总额", "Share", "苏州工业园区", "苏州市")
    s = st["3.1个百分点"]  # 降幅收窄: the rate of the decline rose by 3.1 points
    assert (s["indicator"], s["kind"], v["3.1个百分点"][1]) == ("实际利用外资", "GrowthRateChange", "3.1")
    assert (s["begin"], s["end"]) == ("2023-01-01", "2023-06-30")  # 比一季度: the base


def test_a_gap_to_another_area_is_no_growth_and_no_change():
    st = stats(GENRE)
    assert "2.1倍" not in st  # 是全市平均水平的2.1倍: the zone against the city, not against a year
    assert "1.2万元" not in st  # 比全市平均多1.2万元
    assert st["8.6万元"]["kind"] == "Level" and st["45万元"]["kind"] == "Level"


def test_a_net_increase_of_enterprises_is_the_change_of_their_number():
    s = stats(GENRE)["35家"]
    assert (s["indicator"], s["kind"], s["area"]) == ("规上工业企业数", "AbsoluteChange", "苏州工业园区")


def test_ranks_with_the_group_they_are_taken_in():
    st, v = stats(GENRE), values(GENRE)
    s = st["全市第一"]  # the growth rate of GDP is ranked first in the city
    assert (s["indicator"], s["kind"], s["area"], v["全市第一"][1:]) == \
        ("地区生产总值", "GrowthRateRank", "苏州工业园区", ("1", "NUM"))
    assert (s["begin"], s["end"]) == ("2023-01-01", "2023-09-30")
    s = st["全省开发区第3位"]
    assert (s["indicator"], s["kind"], s["begin"], v["全省开发区第3位"][1:]) == \
        ("实际利用外资", "Rank", "2022-01-01", ("3", "NUM"))
    # 位列“第一方阵” is a tier, not a rank; 力争…进入全国第5位 a target
    assert not any("第一" in t and t != "全市第一" for t in st) and not any("第5位" in t for t in st)


def test_the_genre_snippet_conforms_to_the_shapes():
    import rdflib

    from graph.validate import ontology_files_graph, validate_graphs

    doc = Document(docid="genre", text=GENRE, published=PUBLISHED)
    data = rdflib.Graph().parse(data="".join(f"{q.subject} {q.predicate} {q.object} .\n"
                                              for q in extract_document(doc, NS)), format="nt")
    report = validate_graphs(data, ontology_files_graph(), ontology_files_graph(shapes=True))
    assert report.conforms, report.text


PER_UNIT = """德清经济开发区 产业结构持续优化

2022年，德清经济开发区人均GDP达到16.8万元，亩均产值612万元，亩均营收655万元。近五年，德清经济开发区生物医药产业产值年均增长18.5%。

今年上半年，雷甸镇村级集体经济总收入达1860万元，同比增长12.1%，其中经营性收入占比达到61.4%。
"""


def test_per_capita_per_mu_and_single_industry_indicators():
    st = stats(PER_UNIT)
    assert {t: (s["indicator"], s["kind"], s["area"]) for t, s in st.items()} == {
        "16.8万元": ("人均地区生产总值", "Level", "德清经济开发区"),
        "612万元": ("亩均产值", "Level", "德清经济开发区"),
        "655万元": ("亩均营业收入", "Level", "德清经济开发区"),
        "18.5%": ("生物医药产业产值", "AverageAnnualGrowthRate", "德清经济开发区"),
        "1860万元": ("村级集体经济收入", "Level", "雷甸镇"),
        "12.1%": ("村级集体经济收入", "GrowthRate", "雷甸镇"),
        "61.4%": ("村级集体经营性收入", "Share", "雷甸镇")}  # the operating part of that income
    assert (st["18.5%"]["begin"], st["18.5%"]["end"]) == ("2018-01-01", "2022-12-31")


def test_a_net_increase_after_the_count_is_its_change_and_the_year_end_its_base():
    raw = """海宁经济开发区 企业集聚

截至9月底，海宁经济开发区高新技术企业达到186家，比上年末净增23家。今年以来，海宁经济开发区外资企业净减3家。
"""
    st, v = stats(raw), values(raw)
    assert {t: (s["indicator"], s["kind"], s["end"]) for t, s in st.items()} == {
        "186家": ("高新技术企业数", "Level", "2023-09-30"), "23家": ("高新技术企业数", "AbsoluteChange", "2023-09-30"),
        "3家": ("外资企业数", "AbsoluteChange", "2023-10-20")}
    assert (v["23家"][1], v["3家"][1]) == ("23", "-3")  # 净减: a decrease


RANGES = """六安经济技术开发区 经济运行

1—9月，六安经济技术开发区规上工业产值同比增长12.3%。一季度，六安经济技术开发区固定资产投资46.2亿元。今年以来，六安经济技术开发区实际利用外资1.8亿美元。截至9月底，六安经济技术开发区累计落户外资企业52家。
"""


def test_periods_written_as_ranges_quarters_year_to_date_and_as_of():
    st = stats(RANGES)
    assert {t: (s["indicator"], s["begin"], s["end"]) for t, s in st.items()} == {
        "12.3%": ("规上工业产值", "2023-01-01", "2023-09-30"),  # 1—9月
        "46.2亿元": ("固定资产投资", "2023-01-01", "2023-03-31"),  # 一季度
        "1.8亿美元": ("实际利用外资", "2023-01-01", "2023-10-20"),  # 今年以来: up to publication
        "52家": ("外资企业数", "2023-09-30", "2023-09-30")}  # 截至9月底: a stock at that day


def test_two_clauses_on_only_what_goes_on_with_the_same_measure():
    raw = """长兴经济技术开发区 亩均效益

今年1—10月，长兴经济技术开发区亩均税收32.6万元，同比增长9.8%，腾退低效企业136家。前三季度，长兴经济技术开发区实际使用外资12.3亿美元，同比下降8.2%，比上年同期减少1.1亿美元。
"""
    st, v = stats(raw), values(raw)
    assert "136家" not in st  # enterprises vacated: no tax per mu
    assert (st["1.1亿美元"]["indicator"], st["1.1亿美元"]["kind"], v["1.1亿美元"][1:]) == \
        ("实际利用外资", "AbsoluteChange", ("-110000000", "USD"))


def test_a_plan_blocks_its_own_clause_only():
    st = stats("""六安经济技术开发区 项目建设

今年计划实施重点项目30个，1—9月完成固定资产投资46.2亿元，同比增长8.1%。今年，六安经济技术开发区计划完成工业投资80亿元。开发区确保全年规上工业产值增长10%以上。六安经济技术开发区一般公共预算收入完成12.5亿元，完成年度目标任务的78%。
""")
    assert {t: s["indicator"] for t, s in st.items()} == {
        "46.2亿元": "固定资产投资", "8.1%": "固定资产投资", "12.5亿元": "一般公共预算收入"}
    # 计划完成…80亿元, 确保…增长10%以上 and 完成年度目标任务的78% are plans and progress on a target
    assert (st["46.2亿元"]["begin"], st["46.2亿元"]["end"]) == ("2023-01-01", "2023-09-30")


def test_a_share_written_as_a_fraction():
    st = stats("""平湖经济技术开发区 产业结构

2022年，平湖经济技术开发区规上工业产值占全市的三分之一，高新技术产业增加值占比超过四分之三。
""")
    assert {t: (s["indicator"], s["kind"], s["of"]) for t, s in st.items()} == {
        "三分之一": ("规上工业产值", "Share", "平湖市"), "超过四分之三": ("高新技术产业增加值", "Share", "")}


# ------------------------------------------------------------------ comparison basis (同比 / 环比)

BASIS = """海宁经济开发区 前三季度成绩单

今年1—9月，海宁经济开发区实现规上工业产值486.2亿元，同比增长12.6%；三季度工业投资环比增长4.3%。

前三季度，海宁经济开发区亩均税收占比提高2.1个百分点。
"""


def test_a_growth_says_whether_it_is_year_on_year_or_on_the_previous_period():
    rows = graph(BASIS).query(PFX + """SELECT ?t ?basis WHERE { GRAPH ?g { ?o a edz:Observation ;
        edz:originalText ?t . OPTIONAL { ?o edz:comparisonBasis ?basis } } }""")
    basis = {r["t"].value: (r["basis"].value.rsplit("#", 1)[-1] if r["basis"] else None) for r in rows}
    assert basis["12.6%"] == "YearOnYear"  # 同比增长12.6%
    assert basis["4.3%"] == "PeriodOnPeriod"  # 环比增长4.3%
    assert basis["486.2亿元"] is None  # a level is compared with nothing


def test_percentage_points_are_in_percent_not_plain_numbers():
    rows = graph(BASIS).query(PFX + """PREFIX qudt: <http://qudt.org/schema/qudt/>
        SELECT ?u WHERE { GRAPH ?g { ?f a edz:Quantity ; edz:originalText "2.1个百分点" ; qudt:unit ?u } }""")
    assert [r["u"].value for r in rows] == ["http://qudt.org/vocab/unit/PERCENT"]
