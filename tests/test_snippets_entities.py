"""Entities, mentions and figures on snippets written for these tests (genre: development zones,
村企结对, investment signings, park renewal), with real divisions from the gazetteer and invented
companies, people and projects. Each test states what a reader of the snippet expects to find:
foreign names written with a name dot, zone and company short forms, names damaged at page breaks
(a lost or a doubled character, a caption between the halves), project names and non-names,
villages with two-character names, and quantities in 斤 and 兆瓦/千瓦; names that must not start with
the verb before them (依法收回|, 改造成|), a park's supporting projects (配套项目) in every form, parks
named by an unknown brand, and foreign names with characters outside the usual transliteration set."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyoxigraph as ox
import pytest

from graph.corpus import Document
from graph.figures import find_figures
from graph.mentions import foreign_names
from graph.pipeline import extract_document

from .gold import NS, PFX

# 建德 (杭州): 更楼街道, its villages 黄岙村 and 湖岑畈村.
JIANDE = (
    "建德经济开发区 项目为王谋新篇\n\n"
    "今年以来,建德经济开发区(更楼街道)坚持招大引强,狠抓项目落地。全街道已有12个村企共建项目,今年1月至5月,"
    "建德经开区新签约亿元以上项目7个,总投资38亿元。\n\n"
    "3月,德国博尔克集团投资建设的新能源汽车热管理系统项目在建德经开区正式开工。博尔克集团亚太区总裁约阿希姆·克莱因说,"
    "这里的产业配套很完善。该项目总投资4.2亿元,达产后年产热管理模块60万套。\n\n"
    "在更楼街道黄岙村,村里的屋顶光伏项目装机容量2.5兆瓦,去年发电量达260万千瓦时。黄岙村党支部书记潘志\n\n\n\n"
    "奋进中的建德经济开发区\n\n"
    "志刚介绍,村里的高山蔬菜去年卖出6万余斤,村集体经济收入达158万元。\n\n"
    "湖岑畈村与杭州绿禾农业科技有限公司结成对子后,双方共同投资的湖岑畈村精品民宿综合体项目已经开工,项目占地约30亩。"
    "公司总经理彼得.霍夫曼还当起了村里的“乡村导师”。按照计划,湖岑畈村精品民宿综\n\n"
    "体项目明年投入运营,每年可为村集体增收50万元以上。\n"
)

# 桐庐 (杭州): 城南街道新建村 (新建 is also a verb), 江南镇徐畈村.
TONGLU = (
    "桐庐经济开发区 村企联建结硕果\n\n"
    "近日,桐庐经济开发区召开村企联建推进会。桐庐开发区内的杭州富春智联电子有限公司与城南街道新建村签订新建村智慧茶园基地项目"
    "合作协议,项目总投资1800万元,建成后每年可产优质稻米80万斤。\n\n"
    "江南镇徐畈村与浙江恒瑞光伏科技股份有限公司签订企村联建协议,由浙江恒瑞光伏科技股份有限公司承建的徐畈村分布式光伏电站项目"
    "装机800千瓦,已经并网发电。恒瑞光伏总经理安娜•施密特介绍,公司还将在江南绿色智造小\n\n"
    "桐庐经济开发区富春智造产业园\n\n"
    "园内新建标准厂房。目前,江南绿色智造小微园一期已入驻企业23家。\n"
)

# 宿迁 (Jiangsu): 宿迁高新区, 耿车镇大众村.
SUQIAN = (
    "宿迁高新技术产业开发区:外资项目跑出“加速度”\n\n"
    "抢抓机遇 跑出项目建设加速度\n\n"
    "今年以来,宿迁高新区聚焦新一代信息技术、智能网联汽车等产业,1月至6月实际使用外资1.2亿美元。4月,瑞士卡尔贝格集团与宿迁高新区签约,"
    "计划投资25亿元建设卡尔贝格精密传感器产业园项目。卡尔贝格集团中国区总裁马蒂亚斯·费舍尔表示,看好宿迁的营商环境。\n\n"
    "宿迁高新区推行项目专班服务,招来项目一批。耿车镇大众村与宿迁华创电子有限公司结对,共同建设大众村电商直播中心项目,"
    "直播中心年销售农产品3000公斤以上。\n"
)

# 德清 (湖州): 阜溪街道, 二都村, 四都村; park renewal.
DEQING = (
    "德清经济开发区 老旧厂区“腾笼换鸟”\n\n"
    "德清经济开发区(阜溪街道)持续推进低效工业用地整治。去年,阜溪街道从浙江南方丝绸有限公司回收土地112亩,"
    "建成阜溪智能制造小微园,总建筑面积12.4万平方米。原德清县第一缫丝厂腾退后,将建设德清经开区数字经济产业园。\n\n"
    "今年3月,二都村、四都村与德清县国有资本投资有限公司共同入股阜溪智能制造小\n\n"
    "德清经济开发区航拍\n\n"
    "园二期项目,项目总投资1.6亿元。二期项目建成后,可为两村每年增加集体收入80万元。\n"
)

# 建德: villages written after their subdistrict, names the gazetteer lists only in other counties;
# a doubled character at a page break inside a name whose doubled form is a (rare) word (文文).
JIANDE_PAIRS = (
    "建德经济开发区 共富路上齐步走\n\n"
    "近年来,建德经济开发区结对帮扶更楼街道石畈村、下岙村。杭州新安江精工机械有限公司在石畈村投资建设的竹木加工厂房已经建成,"
    "下岙村则与杭州绿谷茶业有限公司签订结对协议。杭州绿谷茶业有限公司董事长钱文\n\n"
    "奋进中的建德经济开发区\n\n"
    "文涛说,公司将帮助村里发展高山蔬菜。\n"
)

# 建德: a zone's and a park's projects in general (重点项目, 配套项目) are no projects; 更 of 更楼 is
# also a function word.
JIANDE_PROJECTS = (
    "建德经济开发区 项目建设提速\n\n"
    "建德经济开发区(更楼街道)今年共有重点项目20个。更楼智能制造产业园配套项目加快建设,建德经济开发区重点项目推进顺利,"
    "杭州新安江精工机械有限公司年产5万台电机项目已经投产。更楼智能制造产业园二期项目明年开工。\n"
)

# 慈溪/宁波 and 江山/衢州: signings with foreign companies; list items that are industries; a clean
# doubled character after a bracket at a page break; a designation title written like a park.
CIXI = (
    "宁波杭州湾经济技术开发区 山海协作结硕果\n\n"
    "慈溪经济开发区与衢州江山经济开发区签订山海协作协议。江山经济开发区将重点引进新能源装备、燃料电池核心部件等企业。"
    "日本松浦精工株式会社投资的松浦精工（宁波）有限公司年产200万件汽车精密冲压件项目已经开工,"
    "松浦精工（宁波）有限公司总经理崔成焕表示,项目明年投产,厂房高12层,年产值过亿元。\n\n"
    "东海精工（宁\n\n"
    "宁波）有限公司则入驻了慈溪智造产业社区。这里还获评浙江省绿色低碳示范园区。“一切围绕项目转”,园区为每一个重点项目配备专班。\n"
)

# 海宁 (嘉兴) and zones named with their prefecture, or by a city alone.
HAINING = (
    "无锡锡山经济技术开发区 携手共进\n\n"
    "宣城市宁国经济技术开发区与无锡锡山经济技术开发区签订合作协议。锡山经济技术开发区还与浙江嘉善经济技术开发区、苏州工业园区合作。"
    "今年5月,浙江海宇新材料科技有限公司高性能芳纶纤维项目在海宁经济开发区正式开工。高性能芳纶纤维项目总投资12亿元。"
    "日本东和精工株式会社投资的东和精工（嘉兴）有限公司同日签约,东和精工（嘉兴）有限公司社长中村浩二出席。"
    "园区国资平台浙江海宁潮城产业发展有限公司负责建设标准厂房。\n"
)


class Snippet:
    """One snippet's graph, queried with SPARQL as a user would."""

    def __init__(self, name: str, text: str) -> None:
        self.text = text
        self.store = ox.Store()
        self.store.extend(extract_document(Document(docid=name, text=text, published=dt.date(2024, 6, 1)), NS))

    def rows(self, body: str) -> list[dict[str, str]]:
        res = self.store.query(PFX + body, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        return [{n: (r[n].value if r[n] is not None else None) for n in names} for r in res]

    def labels(self, cls: str) -> set[str]:
        """zh labels of the mentioned entities of one class."""
        return {r["l"] for r in self.rows(
            f"SELECT DISTINCT ?l WHERE {{ ?e a edz:{cls} ; rdfs:label ?l ; edz:mention ?m FILTER(lang(?l) = 'zh') }}")}

    def entity(self, cls: str, label: str) -> str:
        rows = self.rows(f'SELECT ?e WHERE {{ ?e a edz:{cls} ; rdfs:label "{label}"@zh }}')
        assert len(rows) == 1, (cls, label, rows)
        return rows[0]["e"]

    def alt_labels(self, iri: str) -> set[str]:
        return {r["a"] for r in self.rows(f"SELECT ?a WHERE {{ <{iri}> skos:altLabel ?a }}")}

    def mentions(self, iri: str) -> list[str]:
        """The exact original text of every mention of an entity (checked against the snippet)."""
        rows = self.rows(f"SELECT ?x ?s ?t WHERE {{ <{iri}> edz:mention ?m . ?m oa:exact ?x ; oa:start ?s ; oa:end ?t }}")
        for r in rows:
            assert self.text[int(r["s"]):int(r["t"])] == r["x"]
        return sorted(r["x"] for r in rows)

    def figure(self, wording: str) -> tuple[Decimal, str, str]:
        rows = self.rows(f"""SELECT ?v ?u ?a WHERE {{ ?f a edz:Quantity ; edz:originalText "{wording}" ;
            qudt:numericValue ?v ; qudt:unit ?u ; edz:approximation ?a }}""")
        assert len(rows) == 1, (wording, rows)
        r = rows[0]
        return Decimal(r["v"]), r["u"].rsplit("/", 1)[-1], r["a"].rsplit("#", 1)[-1]


@pytest.fixture(scope="module")
def snippets() -> dict[str, Snippet]:
    return {name: Snippet(name, text) for name, text in (
        ("jiande", JIANDE), ("tonglu", TONGLU), ("suqian", SUQIAN), ("deqing", DEQING),
        ("jiande_pairs", JIANDE_PAIRS), ("jiande_projects", JIANDE_PROJECTS), ("cixi", CIXI),
        ("haining", HAINING))}


# ---------------------------------------------------------------- people


def test_foreign_names_with_a_name_dot_are_whole_people(snippets):
    assert {"约阿希姆·克莱因", "彼得·霍夫曼"} <= snippets["jiande"].labels("Person")
    assert "安娜·施密特" in snippets["tonglu"].labels("Person")
    assert "马蒂亚斯·费舍尔" in snippets["suqian"].labels("Person")
    for s in snippets.values():  # never a cut half (约阿希姆, 马蒂亚斯) nor a title inside
        for name in s.labels("Person"):
            assert "·" in name or len(name) <= 4, name
            assert not name.startswith(("总裁", "理", "经理")), name


@pytest.mark.parametrize("text,name", [
    ("总经理托马斯·穆勒表示", "托马斯·穆勒"),
    ("亚太区总裁卡尔・鲍曼说", "卡尔·鲍曼"),
    ("由托马斯·穆勒总经理主持", "托马斯·穆勒"),
    ("董事长安娜•施密特博士介绍", "安娜·施密特"),
    ("浙江卡尔·鲍曼", "卡尔·鲍曼"),
    ("村民买买提·吐尔逊说", "买买提·吐尔逊"),
    ("全球副总裁约翰·史密斯表示", "约翰·史密斯"),
    ("首席执行官大卫·贝克说", "大卫·贝克"),
    ("俄方代表亚历山大·伊万诺夫出席", "亚历山大·伊万诺夫"),
    ("玛丽亚·克里斯蒂娜·冯·特拉普女士", "玛丽亚·克里斯蒂娜·冯·特拉普"),
])
def test_foreign_name_reading(text, name):
    assert [n for _, _, n in foreign_names(text)] == [name]


def test_a_full_stop_between_words_is_no_name_dot():
    assert foreign_names("项目已经落地.约翰说") == []


def test_a_dot_written_otherwise_is_the_same_name(snippets):
    s = snippets["jiande"]
    e = s.entity("Person", "彼得·霍夫曼")
    assert s.mentions(e) == ["彼得.霍夫曼"] and "彼得.霍夫曼" in s.alt_labels(e)
    t = snippets["tonglu"]
    assert t.mentions(t.entity("Person", "安娜·施密特")) == ["安娜•施密特"]


def test_foreign_person_after_a_title_holds_that_post(snippets):
    s = snippets["tonglu"]
    rows = s.rows("""SELECT ?t ?o WHERE { ?p rdfs:label "安娜·施密特"@zh ; edz:holdsPost ?post .
        ?post edz:roleTitle ?t ; edz:postIn/rdfs:label ?o FILTER(lang(?o) = 'zh') }""")
    assert {(r["t"], r["o"]) for r in rows} == {("总经理", "浙江恒瑞光伏科技股份有限公司")}


def test_doubled_character_of_a_name_across_a_caption(snippets):
    s = snippets["jiande"]
    assert s.mentions(s.entity("Person", "潘志刚")) == ["潘志\n\n\n\n奋进中的建德经济开发区\n\n志刚"]
    p = snippets["jiande_pairs"]
    assert "钱文涛" in p.labels("Person") and "钱文文" not in p.labels("Person")


# ---------------------------------------------------------------- zones and companies


@pytest.mark.parametrize("name,full,short", [
    ("jiande", "建德经济开发区", "建德经开区"),
    ("tonglu", "桐庐经济开发区", "桐庐开发区"),
    ("suqian", "宿迁高新技术产业开发区", "宿迁高新区"),
])
def test_zone_short_forms_are_the_zone(snippets, name, full, short):
    s = snippets[name]
    assert s.labels("DevelopmentZone") == {full}
    assert short in s.alt_labels(s.entity("DevelopmentZone", full))


@pytest.mark.parametrize("name,full,short,country", [
    ("jiande", "德国博尔克集团", "博尔克集团", "DE"),
    ("suqian", "瑞士卡尔贝格集团", "卡尔贝格集团", "CH"),
])
def test_company_with_and_without_its_country_is_one_company(snippets, name, full, short, country):
    s = snippets[name]
    companies = s.labels("Company")
    assert full in companies and short not in companies
    e = s.entity("Company", full)
    assert short in s.alt_labels(e)
    assert [r["c"] for r in s.rows(f"SELECT ?c WHERE {{ <{e}> edz:homeCountry ?c }}")] == [country]


def test_company_names_ending_in_a_verb_and_factories_named_after_their_county(snippets):
    companies = snippets["deqing"].labels("Company")
    assert {"德清县国有资本投资有限公司", "德清县第一缫丝厂", "浙江南方丝绸有限公司"} <= companies
    assert not any(c.startswith("原") for c in companies)


# ---------------------------------------------------------------- page-break damage


def test_lost_character_inside_a_project_name(snippets):
    s = snippets["jiande"]
    assert {"湖岑畈村精品民宿综\n\n体项目", "湖岑畈村精品民宿综合体项目"} <= set(
        s.mentions(s.entity("Project", "湖岑畈村精品民宿综合体项目")))


def test_lost_character_where_no_pattern_finds_the_name(snippets):
    """江南绿色智造小 ⏎⏎ caption ⏎⏎ 园内: the caption ends with 园 as the next block starts, and
    the park name lost 微; the park written whole later is the same park, the caption its own."""
    s = snippets["tonglu"]
    park = s.entity("IndustrialPark", "江南绿色智造小微园")
    assert set(s.mentions(park)) == {"江南绿色智造小微园", "江南绿色智造小\n\n桐庐经济开发区富春智造产业园\n\n园"}
    assert not any("小桐庐" in x or "小园" in x for x in s.labels("IndustrialPark") | s.labels("Project"))
    assert "桐庐经济开发区富春智造产业园" in s.labels("IndustrialPark")


def test_lost_character_filled_from_a_name_of_another_kind(snippets):
    """…入股阜溪智能制造小 ⏎⏎ caption ⏎⏎ 园二期项目: the project takes the park's whole name."""
    s = snippets["deqing"]
    assert s.labels("Project") == {"阜溪智能制造小微园二期项目"}
    assert "阜溪智能制造小微园" in s.labels("IndustrialPark")


# ---------------------------------------------------------------- projects


def test_counts_and_verbs_before_项目_are_not_projects(snippets):
    assert snippets["jiande"].labels("Project") == {
        "新能源汽车热管理系统项目", "黄岙村屋顶光伏项目", "湖岑畈村精品民宿综合体项目"}
    suqian = snippets["suqian"].labels("Project")
    assert "大众村电商直播中心项目" in suqian
    assert not any(w in p for p in suqian for w in ("跑出", "引来", "推行", "发力", "重大项目")), suqian


def test_project_keeps_its_village_head_after_a_verb(snippets):
    s = snippets["tonglu"]
    assert s.labels("Project") == {"新建村智慧茶园基地项目", "徐畈村分布式光伏电站项目"}


def test_projects_of_a_zone_or_park_in_general_are_not_projects(snippets):
    s = snippets["jiande_projects"]
    projects = s.labels("Project")
    assert "更楼智能制造产业园二期项目" in projects
    assert not any(x.endswith(("配套项目", "重点项目")) for x in projects), projects
    assert len(projects) == 2  # and the company's 年产5万台电机项目
    assert "更楼智能制造产业园" in s.labels("IndustrialPark")


def test_a_bare_phase_project_is_the_project_before(snippets):
    s = snippets["deqing"]
    e = s.entity("Project", "阜溪智能制造小微园二期项目")
    assert "二期项目" in s.mentions(e)


# ---------------------------------------------------------------- villages


def test_a_county_or_city_written_by_its_short_name(snippets):
    """看好宿迁的营商环境: 宿迁 alone is 宿迁市, the city of the zone."""
    s = snippets["suqian"]
    assert "宿迁" in s.mentions(s.entity("City", "宿迁市"))


def test_villages_with_two_character_names(snippets):
    assert {"黄岙村", "湖岑畈村"} <= snippets["jiande"].labels("Village")
    assert {"徐畈村", "新建村"} <= snippets["tonglu"].labels("Village")
    assert {"二都村", "四都村"} <= snippets["deqing"].labels("Village")


def test_villages_written_after_their_subdistrict(snippets):
    """石畈村 and 下岙村 exist in the gazetteer only in other counties: written after 更楼街道,
    they are that subdistrict's villages."""
    s = snippets["jiande_pairs"]
    rows = s.rows("""SELECT ?v WHERE { ?e a edz:Village ; rdfs:label ?v ;
        edz:partOf/rdfs:label "更楼街道"@zh FILTER(lang(?v) = 'zh') }""")
    assert {r["v"] for r in rows} == {"石畈村", "下岙村"}


# ---------------------------------------------------------------- figures and industries


@pytest.mark.parametrize("name,wording,value,unit,approx", [
    ("jiande", "6万余斤", 30000, "KiloGM", "AtLeast"),
    ("jiande", "2.5兆瓦", 2500000, "W", "Exact"),
    ("tonglu", "800千瓦", 800000, "W", "Exact"),
    ("tonglu", "80万斤", 400000, "KiloGM", "Exact"),
    ("suqian", "3000公斤以上", 3000, "KiloGM", "AtLeast"),
    ("deqing", "12.4万平方米", 124000, "M2", "Exact"),
])
def test_figures_in_base_units(snippets, name, wording, value, unit, approx):
    assert snippets[name].figure(wording) == (Decimal(value), unit, approx)


@pytest.mark.parametrize("text,wording,value,unit,approx", [
    ("稻谷产量7万余斤", "7万余斤", "35000", "KG", "at_least"),
    ("投资3亿多元", "3亿多元", "300000000", "CNY", "at_least"),
    ("装机容量1.6兆瓦", "1.6兆瓦", "1600000", "W", "exact"),
    ("亩产1200斤", "1200斤", "600", "KG", "exact"),
    ("总装机3至5兆瓦", "3至5兆瓦", "3000000", "W", "at_least"),
    ("总装机120万千瓦", "120万千瓦", "1200000000", "W", "exact"),
    ("装机2吉瓦", "2吉瓦", "2000000000", "W", "exact"),
    ("年发电1.5兆瓦时", "1.5兆瓦时", "1500", "KWH", "exact"),
])
def test_figure_reading(text, wording, value, unit, approx):
    f = find_figures(text)[0]
    assert (f.text, f.value, f.unit, f.approximation) == (wording, Decimal(value), unit, approx)


def test_strategic_emerging_industries_are_known(snippets):
    """宿迁高新区聚焦新一代信息技术、智能网联汽车等产业: both are industries of the dictionary."""
    s = snippets["suqian"]
    zone = s.entity("DevelopmentZone", "宿迁高新技术产业开发区")
    rows = s.rows(f"SELECT ?c WHERE {{ <{zone}> edz:focusesOnIndustry ?c }}")
    assert {NS.base + "id/industry/" + x for x in ("xin-yi-dai-xin-xi-ji-shu", "zhi-neng-wang-lian-qi-che")} <= {
        r["c"] for r in rows}


# ---------------------------------------------------------------- signings with foreign companies


def test_japanese_and_foreign_companies(snippets):
    companies = snippets["haining"].labels("Company")
    assert {"日本东和精工株式会社", "东和精工（嘉兴）有限公司", "浙江海宁潮城产业发展有限公司",
            "浙江海宇新材料科技有限公司"} == companies
    assert {"日本松浦精工株式会社", "松浦精工（宁波）有限公司", "东海精工（宁波）有限公司"} <= snippets["cixi"].labels("Company")


def test_list_items_before_等企业_that_are_industries_are_no_companies(snippets):
    companies = snippets["cixi"].labels("Company")
    assert not any("装备" in c or "部件" in c for c in companies), companies


def test_names_of_people_with_unusual_given_or_family_names(snippets):
    assert "崔成焕" in snippets["cixi"].labels("Person")
    haining = snippets["haining"]
    assert "中村浩二" in haining.labels("Person")
    rows = haining.rows("""SELECT ?t WHERE { ?p rdfs:label "中村浩二"@zh ; edz:holdsPost/edz:roleTitle ?t }""")
    assert [r["t"] for r in rows] == ["社长"]


def test_zone_names_with_their_prefecture_or_named_by_a_city(snippets):
    s = snippets["haining"]
    zones = s.labels("DevelopmentZone")
    assert {"无锡锡山经济技术开发区", "宁国经济技术开发区", "嘉善经济技术开发区", "苏州工业园区", "海宁经济开发区"} == zones
    assert "锡山经济技术开发区" in s.alt_labels(s.entity("DevelopmentZone", "无锡锡山经济技术开发区"))
    assert "苏州工业园区" not in s.labels("IndustrialPark")


def test_a_project_with_and_without_its_company_is_one_project(snippets):
    s = snippets["haining"]
    assert len(s.labels("Project")) == 1
    (label,) = s.labels("Project")
    assert label.endswith("高性能芳纶纤维项目")


def test_designation_titles_and_slogans_are_neither_parks_nor_projects(snippets):
    s = snippets["cixi"]
    assert "慈溪智造产业社区" in s.labels("IndustrialPark")
    assert not any("示范园区" in x for x in s.labels("IndustrialPark"))
    assert not any("一切" in x or "每" in x or "围绕" in x for x in s.labels("Project")), s.labels("Project")


@pytest.mark.parametrize("wording,value,approx", [("12层", 12, "Exact"), ("过亿元", 100000000, "AtLeast")])
def test_floors_and_over_a_hundred_million(snippets, wording, value, approx):
    v, _, a = snippets["cixi"].figure(wording)
    assert (v, a) == (Decimal(value), approx)


def test_an_ambiguous_district_name_far_from_the_document_is_no_place():
    """浙西南山区 (the mountains of south-west Zhejiang): 南山区 names districts in Shenzhen and
    Hegang, neither in the document's area."""
    s = Snippet("zhexinan", "建德经济开发区 山区共富\n\n深秋的浙西南山区,层林尽染。建德经济开发区结对帮扶山区村庄。\n")
    assert s.labels("District") == set()


@pytest.mark.parametrize("text,divisions", [
    ("初冬的赣南山区,层林尽染。", []),  # 南山区 across 赣南 | 山区
    ("该村被评为浙江省县级中心村。", ["浙江省"]),  # a grade of villages
    ("走进建德市更楼街道黄岙村", ["建德市", "更楼街道", "黄岙村"]),
])
def test_division_names_inside_other_words(text, divisions):
    from graph.mentions import find_mentions
    from graph.repair import repair
    from graph.sentences import split_sentences

    rt = repair(text)
    assert [m.text for m in find_mentions(rt, split_sentences(rt)) if m.kind == "division"] == divisions


def test_a_village_whose_whole_name_is_two_characters():
    """骆村 (更楼街道, 建德): a village of the county the document is about, written alone."""
    s = Snippet("luocun", "建德经济开发区 村企同心\n\n建德经济开发区持续深化村企结对。骆村与杭州新安江精工机械有限公司结对后,"
                          "村里的茶园有了稳定销路。全村上下干劲十足,农村面貌焕然一新。\n")
    assert s.labels("Village") == {"骆村"}
    rows = s.rows('SELECT ?c WHERE { ?v rdfs:label "骆村"@zh ; edz:divisionCode ?c }')
    assert len(rows) == 1 and rows[0]["c"].startswith("330182003")  # a village of 更楼街道


def test_zone_written_with_and_without_国家_or_技术_is_one_zone():
    s = Snippet("wujin", "武进国家高新区 加速崛起\n\n武进国家高新区今年新签约项目15个。武进高新区还与溧阳经济开发区合作,"
                         "溧阳经济技术开发区副主任王海涛表示,双方将共建产业园。\n")
    assert s.labels("DevelopmentZone") == {"武进国家高新区", "溧阳经济技术开发区"}
    assert "武进高新区" in s.alt_labels(s.entity("DevelopmentZone", "武进国家高新区"))
    assert "溧阳经济开发区" in s.alt_labels(s.entity("DevelopmentZone", "溧阳经济技术开发区"))


def test_a_province_s_zones_in_general_are_no_zone():
    """湖北省级开发区中: the provincial-level zones of Hubei, not a zone named 湖北省级开发区."""
    s = Snippet("hubei", "襄阳高新区 发展提速\n\n在湖北省级开发区中,襄阳高新技术产业开发区位列第一。\n")
    assert s.labels("DevelopmentZone") == {"襄阳高新技术产业开发区"}


@pytest.mark.parametrize("text,divisions", [
    ("建德市更楼街道三个村与企业结对", ["建德市", "更楼街道"]),
    ("更楼街道所有村都有了致富项目", ["更楼街道"]),
    ("更楼街道石畈村、下岙村", ["更楼街道", "石畈村", "下岙村"]),
])
def test_villages_after_a_township_are_names_not_counts(text, divisions):
    from graph.mentions import find_mentions
    from graph.repair import repair
    from graph.sentences import split_sentences

    rt = repair(text)
    assert [m.text for m in find_mentions(rt, split_sentences(rt)) if m.kind == "division"] == divisions


def test_a_park_s_own_committee():
    """绵阳科技城管委会 is the committee of 绵阳科技城, not of the zone the section is about."""
    s = Snippet("mianyang", "绵阳高新区 老厂房“变身”科创园\n\n绵阳高新技术产业开发区将老厂房改造为科创园。"
                            "绵阳科技城管委会有关负责人表示,园区已引进企业46家。\n")
    assert "绵阳科技城" in s.labels("IndustrialPark")
    assert s.labels("GovernmentBody") == {"绵阳科技城管委会"}


@pytest.mark.parametrize("text,name", [
    ("公司总经理卡尔·施耐德介绍,双方将共建工坊", "卡尔·施耐德"),
    ("德方代表汉斯·施耐德在签约仪式上说", "汉斯·施耐德"),
    ("技术总监马库斯·贝克尔表示", "马库斯·贝克尔"),
    ("德方代表乔治·韦伯出席", "乔治·韦伯"),  # 治 before the dot
    ("副总裁沃尔夫冈·朔伊布勒介绍", "沃尔夫冈·朔伊布勒"),  # 朔 after the dot
    ("与汉斯·齐默在会上交流", "汉斯·齐默"),  # 默 ends the name before 在
    ("总经理本杰明·富兰克林说", "本杰明·富兰克林"),
    ("卡尔·鲍曼团队", "卡尔·鲍曼"),  # 团 opens a word of its own
])
def test_a_foreign_name_part_with_a_character_outside_the_usual_set_is_read_whole(text, name):
    """耐 of 施耐德 is rarely a transliteration character; inside a part it does not end the name."""
    assert [n for _, _, n in foreign_names(text)] == [name]


def test_names_do_not_start_with_the_verb_before_their_place():
    """依法收回 / 改造成 / 建成 / 打造成 govern the name after them; the name starts at its place."""
    s = Snippet("zhuji", "诸暨经开区 盘活低效用地\n\n"
                "去年,诸暨经开区依法收回浙江宏达五金有限公司闲置土地45亩,将原厂房改造成诸暨智能视觉产业园。"
                "今年,暨阳街道建成诸暨环保装备小微园,还将打造成诸暨数字经济产业园。\n")
    assert s.labels("Company") == {"浙江宏达五金有限公司"}
    assert s.labels("IndustrialPark") == {"诸暨智能视觉产业园", "诸暨环保装备小微园", "诸暨数字经济产业园"}
    assert "诸暨经开区" in s.labels("DevelopmentZone")


def test_a_park_s_supporting_projects_are_no_project_in_any_form():
    """X产业合作园配套项目, …的配套项目, …二期配套项目, and the same cut by a page break (a caption
    between 配 and 套): the park's projects in general. The park's second phase is a project."""
    s = Snippet("shangyu", "上虞经济技术开发区 合作园建设提速\n\n"
                "今年,上虞经济技术开发区与杭州湾上虞产业合作园签约。杭州湾上虞产业合作园配套项目加快推进,"
                "卓能生态产业合作园的配套项目已开工,瑞丰生态产业合作园二期配套项目也将启动。卓能生态产业合作园配\n\n"
                "奋进中的上虞经济技术开发区\n\n"
                "套项目总投资3亿元。杭州湾上虞产业合作园二期项目明年开工。杭州湾上虞产业合作园基础配套项目、"
                "生活配套项目和杭州湾上虞产业合作园配套设施项目同步推进。\n")
    assert s.labels("Project") == {"杭州湾上虞产业合作园二期项目"}
    assert {"杭州湾上虞产业合作园", "卓能生态产业合作园", "瑞丰生态产业合作园"} <= s.labels("IndustrialPark")


@pytest.mark.parametrize("first,second", [("小微", "微园二期项目"), ("小微园二", "二期项目"), ("小微园二期", "期项目"),
                                          ("小微园二期项", "项目"), ("小", "园二期项目")])
def test_a_project_cut_by_a_page_break_is_one_project(first, second):
    """The park is written whole in the paragraph before; the project's name is cut by a page break
    (a caption between the halves; a character doubled or lost there): one project."""
    s = Snippet("changxing", "长兴经济开发区 小微园建设提速\n\n长兴新能源装备小微园一期已入驻企业18家。\n\n"
                f"今年3月,画溪街道与长兴绿能电池有限公司共同投资长兴新能源装备{first}\n\n奋进中的长兴经济开发区\n\n"
                f"{second},项目总投资2.6亿元。\n")
    assert s.labels("Project") == {"长兴新能源装备小微园二期项目"}
    assert s.labels("IndustrialPark") == {"长兴新能源装备小微园"}


def test_a_park_named_by_an_unknown_brand_after_a_building_verb():
    """金禾 / 丰泰 are no dictionary words: 建设金禾生态产业合作园 names a park; common-noun parks
    (高标准产业园, 绿色生态产业园, 数字经济产业园) stay no parks."""
    s = Snippet("jiashan", "嘉善经济技术开发区 共建合作园\n\n"
                "今年,嘉善经济技术开发区与上海企业合作,建设金禾生态产业合作园,还将打造丰泰智能装备产业园。"
                "开发区还建设高标准产业园,建成绿色生态产业园,打造数字经济产业园,建设低碳生态产业园,"
                "打造零碳智造产业园和文旅融合产业园。"
                "金禾生态产业合作园规划面积3000亩,金禾生态产业合作园配套项目同步推进。"
                "嘉善县与庆元县共建的瑞禾生态产业合作园今年新引进项目6个。\n")
    assert s.labels("IndustrialPark") == {"金禾生态产业合作园", "丰泰智能装备产业园", "瑞禾生态产业合作园"}
    park = s.entity("IndustrialPark", "金禾生态产业合作园")
    assert s.mentions(park) == ["金禾生态产业合作园"] * 3  # written again without a verb: the same park
    assert s.labels("Project") == set()


def test_factories_and_projects_do_not_start_with_the_verb_before_their_place():
    s = Snippet("zhuji2", "诸暨经开区 项目建设\n\n"
                "今年,诸暨经开区依法收回浙江宏达五金有限公司闲置土地,将原厂房改造成诸暨袜业数字化车间项目。"
                "暨阳街道依法拆除诸暨市东风印染厂,建成诸暨市屋顶光伏发电项目。\n")
    assert s.labels("Company") == {"浙江宏达五金有限公司", "诸暨市东风印染厂"}
    # named after their county: neither starts with the verb nor takes the zone or subdistrict as a qualifier
    assert s.labels("Project") == {"诸暨袜业数字化车间项目", "诸暨市屋顶光伏发电项目"}


def test_parks_do_not_start_with_a_verb_and_its_result_before_a_town_or_brand():
    s = Snippet("zhuji3", "诸暨经开区 盘活低效用地\n\n"
                "去年,诸暨经开区将原厂房改造成枫桥镇智能制造产业园,在店口镇建成店口五金小微园,"
                "还把闲置厂房打造成大唐袜业创新园。诸暨经开区还与丽水龙泉市共建山海协作产业园。\n")
    assert s.labels("IndustrialPark") == {"枫桥镇智能制造产业园", "店口五金小微园", "大唐袜业创新园", "山海协作产业园"}


# ------------------------------------------------------------------ people with homophone names


def _people(text: str, docid: str) -> dict[str, str]:
    store = ox.Store()
    store.extend(extract_document(Document(docid=docid, text=text, published=dt.date(2023, 6, 1)), NS))
    rows = store.query(PFX + """SELECT ?p ?l WHERE { GRAPH ?g { ?p a edz:Person ; rdfs:label ?l FILTER(lang(?l) = "zh") } }""")
    return {r["l"].value: r["p"].value for r in rows}


def test_two_people_whose_names_sound_alike_are_two_people_and_one_name_is_one_person():
    """王海涛 and 汪海涛 are both wang-hai-tao in toneless pinyin: two IRIs. The same name in two
    documents is one IRI."""
    a = _people("襄阳高新区管委会主任王海涛表示，将全力服务企业。", "homophone-a")
    b = _people("安徽华擎电机科技有限公司董事长汪海涛介绍了项目进展。", "homophone-b")
    c = _people("会上，襄阳高新区管委会主任王海涛作了讲话。", "homophone-c")
    assert a["王海涛"] != b["汪海涛"]
    assert a["王海涛"] == c["王海涛"]
