"""Relation rules on short snippets written for these tests, in the genre of the corpus (zone news on
村企结对, 共同富裕, investment signings, park renewal). Places are real divisions of the gazetteer;
companies, people, projects and amounts are invented. Each test states, from reading its snippet,
the facts a reader finds there and the links that would be invented."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pyoxigraph as ox

from graph.corpus import Document
from graph.pipeline import extract_document

from .gold import NS

EDZ = NS.edz
PFX = (f"PREFIX edz: <{EDZ}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
       "PREFIX time: <http://www.w3.org/2006/time#> ")


@lru_cache(maxsize=None)
def graph(raw: str, published: dt.date = dt.date(2023, 6, 1)) -> ox.Store:
    store = ox.Store()
    store.extend(extract_document(Document(docid="snippet", text=raw, published=published), NS))
    return store


def facts(raw: str) -> set[tuple[str, str, str]]:
    """(subject label, edz: predicate, object label / figure wording / literal) of the snippet."""
    rows = graph(raw).query(PFX + """SELECT ?s ?p ?o WHERE { GRAPH ?g { ?sx ?px ?ox
        FILTER(STRSTARTS(STR(?px), STR(edz:)))
        OPTIONAL { ?sx rdfs:label ?sl FILTER(lang(?sl) = "zh") }
        OPTIONAL { ?ox rdfs:label ?ol FILTER(lang(?ol) = "zh") }
        OPTIONAL { ?ox edz:originalText ?of }
        BIND(STR(COALESCE(?sl, ?sx)) AS ?s) BIND(STRAFTER(STR(?px), "#") AS ?p)
        BIND(STR(COALESCE(?ol, ?of, ?ox)) AS ?o) } }""")
    return {(r["s"].value, r["p"].value, r["o"].value) for r in rows}


def posts(raw: str) -> set[tuple[str, str, str]]:
    """(person, role title, organization) of every post."""
    rows = graph(raw).query(PFX + """SELECT ?n ?t ?o WHERE { GRAPH ?g { ?p edz:holdsPost ?post ;
        rdfs:label ?n . ?post edz:roleTitle ?t ; edz:postIn/rdfs:label ?o
        FILTER(lang(?n) = "zh" && lang(?o) = "zh") } }""")
    return {(r["n"].value, r["t"].value, r["o"].value) for r in rows}


def observations(raw: str) -> set[tuple[str, str, str, str, str]]:
    """(wording, value kind, area, period begin, period end) of every statistic."""
    rows = graph(raw).query(PFX + """SELECT ?t ?k ?a ?b ?e WHERE { GRAPH ?g { ?o a edz:Observation ;
        edz:originalText ?t ; edz:valueKind ?k ; edz:refArea/rdfs:label ?a ; edz:refPeriod ?per .
        ?per time:hasBeginning/time:inXSDDate ?b ; time:hasEnd/time:inXSDDate ?e FILTER(lang(?a) = "zh") } }""")
    return {(r["t"].value, r["k"].value.rsplit("#", 1)[-1], r["a"].value, r["b"].value[:10], r["e"].value[:10])
            for r in rows}


def linked(fs: set[tuple[str, str, str]], a: str, b: str) -> list[tuple[str, str, str]]:
    """Every fact between ``a`` and ``b``, either direction."""
    return sorted(f for f in fs if {f[0], f[2]} == {a, b})


# ------------------------------------------------------------------ 村企结对: pairings and partners

PAIRING = """安吉经济开发区 村企携手绘就共富画卷

今年以来,安吉经济开发区（递铺街道）推动辖区企业与村结对帮扶。2022年,鲁家村与浙江云峰竹木制品有限公司结成对子,双方共同投资建设了鲁家村共富厂房项目,项目总投资1800万元,建筑面积9500平方米,每年为村集体增收70万元。2022年,鲁家村村集体收入312万元。

南北庄村则与安吉绿源新材料股份有限公司签订村企联建协议。安吉绿源新材料股份有限公司投资建设的南北庄村游客服务中心项目已投入运营。

浙江天行数字科技有限公司总经理韩立新成了三官村的“兴村导师”,帮助村里引进了总投资260万元的白茶加工中心项目。

康山村与安吉竹海旅游发展有限公司结为共建对子,由安吉竹海旅游发展有限公司承建的康山村民宿集聚区项目计划投资2.3亿元。
"""


def test_pairings_worded_other_than_jiedui():
    fs = facts(PAIRING)
    for company, village in (("浙江云峰竹木制品有限公司", "鲁家村"), ("安吉绿源新材料股份有限公司", "南北庄村"),
                             ("安吉竹海旅游发展有限公司", "康山村")):
        assert (company, "pairedWith", village) in fs


def test_a_mentor_does_not_pair_his_company():
    fs = facts(PAIRING)
    assert ("韩立新", "mentorOf", "三官村") in fs
    assert linked(fs, "浙江天行数字科技有限公司", "三官村") == []


def test_both_sides_of_a_pairing_are_partners():
    fs = facts(PAIRING)
    assert ("浙江云峰竹木制品有限公司", "partnerIn", "鲁家村共富厂房项目") in fs
    assert ("鲁家村", "partnerIn", "鲁家村共富厂房项目") in fs
    assert ("鲁家村共富厂房项目", "locatedIn", "鲁家村") in fs
    assert ("鲁家村共富厂房项目", "totalInvestment", "1800万元") in fs


def test_investor_and_builder_are_partners():
    fs = facts(PAIRING)
    assert ("安吉绿源新材料股份有限公司", "partnerIn", "南北庄村游客服务中心项目") in fs
    assert ("安吉竹海旅游发展有限公司", "partnerIn", "康山村民宿集聚区项目") in fs
    assert ("康山村民宿集聚区项目", "totalInvestment", "2.3亿元") in fs
    assert ("康山村民宿集聚区项目", "locatedIn", "康山村") in fs


def test_village_income_level_is_a_statistic_not_a_gain():
    fs = facts(PAIRING)
    assert ("鲁家村", "collectiveIncomeGain", "70万元") in fs
    assert ("鲁家村", "collectiveIncomeGain", "312万元") not in fs
    assert ("312万元", "Level", "鲁家村", "2022-01-01", "2022-12-31") in observations(PAIRING)


# ------------------------------------------------------------------ investment signings

SIGNING = """溧阳经开区 项目建设跑出加速度

今年以来,溧阳经济技术开发区（昆仑街道）聚焦新能源、智能电网两大主导产业,项目建设跑出加速度。

3月15日,溧阳经济技术开发区（昆仑街道）、江苏华驰储能科技有限公司、常州远景电气有限公司三方签订储能电池系统集成项目,总投资18亿元,项目用地约150亩。华驰储能总经理托马斯·施密特表示,公司将把华东生产基地放在溧阳。

与此同时,计划投资6.5亿元的常州远景电气有限公司智能变压器项目已开工建设。英国博德能源集团亚太区总裁詹姆斯·沃森说,溧阳的产业配套十分完善。

此外,溧阳经开区还与宿迁经济技术开发区携手,双方在推动共建产业园、干部交流、招商引资等方面深化合作。

去年,溧阳经开区成功入选江苏省首批“绿色低碳”示范园区;今年,溧阳经开区动力电池产业链又入选常州市重点产业链“链长制”试点,为全市唯一入选的开发区产业链。
"""


def _project(fs: set[tuple[str, str, str]], core: str) -> str:
    names = {x for f in fs for x in (f[0], f[2]) if core in x and x.endswith("项目")}
    assert len(names) == 1, names
    return names.pop()


def test_investment_written_after_the_project():
    fs = facts(SIGNING)
    battery = _project(fs, "储能电池系统集成项目")
    assert (battery, "totalInvestment", "18亿元") in fs
    assert (_project(fs, "智能变压器项目"), "totalInvestment", "6.5亿元") in fs
    for party in ("溧阳经济技术开发区", "江苏华驰储能科技有限公司", "常州远景电气有限公司"):
        assert (party, "partnerIn", battery) in fs


def test_posts_of_foreign_names_with_a_region_in_the_title():
    ps = posts(SIGNING)
    assert ("托马斯·施密特", "总经理", "江苏华驰储能科技有限公司") in ps
    assert ("詹姆斯·沃森", "亚太区总裁", "英国博德能源集团") in ps


def test_cooperation_fields_without_a_leading_verb():
    rows = graph(SIGNING).query(PFX + """SELECT ?f WHERE { GRAPH ?g { ?st edz:cooperationField ?f } }""")
    assert {r["f"].value for r in rows} == {"共建产业园", "干部交流", "招商引资"}
    assert ("溧阳经济技术开发区", "cooperatesWith", "宿迁经济技术开发区") in facts(SIGNING)


def test_designations_of_the_zone_and_of_its_industry_chain_with_their_years():
    rows = graph(SIGNING).query(PFX + """SELECT ?s ?v ?y WHERE { GRAPH ?g { ?st rdf:subject ?x ;
        rdf:predicate edz:designatedAs ; rdf:object ?v . OPTIONAL { ?st edz:designationYear ?y }
        ?x rdfs:label ?s FILTER(lang(?s) = "zh") } }""".replace(
        "SELECT", "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT"))
    got = {(r["s"].value, r["v"].value, r["y"].value[:4] if r["y"] is not None else "") for r in rows}
    assert got == {("溧阳经济技术开发区", "江苏省首批“绿色低碳”示范园区", "2022"),
                   ("溧阳经济技术开发区动力电池产业链", "常州市重点产业链“链长制”试点", "2023")}


def test_chain_named_with_a_modifier_takes_its_industry():
    raw = ("溧阳经开区 项目建设跑出加速度\n\n今年以来,溧阳经济技术开发区（昆仑街道）紧扣汽车核心零部件、高端装备制造两大主导"
           "产业,以大项目引领产业链升级。\n\n去年,溧阳经开区成功入选江苏省首批“绿色低碳”示范园区;今年,溧阳经开区汽车核心零部件"
           "产业链又入选常州市重点产业链“链长制”试点,为全市唯一入选的开发区产业链。\n")
    fs = facts(raw)
    assert ("溧阳经济技术开发区汽车核心零部件产业链", "designatedAs", "常州市重点产业链“链长制”试点") in fs
    assert ("溧阳经济技术开发区汽车核心零部件产业链", "chainOf", "溧阳经济技术开发区") in fs
    assert not [f for f in fs if f[1] == "designatedAs" and f[2].startswith("的")]


# ------------------------------------------------------------------ park renewal

RENEWAL = """德清经济开发区 盘活存量土地 老厂房变身新园区

今年以来,德清经济开发区（阜溪街道）深入推进低效工业用地整治,向存量要空间。

走进位于阜溪街道的阜溪智造小微园,一幢幢标准厂房整齐排列。这里原是浙江德丰纺织有限公司的老厂区,德清经开区依法回收98亩工业用地后,统一开发建设阜溪智造小微园,总建筑面积12.5万平方米,目前已有46家企业签约入驻。

从德清宏业化工有限公司收购的62亩土地,经过重新规划,已经建成德清经开区生物医药产业园。产业园建筑面积约4.8万平方米,已入驻企业15家。此外,德清经开区还对原德清县第一棉纺厂地块实施整体腾退,腾退出的35亩土地将用于建设人才公寓。

与此同时,德清经济开发区还与丽水经济技术开发区携手,双方在产业转移、干部交流等方面深化合作,共同打造丽水德清新材料产业合作园,首期规划用地800亩。
"""


def _parcel(fs: set[tuple[str, str, str]], p: str, o: str) -> str:
    subjects = {f[0] for f in fs if f[1] == p and f[2] == o}
    assert len(subjects) == 1, (p, o, subjects)
    return subjects.pop()


def test_land_taken_back_from_a_former_owner_and_what_it_became():
    fs = facts(RENEWAL)
    recovered = _parcel(fs, "recoveredFrom", "浙江德丰纺织有限公司")
    assert (recovered, "landArea", "98亩") in fs
    assert (recovered, "rebuiltAs", "阜溪智造小微园") in fs
    acquired = _parcel(fs, "acquiredFrom", "德清宏业化工有限公司")
    assert (acquired, "landArea", "62亩") in fs
    assert (acquired, "rebuiltAs", "德清经济开发区生物医药产业园") in fs
    assert ("德清县第一棉纺厂地块", "landArea", "35亩") in fs


def test_building_area_belongs_to_the_park_of_its_clause():
    fs = facts(RENEWAL)
    assert ("阜溪智造小微园", "buildingArea", "12.5万平方米") in fs
    assert ("德清经济开发区生物医药产业园", "buildingArea", "约4.8万平方米") in fs
    assert not [f for f in fs if f[0] == "德清经济开发区" and f[1] == "buildingArea"]


def test_park_location_written_before_it_and_none_invented():
    fs = facts(RENEWAL)
    assert ("阜溪智造小微园", "locatedIn", "阜溪街道") in fs
    assert ("丽水德清新材料产业合作园", "landArea", "800亩") in fs  # the joint park is extracted …
    joint = [f for f in fs if f[0] == "丽水德清新材料产业合作园" and f[1] == "locatedIn"]
    assert joint == []  # … but the text does not say where it lies


# ------------------------------------------------------------------ mentors, villages investing together, owners

MENTOR = """安吉经济开发区 兴村导师

在“村企联建”的牵线下,总部位于上海市嘉定区的上海晟远智能装备有限公司总经理刘晓燕成了鲁家村的“兴村导师”。她帮助村里引进了总投资180万元的竹笋加工项目,每年带动鲁家村村级集体经济增收20万元。

为分享园区发展红利,南北庄村、三官村两村抱团投资1600万元,入股安吉竹产业科创园二期项目。

今年9月,总投资4500万欧元的安吉竹原新材料（湖州）有限公司年产120万套新能源汽车轻量化部件项目正式签约落户安吉经济开发区。
"""


def test_mentor_from_elsewhere_introduces_a_project_but_is_not_paired():
    fs = facts(MENTOR)
    assert ("上海晟远智能装备有限公司", "locatedIn", "嘉定区") in fs
    assert ("刘晓燕", "mentorOf", "鲁家村") in fs
    assert ("刘晓燕", "introduced", "竹笋加工项目") in fs
    assert ("竹笋加工项目", "introducedInto", "鲁家村") in fs
    assert not [f for f in linked(fs, "上海晟远智能装备有限公司", "鲁家村") if f[1] == "pairedWith"]
    assert ("上海晟远智能装备有限公司", "locatedIn", "安吉经济开发区") not in fs


def test_villages_investing_together_are_partners():
    fs = facts(MENTOR)
    project = _project(fs, "科创园二期项目")
    assert ("南北庄村", "partnerIn", project) in fs
    assert ("三官村", "partnerIn", project) in fs
    assert not [f for f in fs if f[0] == "鲁家村" and f[2] == project]


def test_company_written_before_a_project_named_by_its_capacity():
    fs = facts(MENTOR)
    project = _project(fs, "新能源汽车轻量化部件项目")
    assert ("安吉竹原新材料（湖州）有限公司", "partnerIn", project) in fs
    assert (project, "totalInvestment", "4500万欧元") in fs


# ------------------------------------------------------------------ where projects are, and who runs them

PLACES = """安吉经济开发区 村企合作

今年,三官村与浙江天行数字科技有限公司合作的三官村数字茶园项目已经投用。在康山村建设的竹林碳汇项目占地300亩,由安吉两山碳汇发展有限公司负责运营。

鲁家村还学习了南北庄村游客服务中心项目的经验,村里的民宿越办越红火。
"""


def test_partners_of_a_cooperation_and_of_the_operator():
    fs = facts(PLACES)
    assert ("三官村", "partnerIn", "三官村数字茶园项目") in fs
    assert ("浙江天行数字科技有限公司", "partnerIn", "三官村数字茶园项目") in fs
    assert ("安吉两山碳汇发展有限公司", "partnerIn", "竹林碳汇项目") in fs


def test_project_built_in_a_village_and_never_in_another_village():
    fs = facts(PLACES)
    assert ("竹林碳汇项目", "locatedIn", "康山村") in fs
    assert ("三官村数字茶园项目", "locatedIn", "三官村") in fs
    assert linked(fs, "南北庄村游客服务中心项目", "鲁家村") == []


# ------------------------------------------------------------------ statistics: whose they are

STATISTICS = """德清经济开发区 盘活存量

前三季度,德清经济开发区（阜溪街道）完成工业投资56.4亿元,同比增长11.2%,新增规上工业企业27家。

从德清宏业化工有限公司收购的62亩土地,已经建成德清经开区生物医药产业园。产业园建筑面积约4.8万平方米,目前已入驻企业15家,其中国家高新技术企业6家。

德清经开区还与丽水经济技术开发区携手,双方还将共建德丽科创飞地,首批签约项目5个,总投资12亿元。
"""


def test_statistics_of_the_zone_of_its_park_and_not_of_a_joint_venture():
    obs = observations(STATISTICS)
    assert ("27家", "Level", "德清经济开发区", "2023-01-01", "2023-09-30") in obs
    assert ("56.4亿元", "Level", "德清经济开发区", "2023-01-01", "2023-09-30") in obs
    assert {o[2] for o in obs if o[0] == "6家"} == {"德清经济开发区生物医药产业园"}
    assert not [o for o in obs if o[0] in ("5个", "12亿元")]


# ------------------------------------------------------------------ other wordings of the same facts

WORDINGS = """诸暨经济开发区 村企共建结硕果

近年来,诸暨经济开发区（陶朱街道）深入推进“百企结百村”行动。

浙江海亮精工有限公司结对帮扶祝桥头村、唐山村,两年来累计投入帮扶资金500余万元。企业出资300万元建设了祝桥头村共富工坊项目,吸纳60名村民就业。

去年,刘家山村和诸暨雄鹰电子科技有限公司签订了结对共建协议。刘家山村电商直播基地项目由诸暨雄鹰电子科技有限公司投资建设,计划总投资800万元。

去年,开发区收回了浙江宏达五金有限公司的闲置土地45亩,并将其改造为诸暨智能视觉产业园。

今年,浙江海亮精工有限公司中国区总经理李铭浩表示,将继续加大投入。
"""


def test_company_pairs_with_the_villages_it_helps_and_builds_for_them():
    fs = facts(WORDINGS)
    assert ("浙江海亮精工有限公司", "pairedWith", "祝桥头村") in fs
    assert ("浙江海亮精工有限公司", "pairedWith", "唐山村") in fs
    assert ("浙江海亮精工有限公司", "partnerIn", "祝桥头村共富工坊项目") in fs  # 企业出资…: the paired company
    assert ("祝桥头村共富工坊项目", "totalInvestment", "300万元") in fs
    assert linked(fs, "祝桥头村共富工坊项目", "唐山村") == []


def test_pairing_agreement_and_a_project_built_by_the_company():
    fs = facts(WORDINGS)
    assert ("诸暨雄鹰电子科技有限公司", "pairedWith", "刘家山村") in fs
    assert ("诸暨雄鹰电子科技有限公司", "partnerIn", "刘家山村电商直播基地项目") in fs
    assert ("刘家山村电商直播基地项目", "totalInvestment", "800万元") in fs


def test_land_taken_back_with_the_area_after_the_owner():
    fs = facts(WORDINGS)
    parcel = _parcel(fs, "recoveredFrom", "浙江宏达五金有限公司")
    assert (parcel, "landArea", "45亩") in fs
    assert (parcel, "rebuiltAs", "诸暨智能视觉产业园") in fs


def test_region_in_a_chinese_title():
    assert ("李铭浩", "中国区总经理", "浙江海亮精工有限公司") in posts(WORDINGS)


def test_income_of_several_villages_together_is_the_projects_gain():
    raw = ("安吉经济开发区 共富\n\n走进安吉竹产业科创园,厂房林立。为让村集体共享竹产业园区发展红利,南北庄村、三官村两村抱团投资1600万元,"
           "入股安吉竹产业科创\n\n\n\n安吉经济开发区俯瞰\n\n\n\n园二期项目。“二期项目建成后,每年为两村村集体增收共计130万元。”"
           "南北庄村党委书记吴建国说。\n")
    fs = facts(raw)
    assert ("南北庄村", "partnerIn", "安吉竹产业科创园二期项目") in fs
    assert ("三官村", "partnerIn", "安吉竹产业科创园二期项目") in fs
    assert not [f for f in fs if f[1] == "collectiveIncomeGain" and f[0] in ("南北庄村", "三官村")]
    assert ("安吉竹产业科创园二期项目", "collectiveIncomeGain", "130万元") in fs  # the project brings it


def test_only_the_builder_named_is_a_partner():
    raw = ("安吉经济开发区 多方发力\n\n2021年,浙江云峰竹木制品有限公司与鲁家村结对。此后,安吉绿源新材料股份有限公司也投资建设了"
           "鲁家村竹艺研学基地项目。\n\n康山村党总支书记王建平说,村里还计划与安吉竹海旅游发展有限公司合作建设竹林步道项目。\n")
    fs = facts(raw)
    assert ("浙江云峰竹木制品有限公司", "pairedWith", "鲁家村") in fs
    assert ("安吉绿源新材料股份有限公司", "partnerIn", "鲁家村竹艺研学基地项目") in fs
    assert linked(fs, "浙江云峰竹木制品有限公司", "鲁家村竹艺研学基地项目") == []
    assert linked(fs, "安吉绿源新材料股份有限公司", "鲁家村") == []
    assert ("安吉竹海旅游发展有限公司", "partnerIn", "竹林步道项目") in fs
    assert ("竹林步道项目", "locatedIn", "康山村") in fs
    assert linked(fs, "竹林步道项目", "鲁家村") == []


def test_company_of_the_speaker_builds_what_the_company_will_build():
    raw = ("安吉经济开发区 文旅\n\n浙江天行数字科技有限公司董事长韩立新表示,公司将在三官村建设文旅综合体项目。"
           "三官村党总支书记王建平说,村里将配套建设停车场项目。\n")
    fs = facts(raw)
    assert ("浙江天行数字科技有限公司", "partnerIn", "文旅综合体项目") in fs
    assert ("文旅综合体项目", "locatedIn", "三官村") in fs
    assert not [f for f in fs if f[1] == "partnerIn" and f[2] == "停车场项目" and f[0] != "三官村"]


# ------------------------------------------------------------------ a whole article, written after the rules

ARTICLE = """

海宁经济开发区 “强村富民”打出组合拳

秋日的海宁经济开发区（海昌街道）,处处涌动着发展热潮。近年来,海宁经济开发区（海昌街道）以“村企结对”为抓手,组织辖区内28家重点企业与14个村(社区)结对,累计落地共富项目19个,带动村级集体经济增收960万元。

迎丰村是海昌街道的城郊村。2022年,迎丰村与浙江钱塘精密轴承有限公司结对以来,双方共同投资建设了迎丰村标准厂房项目,项目总投资1250万元,建筑面积8200平方米,每年为村集体增收68万元。迎丰村党委书记、村委会主任沈海峰说,2022年迎丰村村集体经济总收入达到415万元。

双山村则与海宁天工新材料股份有限公司签订了村企联建协议。企业出资220万元建设了双山村农产品直销中心项目。天工新材料董事长蒋国栋还成了双山村的“兴村导师”。

在浙江钱塘精密轴承有限公司的帮助下,利民村引进了总投资90万元的蔬菜分拣中心项目,每年带动利民村村级集体经济增收12万元。

今年5月,海宁经济开发区（海昌街道）、浙江钱塘精密轴承有限公司、德国福斯特传动集团三方签订高端轴承研发制造基地项目,总投资12亿元,达产后可年产精密轴承800万套。福斯特传动集团亚太区总裁卡尔·施耐德表示,将把亚太研发总部放在海宁。

此外,海宁经济开发区还依法收回了海宁华丰化纤有限公司的低效用地72亩,引入社会资本改造为海宁智造小微园,总建筑面积9.6万平方米。

(本文配图均由海宁经济开发区提供)
"""


def test_article_pairings_partners_and_gains():
    fs = facts(ARTICLE)
    expected = {
        ("浙江钱塘精密轴承有限公司", "pairedWith", "迎丰村"),
        ("海宁天工新材料股份有限公司", "pairedWith", "双山村"),
        ("浙江钱塘精密轴承有限公司", "partnerIn", "迎丰村标准厂房项目"),
        ("迎丰村", "partnerIn", "迎丰村标准厂房项目"),
        ("迎丰村标准厂房项目", "totalInvestment", "1250万元"),
        ("迎丰村标准厂房项目", "buildingArea", "8200平方米"),
        ("迎丰村", "collectiveIncomeGain", "68万元"),
        ("海宁天工新材料股份有限公司", "partnerIn", "双山村农产品直销中心项目"),
        ("双山村农产品直销中心项目", "totalInvestment", "220万元"),
        ("蒋国栋", "mentorOf", "双山村"),
        ("浙江钱塘精密轴承有限公司", "introduced", "利民村蔬菜分拣中心项目"),
        ("利民村", "collectiveIncomeGain", "12万元"),
    }
    assert expected <= fs, sorted(expected - fs)
    assert ("迎丰村", "collectiveIncomeGain", "415万元") not in fs
    assert ("415万元", "Level", "迎丰村", "2022-01-01", "2022-12-31") in observations(ARTICLE)
    assert linked(fs, "浙江钱塘精密轴承有限公司", "利民村") == []  # it helped, the text pairs it with 迎丰村 only


def test_article_signing_and_renewal():
    fs = facts(ARTICLE)
    base = _project(fs, "高端轴承研发制造基地项目")
    for party in ("海宁经济开发区", "浙江钱塘精密轴承有限公司", "德国福斯特传动集团"):
        assert (party, "partnerIn", base) in fs
    assert (base, "totalInvestment", "12亿元") in fs
    assert (base, "annualCapacity", "800万套") in fs
    parcel = _parcel(fs, "recoveredFrom", "海宁华丰化纤有限公司")
    assert (parcel, "landArea", "72亩") in fs
    assert (parcel, "rebuiltAs", "海宁智造小微园") in fs
    assert ("海宁智造小微园", "buildingArea", "9.6万平方米") in fs
    assert not [f for f in fs if f[0] == "海宁经济开发区" and f[1] == "buildingArea"]


def test_english_labels_of_posts_foreign_names_and_parcels():
    rows = graph(ARTICLE).query(PFX + """SELECT ?zh ?en WHERE { GRAPH ?g { ?e rdfs:label ?zh , ?en
        FILTER(lang(?zh) = "zh" && lang(?en) = "en") } }""")
    en = {r["zh"].value: r["en"].value for r in rows}
    assert en["迎丰村村委会主任（沈海峰）"] == "Villagers' Committee Director (Shen Haifeng)"
    assert en["海宁天工新材料股份有限公司董事长（蒋国栋）"] == "Chairman (Jiang Guodong)"
    parcel = _parcel(facts(ARTICLE), "recoveredFrom", "海宁华丰化纤有限公司")
    assert en[parcel] == "Haining Huafeng Huaxian Co., Ltd. 72 mu Land"
    signing = graph(SIGNING).query(PFX + """SELECT ?en WHERE { GRAPH ?g { ?p rdfs:label "詹姆斯·沃森"@zh ;
        edz:holdsPost ?post . ?post rdfs:label ?en FILTER(lang(?en) = "en") } }""")
    assert [r["en"].value for r in signing] == ["Asia-Pacific President (Zhanmusi Wosen)"]


def test_designation_values_are_the_programme_names():
    raw = "安吉经济开发区 荣誉\n\n去年,鲁家村荣获“全国乡村治理示范村”称号。今年,安吉经济开发区获批成为省级高能级战略平台。\n"
    got = {(f[0], f[2]) for f in facts(raw) if f[1] == "designatedAs"}
    assert got == {("鲁家村", "全国乡村治理示范村"), ("安吉经济开发区", "省级高能级战略平台")}


def test_a_planned_amount_does_not_make_a_started_project_planned():
    def status(fs: set[tuple[str, str, str]], project: str) -> set[str]:
        return {f[2].rsplit("#", 1)[-1] for f in fs if f[0] == project and f[1] == "status"}

    fs = facts(SIGNING)
    assert status(fs, _project(fs, "智能变压器项目")) == {"UnderConstruction"}
    raw = "溧阳经开区 项目\n\n预计明年建成投产的常州远景电气有限公司智能开关项目总投资3亿元。\n"
    assert status(facts(raw), _project(facts(raw), "智能开关项目")) == {"Planned"}


# 柯桥 (绍兴): a post introduced with the anaphor 公司, in the paragraph and across a page break
# (a caption between the halves, the first character of 公司 doubled there).
KEQIAO = (
    "绍兴柯桥经济开发区 企业扎根谋发展\n\n"
    "今年以来,绍兴柯桥经济开发区持续优化营商环境。浙江远航纺织科技有限公司与绍兴华美包装有限公司签订合作协议,"
    "浙江远航纺织科技有限公司今年新上数码印花生产线3条。公司董事长沈建国表示,将继续加大投入。\n\n"
    "齐贤街道羊山村与绍兴永盛印染有限公司结对。绍兴永盛印染有限公司去年产值12亿元。公\n\n"
    "奋进中的绍兴柯桥经济开发区\n\n"
    "公司总经理陈立群介绍,双方共同建设羊山村共富工坊项目。\n"
)


def test_a_post_after_the_anaphor_gongsi_is_in_the_last_company_of_the_paragraph():
    got = posts(KEQIAO)
    assert ("沈建国", "董事长", "浙江远航纺织科技有限公司") in got
    assert ("陈立群", "总经理", "绍兴永盛印染有限公司") in got
    assert not [p for p in got if p[2] == "绍兴华美包装有限公司"]
    # the company's own suffix (…有限公司董事长) is no anaphor: one post each, no others
    assert {p[0] for p in got} == {"沈建国", "陈立群"}


def test_posts_after_gongsi_in_a_list_and_a_new_paragraph():
    raw = ("平湖经济技术开发区 外资项目加速落地\n\n"
           "今年,平湖经济技术开发区引进浙江汇丰精密机械有限公司,该公司总经理林海涛介绍,新厂房年底投用。\n\n"
           "嘉兴博远光电科技有限公司去年产值增长30%。公司党委书记、董事长周立明说,企业将扩大研发投入。\n\n"
           "公司副总经理卡尔·施耐德表示,将继续投资。\n")
    got = posts(raw)
    assert ("林海涛", "总经理", "浙江汇丰精密机械有限公司") in got  # 林海 is a word, not the name
    assert {("周立明", "党委书记", "嘉兴博远光电科技有限公司"), ("周立明", "董事长", "嘉兴博远光电科技有限公司")} <= got
    # a paragraph without a company: 公司 refers to none written there, so no post is invented
    assert not [p for p in got if p[0] == "卡尔·施耐德"]
    assert len(got) == 3


def test_a_post_after_the_anaphor_jituan_is_in_the_last_group_of_the_paragraph():
    raw = ("海宁经济开发区 签约\n\n今年3月,浙江万凯新材料集团有限公司与海宁经济开发区签约,海宁宏光包装有限公司同日签约。"
           "集团总裁钱国平表示,将在海宁建设研发中心。\n")
    assert posts(raw) == {("钱国平", "总裁", "浙江万凯新材料集团有限公司")}


def test_gongsi_opening_the_clause_of_saying_makes_the_company_the_builder():
    raw = ("绍兴柯桥经济开发区 企业扎根谋发展\n\n齐贤街道羊山村与绍兴永盛印染有限公司结对。绍兴永盛印染有限公司去年产值12亿元,"
           "绍兴华美包装有限公司产值3亿元。公司董事长沈建国表示,公司将在羊山村投资建设羊山村共富工坊项目。\n")
    fs = facts(raw)
    assert ("绍兴华美包装有限公司", "partnerIn", "羊山村共富工坊项目") in fs
    assert not linked(fs, "绍兴永盛印染有限公司", "羊山村共富工坊项目")


def test_a_company_investing_an_amount_to_help_build_a_village_project_without_a_comma():
    raw = ("上虞经济技术开发区 共富\n\n在曹娥街道大坝村,浙江卧龙电驱股份有限公司与村里结成对子。"
           "公司董事长陈永强介绍,公司投资800万元帮助村里建设了大坝村农产品加工中心项目。\n")
    fs = facts(raw)
    assert ("浙江卧龙电驱股份有限公司", "partnerIn", "大坝村农产品加工中心项目") in fs
    assert posts(raw) == {("陈永强", "董事长", "浙江卧龙电驱股份有限公司")}


def test_gongsi_after_a_preposition_is_an_anaphor_but_a_subsidiary_is_not():
    raw = ("上虞经济技术开发区 共富\n\n浙江卧龙电驱股份有限公司去年产值增长20%。在公司董事长陈永强的带领下,企业研发投入逐年增加。"
           "浙江卧龙电驱股份有限公司子公司董事长王建平也出席了活动。\n")
    assert posts(raw) == {("陈永强", "董事长", "浙江卧龙电驱股份有限公司")}


FRAMED = ("\n\n宿迁经济技术开发区位于宿迁市区南部。今年以来,宿迁经济技术开发区经济运行稳中向好:1月至8月,完成规上工业总产值"
          "210.6亿元,同比增长9.4%;完成工业投资58.2亿元,同比增长13.1%。\n\n过去三年,宿迁经济技术开发区累计完成固定资产投资"
          "320亿元,其中2022年首次突破百亿元;规上工业增加值年均增长8.2%。\n")


def test_statistics_take_the_narrowest_time_that_frames_the_sentence():
    """今年以来 … :1月至8月, A…;B… — both A and B are January–August figures (the later framing
    time), while …320亿元,其中2022年… frames only its own clause: 年均增长8.2% is over the three years."""
    obs = {(t, b, e) for t, _, _, b, e in observations(FRAMED)}
    assert ("58.2亿元", "2023-01-01", "2023-08-31") in obs, obs
    assert ("13.1%", "2023-01-01", "2023-08-31") in obs, obs
    assert ("210.6亿元", "2023-01-01", "2023-08-31") in obs, obs
    assert ("8.2%", "2020-01-01", "2022-12-31") in obs, obs


# ------------------------------------------------------------------ posts: chains of titles

CHAINS = """如皋经济技术开发区 厂村共建结硕果

如皋市委常委、如皋经济技术开发区党工委书记周立新主持签约仪式。江苏皋安精密机械有限公司党委书记、董事长严国华介绍,公司已与北庄村结对。北庄村党总支书记、主任沈玉兰说,村里将建设标准厂房。江苏润皋食品有限公司董事长兼总经理钱志明表示,公司将扩大生产。东陈镇党委副书记、镇长吴建平介绍了全镇的情况。

如皋经济技术开发区党工委副书记、管委会常务副主任,东陈镇党委书记陆海东表示,开发区将深化村企结对。蒋宗村党总支书记、村股份经济合作社董事长刘春芳说,村里的分红逐年增加。江苏皋安精密机械有限公司执行董事马骏说,明年还将加大投入。江苏润皋食品有限公司总经理孙立,北庄村党总支副书记顾红说,村企合作越来越紧密。
"""


def test_a_title_after_a_body_belongs_to_the_bodys_owner():
    ps = posts(CHAINS)
    assert ("严国华", "党委书记", "江苏皋安精密机械有限公司党委") in ps
    assert ("严国华", "董事长", "江苏皋安精密机械有限公司") in ps
    # a post is held in an organization, never in a place: the village's committee, the town's government
    assert ("沈玉兰", "主任", "北庄村村委会") in ps
    assert ("吴建平", "镇长", "东陈镇人民政府") in ps
    assert not any(p[0] == "严国华" and "北庄村" in p[2] for p in ps)
    assert not any(p[0] == "沈玉兰" and "公司" in p[2] for p in ps)


def test_two_titles_joined_by_jian_are_two_posts_in_one_company():
    ps = posts(CHAINS)
    assert ("钱志明", "董事长", "江苏润皋食品有限公司") in ps
    assert ("钱志明", "总经理", "江苏润皋食品有限公司") in ps


def test_a_county_party_committee_title_and_a_chain_across_a_comma():
    ps = posts(CHAINS)
    assert ("周立新", "县委常委", "如皋市委") in ps or ("周立新", "市委常委", "如皋市委") in ps  # the city's party committee
    assert ("周立新", "党工委书记", "如皋经济技术开发区党工委") in ps
    assert ("陆海东", "党工委副书记", "如皋经济技术开发区党工委") in ps
    assert any(p[0] == "陆海东" and p[1].endswith("常务副主任") and p[2] == "如皋经济技术开发区管委会" for p in ps)
    assert ("陆海东", "党委书记", "东陈镇党委") in ps


def test_a_title_with_its_qualifier_and_a_village_cooperative():
    ps = posts(CHAINS)
    assert ("马骏", "执行董事", "江苏皋安精密机械有限公司") in ps
    assert ("刘春芳", "党总支书记", "蒋宗村党总支") in ps
    assert any(p[0] == "刘春芳" and p[1].endswith("董事长") and p[2] == "蒋宗村股份经济合作社" for p in ps)


def test_a_comma_between_two_people_does_not_join_their_posts():
    ps = posts(CHAINS)
    assert ("孙立", "总经理", "江苏润皋食品有限公司") in ps
    assert ("顾红", "党总支副书记", "北庄村党总支") in ps
    assert not any(p[0] == "顾红" and "公司" in p[2] for p in ps)
    assert not any(p[0] == "孙立" and "北庄村" in p[2] for p in ps)


# ------------------------------------------------------------------ mentors and income gains

GAINS = """新昌经济开发区 顾问进村 村企共富

去年,浙江恒锐轴承有限公司总经理俞建明被聘为后岸村的“乡村振兴顾问”,帮助村里理清发展思路。在他的牵线搭桥下,后岸村成功招引了总投资600万元的竹笋加工项目,每年为村集体带来收益32万元,带动周边竹笋种植户户均增收4000余元。

今年3月,浙江天姥茶业有限公司副总经理潘丽华受聘担任王泗洲村的共富导师。王泗洲村党支部书记梁晓东说,村里的茶叶加工厂每年可为村集体带来分红25万元以上。

兰沿村与浙江恒锐轴承有限公司合作建设的标准厂房项目已投入使用,每年按投资比例分红,两村合计增收80万元。拔茅村村集体经营性收入达到156万元。
"""


def test_a_mentor_hired_as_an_adviser_of_a_village():
    fs = facts(GAINS)
    assert ("俞建明", "mentorOf", "后岸村") in fs
    assert ("潘丽华", "mentorOf", "王泗洲村") in fs
    assert ("梁晓东", "mentorOf", "王泗洲村") not in fs
    assert linked(fs, "浙江恒锐轴承有限公司", "后岸村") == []


def test_gains_worded_as_returns_dividends_and_per_household():
    fs = facts(GAINS)
    assert ("后岸村", "collectiveIncomeGain", "32万元") in fs or \
        any(f[1:] == ("collectiveIncomeGain", "32万元") and "竹笋加工项目" in f[0] for f in fs)
    assert any(f[1:] == ("householdIncomeGain", "4000余元") and "竹笋加工项目" in f[0] for f in fs)
    assert ("王泗洲村", "collectiveIncomeGain", "25万元以上") in fs
    assert any(f[1:] == ("collectiveIncomeGain", "80万元") and "标准厂房项目" in f[0] for f in fs)
    assert not any(f[1] == "collectiveIncomeGain" and f[2] == "156万元" for f in fs)


# ------------------------------------------------------------------ who invests and builds: villages, signers, joint investors

BUILDERS = """如皋经济技术开发区 项目建设与强村富民

今年,北庄村投资1500万元建设农产品冷链物流项目,占地20亩,建成后每年为村集体增收60万元。

蒋宗村、刘亮村以村集体资金合股投资2400万元,在园区内建设两村联建标准厂房项目,建筑面积1.6万平方米。

东陈镇推动北庄村、蒋宗村等5个村抱团发展,联合投资约3000万元建设东陈镇强村富民产业园项目。

来自韩国的东泰精工株式会社当天签下了精密轴承项目。项目由其全资子公司东泰精工(如皋)有限公司实施,总投资6000万美元,新建厂房4.5万平方米,建成后年产精密轴承800万套。

如皋经济技术开发区与江苏皋信科创投资有限公司共同投资的智能制造产业园项目也在当天开工。江苏皋安精密机械有限公司与刘亮村携手共建村级光伏发电项目,项目总投资900万元。
"""


def test_a_village_that_invests_in_a_project_is_its_partner():
    fs = facts(BUILDERS)
    assert any(f[0] == "北庄村" and f[1] == "partnerIn" and "冷链物流项目" in f[2] for f in fs)
    assert any("冷链物流项目" in f[0] and f[1:] == ("totalInvestment", "1500万元") for f in fs)
    assert not any(f[0] in ("蒋宗村", "刘亮村") and "冷链物流项目" in f[2] for f in fs)


def test_villages_that_invest_together_and_the_amount_before_the_project():
    fs = facts(BUILDERS)
    for v in ("蒋宗村", "刘亮村"):
        assert (v, "partnerIn", "两村联建标准厂房项目") in fs
    assert ("两村联建标准厂房项目", "totalInvestment", "2400万元") in fs
    assert ("北庄村", "partnerIn", "两村联建标准厂房项目") not in fs
    for v in ("北庄村", "蒋宗村"):
        assert (v, "partnerIn", "东陈镇强村富民产业园项目") in fs
    assert ("东陈镇强村富民产业园项目", "totalInvestment", "约3000万元") in fs
    assert ("刘亮村", "partnerIn", "东陈镇强村富民产业园项目") not in fs


def test_a_foreign_group_that_signs_a_project_carried_out_by_its_subsidiary():
    fs = facts(BUILDERS)
    assert ("东泰精工株式会社", "homeCountry", "KR") in fs
    assert ("东泰精工株式会社", "partnerIn", "精密轴承项目") in fs
    assert ("精密轴承项目", "totalInvestment", "6000万美元") in fs
    assert ("精密轴承项目", "buildingArea", "4.5万平方米") in fs
    assert ("东泰精工株式会社", "partnerIn", "智能制造产业园项目") not in fs


def test_joint_investors_and_partners_who_build_together():
    fs = facts(BUILDERS)
    for agent in ("如皋经济技术开发区", "江苏皋信科创投资有限公司"):
        assert any(f[0] == agent and f[1] == "partnerIn" and f[2].endswith("智能制造产业园项目") for f in fs)
    proj = next(f[2] for f in fs if f[0] == "江苏皋安精密机械有限公司" and f[1] == "partnerIn")
    assert "光伏发电项目" in proj and ("刘亮村", "partnerIn", proj) in fs
    assert (proj, "totalInvestment", "900万元") in fs
    assert not any(f[0] == "江苏皋信科创投资有限公司" and "光伏" in f[2] for f in fs)


# ------------------------------------------------------------------ land bought back, vacated, rebuilt

IDLE_LAND = """长丰经济开发区 盘活低效用地 老厂区迎来新产业

东侧的安徽长丰恒力铸造有限公司因产能落后于前年停产。去年5月,开发区国资平台与企业多轮协商,以5200万元回购其38亩土地及地上厂房,经“拆旧建新”改造为长丰新能源装备产业园,改造后建筑面积4.2万平方米。

开发区还通过实行差别化电价等方式,引导安徽长丰宏达建材有限公司主动退出,腾出土地22亩。今年3月,安徽长丰瑞驰电机有限公司电机项目在这片土地上开工建设。

北侧的安徽长丰富华纺织有限公司已于今年6月完成腾退,腾出的15亩土地将用于智能家电配件项目。2021年,开发区依法从安徽长丰金源化工有限公司收回工业用地30亩,由开发区建投公司统一规划,高标准建设长丰智能制造产业园。
"""


def test_land_bought_back_from_the_company_named_before_and_what_it_became():
    fs = facts(IDLE_LAND)
    parcel = [f[0] for f in fs if f[1] == "acquiredFrom" and f[2] == "安徽长丰恒力铸造有限公司"]
    assert parcel, "no parcel bought back"
    assert (parcel[0], "landArea", "38亩") in fs
    assert (parcel[0], "rebuiltAs", "长丰新能源装备产业园") in fs
    assert not any(f[1] == "totalInvestment" and f[2] == "5200万元" for f in fs)
    assert linked(fs, "长丰新能源装备产业园", "安徽长丰宏达建材有限公司") == []


def test_a_company_guided_out_vacates_its_land():
    fs = facts(IDLE_LAND)
    vacated = {f[2]: f[0] for f in fs if f[1] == "vacated"}
    assert "安徽长丰宏达建材有限公司" in vacated
    assert (vacated["安徽长丰宏达建材有限公司"], "landArea", "22亩") in fs
    assert "安徽长丰富华纺织有限公司" in vacated
    assert (vacated["安徽长丰富华纺织有限公司"], "landArea", "15亩") in fs
    assert not any(f[1] == "vacated" and f[2] == "安徽长丰瑞驰电机有限公司" for f in fs)


def test_land_taken_back_from_a_company_and_built_up_after_a_long_clause():
    fs = facts(IDLE_LAND)
    parcel = [f[0] for f in fs if f[1] == "recoveredFrom" and f[2] == "安徽长丰金源化工有限公司"]
    assert parcel and (parcel[0], "landArea", "30亩") in fs
    assert (parcel[0], "rebuiltAs", "长丰智能制造产业园") in fs
    assert not any(f[1] == "rebuiltAs" and f[2] == "长丰新能源装备产业园" and f[0] == parcel[0] for f in fs)


# ------------------------------------------------------------------ zones: joint administration, cooperation, location

ZONES = """嵊州经济开发区 厂村共富 区域协作

作为绍兴市南部重要的产业平台,嵊州经济开发区与浦口街道实行“一套班子、两块牌子”运行模式。射阳经济开发区位于射阳县城东部,紧邻合德镇主城区。位于青浦区香花桥街道的上海青浦工业园区内,一栋栋高层厂房拔地而起。

今年6月,开发区还与龙泉经济开发区签订山海协作“产业飞地”共建协议。签约活动上,开发区与浙江大学绍兴研究院签署产学研合作协议。宁国经济技术开发区还主动融入长三角一体化发展,与无锡惠山经济开发区签署结对合作协议。开发区与浙江嵊新机电有限公司签署合作协议。
"""


def test_zone_and_subdistrict_under_one_leadership_are_jointly_administered():
    fs = facts(ZONES)
    assert linked(fs, "嵊州经济开发区", "浦口街道") == [("嵊州经济开发区", "administeredJointlyWith", "浦口街道")] or \
        ("嵊州经济开发区", "administeredJointlyWith", "浦口街道") in fs
    assert ("射阳经济开发区", "administeredJointlyWith", "合德镇") not in fs
    assert any(f[0].endswith("青浦工业园区") and f[1:] == ("locatedIn", "香花桥街道") for f in fs)


def test_cooperation_of_the_section_zone_with_a_zone_and_an_institute():
    fs = facts(ZONES)
    assert linked(fs, "嵊州经济开发区", "龙泉经济开发区") in (
        [("嵊州经济开发区", "cooperatesWith", "龙泉经济开发区")], [("龙泉经济开发区", "cooperatesWith", "嵊州经济开发区")])
    assert any({f[0], f[2]} == {"嵊州经济开发区", "浙江大学绍兴研究院"} and f[1] == "cooperatesWith" for f in fs)
    assert any({f[0], f[2]} == {"宁国经济技术开发区", "无锡惠山经济开发区"} and f[1] == "cooperatesWith" for f in fs)
    assert not any(f[1] == "cooperatesWith" and "浙江嵊新机电有限公司" in (f[0], f[2]) for f in fs)


PARK_PROJECTS = """长丰经济开发区 老厂区蝶变

盘活存量 老纺织厂变身“智造园”

2021年,开发区依法从安徽长丰金源化工有限公司收回工业用地30亩,高标准建设长丰智能制造产业园。产业园的建设也让周边村庄搭上了“快车”。吴山镇下塘村、岗集村以村集体资金合股投资2200万元,在园区内建设两村联建标准化厂房项目,两村每年按投资比例分红,合计增收160万元。

村企共建 强村富民

水湖镇长丰村以村集体资金投资800万元,在园区内建设长丰村共富厂房项目。来自新加坡的恒晖控股私人有限公司当天签下光伏组件项目,建成后年产光伏组件3吉瓦,项目配套建设装机容量2000千瓦的屋顶光伏电站。
"""


def test_a_project_built_in_the_park_is_in_the_park_of_its_section_else_in_the_zone():
    fs = facts(PARK_PROJECTS)
    assert ("两村联建标准化厂房项目", "locatedIn", "长丰智能制造产业园") in fs
    assert any(f[2] == "长丰经济开发区" and f[1] == "locatedIn" and "共富厂房项目" in f[0] for f in fs)
    assert not any(f[2] == "长丰智能制造产业园" and "共富厂房项目" in f[0] for f in fs)
    assert any(f[1:] == ("collectiveIncomeGain", "160万元") and f[0] == "两村联建标准化厂房项目" for f in fs)


def test_an_output_in_watts_after_nianchan_is_a_capacity_an_installed_power_is_not():
    fs = facts(PARK_PROJECTS)
    assert ("光伏组件项目", "annualCapacity", "3吉瓦") in fs
    assert not any(f[1] == "annualCapacity" and f[2] == "2000千瓦" for f in fs)
    assert ("恒晖控股私人有限公司", "homeCountry", "SG") in fs


MORE_WORDINGS = """新昌经济开发区 项目签约 荣誉加身

浙江新锐精密机械有限公司智能轴承项目投资总额为3.5亿元,浙江天姥茶业有限公司茶饮料项目投资额达8000万元。浙江恒锐轴承有限公司已签约入驻新昌智能装备产业园。

2022年,新昌经济开发区被授予“浙江省高端装备制造业特色产业基地”称号。今年,浙江天姥茶业有限公司被命名为浙江省级绿色工厂。浙江新锐精密机械有限公司与后岸村“手拉手”,帮助村里发展民宿经济。
"""


def test_investment_written_as_a_total_or_an_amount_of_investment():
    fs = facts(MORE_WORDINGS)
    assert any(f[1:] == ("totalInvestment", "3.5亿元") and f[0].endswith("智能轴承项目") for f in fs)
    assert any(f[1:] == ("totalInvestment", "8000万元") and f[0].endswith("茶饮料项目") for f in fs)


def test_a_company_that_moves_into_a_park_is_located_there():
    fs = facts(MORE_WORDINGS)
    assert ("浙江恒锐轴承有限公司", "locatedIn", "新昌智能装备产业园") in fs


def test_titles_conferred_and_names_given_are_designations():
    fs = facts(MORE_WORDINGS)
    assert ("新昌经济开发区", "designatedAs", "浙江省高端装备制造业特色产业基地") in fs
    assert ("浙江天姥茶业有限公司", "designatedAs", "浙江省级绿色工厂") in fs


def test_a_company_and_a_village_hand_in_hand_are_paired():
    fs = facts(MORE_WORDINGS)
    assert ("浙江新锐精密机械有限公司", "pairedWith", "后岸村") in fs
    assert linked(fs, "浙江天姥茶业有限公司", "后岸村") == []


SIGNED_AND_OPENED = """新昌经济开发区 签约与共富工坊

浙江新锐精密机械有限公司与新昌经济开发区签约智能轴承项目。浙江天姥茶业有限公司还在村里开办了茶叶分拣加工项目,吸纳30余名村民就业。今年,新昌经济开发区成功创成省级高新技术产业园区。
"""


def test_a_company_that_signs_with_the_zone_is_a_partner_of_the_project():
    fs = facts(SIGNED_AND_OPENED)
    assert any(f[0] == "浙江新锐精密机械有限公司" and f[1] == "partnerIn" and f[2].endswith("智能轴承项目") for f in fs)


def test_a_project_a_company_opens_in_a_village():
    fs = facts(SIGNED_AND_OPENED)
    assert any(f[0] == "浙江天姥茶业有限公司" and f[1] == "partnerIn" and "茶叶分拣加工项目" in f[2] for f in fs)


def test_a_title_won_worded_chuangcheng():
    fs = facts(SIGNED_AND_OPENED)
    assert ("新昌经济开发区", "designatedAs", "省级高新技术产业园区") in fs


HEADS_AND_SITES = """如皋经济技术开发区 项目落地 结对帮扶

东陈镇镇长吴建平介绍,全镇今年将新建3个强村项目。如皋市副市长顾晓东出席活动。如皋市市委书记陆明华主持会议。江苏皋安精密机械有限公司总投资5亿元的高端轴承项目已在丁堰镇落地,江苏润皋食品有限公司预制菜项目选址于东陈镇。如皋经济技术开发区与南通经济技术开发区结为友好园区。江苏润皋食品有限公司定点帮扶蒋宗村。
"""


def test_a_head_of_a_town_or_city_written_after_its_name():
    ps = posts(HEADS_AND_SITES)
    # held in the division's government or party committee (a place holds no post)
    assert ("吴建平", "镇长", "东陈镇人民政府") in ps
    assert ("顾晓东", "副市长", "如皋市人民政府") in ps
    assert any(p[0] == "陆明华" and p[1].endswith("委书记") and p[2] == "如皋市委" for p in ps)


def test_the_investor_written_before_its_amount_and_the_place_a_project_lands_in():
    fs = facts(HEADS_AND_SITES)
    assert any(f[0] == "江苏皋安精密机械有限公司" and f[1] == "partnerIn" and f[2].endswith("高端轴承项目") for f in fs)
    assert any(f[0].endswith("高端轴承项目") and f[1:] == ("locatedIn", "丁堰镇") for f in fs)
    assert any(f[0].endswith("预制菜项目") and f[1:] == ("locatedIn", "东陈镇") for f in fs)
    assert not any(f[0].endswith("预制菜项目") and f[1:] == ("locatedIn", "丁堰镇") for f in fs)


def test_zones_that_become_friends_cooperate_and_a_company_helping_a_village_is_paired():
    fs = facts(HEADS_AND_SITES)
    assert any({f[0], f[2]} == {"如皋经济技术开发区", "南通经济技术开发区"} and f[1] == "cooperatesWith" for f in fs)
    assert ("江苏润皋食品有限公司", "pairedWith", "蒋宗村") in fs
    assert linked(fs, "江苏皋安精密机械有限公司", "蒋宗村") == []


def test_several_parties_joining_hands_to_sign_are_no_pairing():
    fs = facts("""如皋经济技术开发区 三方签约

北庄村、江苏皋安精密机械有限公司、江苏润皋食品有限公司三方牵手,签订北庄村冷链物流中心项目合作协议。
""")
    assert not any(f[1] == "pairedWith" for f in fs)
    assert ("江苏皋安精密机械有限公司", "partnerIn", "北庄村冷链物流中心项目") in fs


def test_a_village_next_to_a_project_is_not_its_place():
    fs = facts("""如皋经济技术开发区 项目带村

东陈镇北庄村紧邻江苏皋安精密机械有限公司轴承项目地块,蒋宗村投资500万元建设村级冷库项目。
""")
    assert not any(f[1] == "locatedIn" and f[2] == "北庄村" for f in fs)
    assert any(f[0].endswith("冷库项目") and f[1:] == ("locatedIn", "蒋宗村") for f in fs)


def test_a_body_implied_by_a_title_belongs_to_its_division_and_points_at_its_words():
    """东陈镇镇长: the post is in 东陈镇人民政府, bodyOf 东陈镇, whose mention is the words 东陈镇镇长."""
    store = graph(HEADS_AND_SITES)
    rows = list(store.query(PFX + """PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?exact WHERE { GRAPH ?g {
        ?body rdfs:label "东陈镇人民政府"@zh ; a edz:GovernmentBody ; edz:bodyOf/rdfs:label "东陈镇"@zh ;
              edz:mention ?span . ?span oa:exact ?exact } }"""))
    assert [r["exact"].value for r in rows] == ["东陈镇镇长"]
