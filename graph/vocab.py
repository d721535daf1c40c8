"""General vocabularies of the extractor: suffixes, post titles, function words, cue verbs.

Only general terms of the language and the genre live here — never names of particular zones,
villages, companies, people or projects.
"""

from __future__ import annotations

import re

# Where a clause group ends (a clause ends also at ，,：:).
GROUP_END = "；。！？;!?\n"

# Ontology classes of places (what 位于/在 can point at).
PLACE_CLASSES = ("DevelopmentZone", "IndustrialPark", "LandParcel", "Province", "City", "County",
                 "District", "Subdistrict", "Town", "Village")

# Development zones: suffixes, longest first.
ZONE_SUFFIXES = (
    "经济技术开发区", "高新技术产业开发区", "高新技术开发区", "新技术产业开发区", "新技术开发区",
    "经济开发区", "高新区", "经开区",
    "综合保税区", "保税区", "开发区",
)
ZONE_INFIXES = ("国家级", "国家", "省级")  # 宁波国家高新区
ZONE_PHASE = re.compile(r"[一二三四五六七八九]期")

# Parks inside or beside a zone, longest first. 新城/科学城 only with a place or zone head.
PARK_SUFFIXES = (
    "高质量外资集聚园区", "产业社区", "产业合作园", "国际合作园", "工业园区", "产业园区", "科技园区", "产业新城",
    "科创新城", "自主创新园", "产业园", "科创园", "科技园", "创业园", "创新园", "小微园", "工业园", "合作园", "物流园",
    "孵化园", "科学城", "科技城", "园区", "新城",
)
PARK_NEEDS_PLACE = frozenset({"新城", "科学城", "科技城", "科创新城", "园区", "产业社区"})
GENERIC_PARK_PREFIXES = frozenset({
    "乡镇", "老旧", "相关", "高标准", "现代", "现代化", "新兴", "产业", "工业", "循环经济", "特色",
    "品质", "产城融合", "一批", "各类", "省级", "国家级", "示范",
})

# Companies and institutes.
COMPANY_SUFFIXES = (
    "集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "集团公司", "株式会社",
    "股份公司", "集团", "公司",
)
WEAK_COMPANY_SUFFIXES = frozenset({"集团", "公司"})
INSTITUTE_SUFFIXES = ("研究院", "研究所", "研究中心", "实验室")
COMPANY_SHORT_TAILS = (
    "实业", "科技", "集团", "股份", "控股", "电子", "在线", "传媒", "物流", "电气", "机械", "制造",
    "化工", "纺织", "建设", "置业", "地产", "医药", "食品", "铁路", "新材", "材料", "能源", "电器",
    "光电", "智能", "汽车", "重工", "钢铁", "纸业", "服饰", "农业", "花卉",
)
GENERIC_ORG_WORDS = frozenset({
    "该", "本", "子", "分", "母", "一家", "相关", "这家", "该家", "多家", "各", "企业", "龙头", "国际",
    "行业", "头部", "外资", "民营", "国有", "上市", "科技型", "高新技术", "中小",
})

# Party and government bodies: suffix → ontology class.
BODY_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("纪检监察工委", "PartyOrganization"), ("纪工委", "PartyOrganization"),
    ("党工委", "PartyOrganization"), ("党总支", "PartyOrganization"),
    ("党支部", "PartyOrganization"), ("党委", "PartyOrganization"),
    ("村民委员会", "GovernmentBody"), ("村委会", "GovernmentBody"), ("居委会", "GovernmentBody"),
    ("管委会", "GovernmentBody"), ("人民政府", "GovernmentBody"),
)

# Post titles, longest first (the part written right before a person's name).
POST_TITLES = (
    "副书记", "书记", "常务副主任", "副主任", "主任", "副董事长", "董事长", "副总经理",
    "总经理", "首席执行官", "CEO", "总裁", "副总裁", "创始人", "负责人", "党委委员", "村长", "镇长",
    "乡长", "区长", "县长", "市长", "副县长", "副市长", "副区长", "局长", "副局长", "院长", "所长",
    "厂长", "经理", "总监", "主席", "副主席", "董事", "监事长", "合伙人", "总工程师", "站长", "委员",
    "社长", "会长", "理事长",
)
POST_RE = re.compile("|".join(sorted(map(re.escape, POST_TITLES), key=len, reverse=True)))

# Words that never start or belong to a name: function words and cue verbs that govern a name.
STOP_CHARS = frozenset("的了在从和与及对将把被为是由向等也还都就又并而或即其该此这那每各到于以给让使往当着过跟同比如据更均")
STOP_WORDS = frozenset("""
作为 通过 位于 对于 关于 以及 并且 还有 已经 正在 将要 未来 今后 目前 如今 其中 包括 等等 一个 一批
一系列 一大批 一座座 一个个 多个 各个 这些 那些 这个 那个 以来 以后 之后 之前 期间 同时 此外 另外
签订 签约 签署 引进 引入 招引 落地 落户 推进 推动 启动 实施 打造 投资 开工 竣工 谋划 洽谈 带动
成为 收购 回收 腾退 入选 获评 获批 走进 打开 来到 走访 聘请 帮助 助力 加快 加强 完成 开展 举办
参与 参加 承建 投建 新建 扩建 组建 成立 设立 组织 牵手 携手 联合 依托 围绕 聚焦 培育 形成 拥有
吸引 服务 支持 扶持 覆盖 涉及 进驻 入驻 考察 调研 摇身 变身 改造 提升 整合 实现 创造 达到 突破
完善 构建 推出 引出 扮美 成功 还将 将会 总投资 投资额 累计 预计 计划 拟 紧邻 毗邻 相邻 建成 迎来
是由 均由 还与 共同 牵线 结对 合作 负责 介绍 表示 指出 认为 感慨 说 称 据悉 据了解 据介绍 数据显示
建设 加快建设 全力 大力 积极 努力 全面 进一步
狠抓 紧抓 抢抓 紧盯 引来 招来 跑出 推行 已有 共有 现有 拿下 签下 发力 聚力 招大引强 入股 参股 认购 承租 租用
每个 每一个 一切 为了 我们 他们 咱们 大家 帮 帮助
""".split())

# Cue verbs that may end a name (合作项目, 建设项目, 整治项目) although they govern names elsewhere.
NAME_INTERNAL_VERBS = frozenset("联建 建设 合作 改造 提升 整治 开发 示范 招商 共建 更新 投资 培训 种植 养殖 服务 孵化 研发 制造 生产 加工".split())

# Verbs that take 项目 as their object (跑出项目建设加速度, 招来项目, 推行项目专班): a project name
# never runs back over one of them.
PROJECT_GOVERNING_VERBS = (
    "跑出", "引来", "招来", "推行", "狠抓", "紧抓", "抢抓", "紧盯", "上马", "储备", "争取", "拿下", "签下",
    "引进", "招引", "落实", "谋划", "推进", "推动", "攻坚", "招大引强", "发力", "聚力", "比拼", "引", "招",
    "抓", "盯", "为了",
)

# Anaphora: written form → what it refers back to.
ANAPHORA: dict[str, str] = {
    "该项目": "project", "这一项目": "project", "此项目": "project", "这个项目": "project",
    "本项目": "project", "项目": "project",
    "该园区": "park", "这一园区": "park", "园区": "park",
    "该区块": "park", "这一区块": "park",
    "该有机更新区域": "park", "该区域": "park", "这一区域": "park",
    "村里": "village", "全村": "village", "村集体": "village", "该村": "village", "本村": "village",
    "双方": "pair", "村企双方": "pair",
    "该企业": "company", "该公司": "company",
}
ANAPHOR_RE = re.compile("|".join(sorted(map(re.escape, ANAPHORA), key=len, reverse=True)))

# Land, parcels and land actions.
LAND_NOUNS = ("建设用地", "工业用地", "土地", "用地")
LAND_ACTIONS = {"回收": "recoveredFrom", "收回": "recoveredFrom", "收购": "acquiredFrom",
                "受让": "acquiredFrom", "购得": "acquiredFrom", "征收": "acquiredFrom", "回购": "acquiredFrom"}

# Project status cues (checked in the clause of a project mention), strongest first.
STATUS_CUES: tuple[tuple[str, str], ...] = (
    ("入驻投产", "InOperation"), ("建成投产", "InOperation"), ("投产", "InOperation"),
    ("投入运营", "InOperation"), ("投用", "InOperation"), ("运营", "InOperation"),
    ("建设正酣", "UnderConstruction"), ("正在建设", "UnderConstruction"), ("加紧建设", "UnderConstruction"),
    ("抓紧建设", "UnderConstruction"), ("加速建设", "UnderConstruction"), ("全面开工", "UnderConstruction"),
    ("加快建设", "UnderConstruction"), ("建设中", "UnderConstruction"), ("在建", "UnderConstruction"),
    ("开工", "UnderConstruction"), ("施工", "UnderConstruction"),
    ("未来将建设", "Planned"), ("将建设", "Planned"), ("还将", "Planned"), ("计划", "Planned"),
    ("预计", "Planned"), ("拟", "Planned"), ("即将", "Planned"),
    ("签订", "Signed"), ("签约", "Signed"), ("签署", "Signed"),
)

# Industry-focus cues and cooperation cues.
FOCUS_CUES = ("聚焦", "围绕", "紧盯", "主攻", "重点发展", "着力发展", "大力发展", "重点培育", "做强", "培育", "打造")
# A list of industries written before one of these is the place's focus (A、B、C等主导产业).
FOCUS_AFTER = ("主导产业", "支柱产业", "特色产业", "首位产业", "产业体系", "产业集群", "重点产业")
COOPERATION_CUES = ("携手", "合作", "结对", "共建", "签订战略合作", "联动")

# 村企结对: a pairing sentence.
PAIRING_CUES = ("结对", "结亲", "牵手")

# Characters that follow a name rather than end it (张锋很是感慨, 关炜成了, 王鼎带着, 李明说).
AFTER_NAME_CHARS = frozenset(
    "说讲称道笑问答表介指认告坦感谈透回提要成带很是在的和与也都就还又等对向为被把将从一亲已曾"
    "率来到去陪及并却均共于让给跟据"
    "，。、；：！？“”‘’（）《》 "
)

# One-character verbs of saying, which jieba may glue to the end of a name (吴春明说 → 吴春/明说).
SAY_CHARS = frozenset("说讲称道笑问答")

# Words right after a title that are not a given name (书记表示, 主任介绍).
NOT_GIVEN_NAMES = frozenset("表示 介绍 指出 认为 强调 说道 坦言 告诉 一行 等人 同志 称 说 讲 提出 要求 透露 谈到 感慨 表态 带队 主持 出席 参加".split())

# Common Chinese surnames (百家姓 and the most frequent modern ones).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区"
    "郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍"
    "辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣"
    "信展阴昝智幸奉植衡富尧闭由"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 呼延".split()
)

# Country names written before a company's name (德国博世集团) → ISO 3166-1 alpha-2.
COUNTRIES: dict[str, str] = {
    "德国": "DE", "美国": "US", "日本": "JP", "韩国": "KR", "比利时": "BE", "荷兰": "NL", "法国": "FR",
    "英国": "GB", "瑞士": "CH", "新加坡": "SG", "意大利": "IT", "瑞典": "SE", "丹麦": "DK", "芬兰": "FI",
    "挪威": "NO", "奥地利": "AT", "西班牙": "ES", "加拿大": "CA", "澳大利亚": "AU", "以色列": "IL",
    "印度": "IN", "俄罗斯": "RU", "泰国": "TH", "马来西亚": "MY", "越南": "VN", "印度尼西亚": "ID",
    "新西兰": "NZ", "卢森堡": "LU", "爱尔兰": "IE", "葡萄牙": "PT", "捷克": "CZ", "波兰": "PL",
    "匈牙利": "HU", "沙特": "SA", "阿联酋": "AE", "巴西": "BR", "墨西哥": "MX", "南非": "ZA",
}

# Foreign personal names: the characters of the standard transliteration table (新华社《世界人名
# 翻译大辞典》 style: 托马斯·穆勒, 约阿希姆·克莱因), and the separators written between the parts.
TRANSLIT_CHARS = frozenset(
    "阿埃艾爱安昂敖奥巴芭拜班邦保鲍贝本比彼毕宾滨波伯博布查达黛戴丹道德登邓迪蒂丁东杜顿多厄恩"
    "法凡范菲费芬丰弗福伏盖甘冈高戈格葛根古贡圭哈海汉豪赫黑亨洪胡华霍基吉加迦贾简杰捷金居卡凯坎"
    "康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾里丽利莉连林琳隆卢鲁路伦罗洛吕玛马迈麦曼芒梅门蒙米敏"
    "明缪摩莫姆穆纳娜奈南内妮尼宁纽努诺欧帕派潘庞佩彭皮珀普齐奇恰乔切钦琴丘屈让热荣瑞若萨塞赛"
    "桑瑟森沙莎尚绍舍申圣施什史斯松苏索塔泰坦汤唐陶特滕提廷通图托瓦娃万旺威韦维温翁沃乌伍武西"
    "希锡席夏肖谢辛休许雅亚扬耶伊因英尤于约泽扎詹珍朱兹卓尔夫茨娅琪得密理廉冯"
    "翰卫历琼佐哲罕大万山"  # 约翰, 大卫, 亚历山大, 伊万诺夫
    "买吐木汗依玉素甫孜提力逊"  # Uyghur names (买买提·吐尔逊)
)
NAME_DOTS = "·•・‧∙⋅．."
# Words after a foreign name that are not part of it (克莱因博士, 施密特女士).
AFTER_FOREIGN_NAME = ("博士", "教授", "先生", "女士", "夫人", "小姐", "一行", "等人")

# Words before 村 that do not name a village (所有村, 各个村, 全体村…).
NOT_VILLAGE_NAMES = frozenset("中心 所有 各个 全体 每个 下辖 部分 其他 其余 多个 周边 相关 附近 全部 这个 那个 一个 两个 几个 若干 沿线 薄弱 经济 行政 自然 重点 示范 试点".split())

# Given-name characters that also follow names (成 of 崔成焕, 和 of 张和平): a name when a further
# given-name character comes after them (not 关炜成了, 王成为).
GIVEN_ALSO_AFTER = frozenset("成和来")
PRONOUN_CHARS = frozenset("我你他她它咱您")
# Words of designation titles written like park names (江苏省绿色低碳示范园区, 首批…示范园区).
DESIGNATION_WORDS = ("示范", "试点", "首批", "标杆", "星级", "特色小镇")

# Japanese surnames of two characters (中村浩二, 铃木一郎), read like compound surnames after a
# title. Names that are also common Chinese place words (高桥, 中山) are left out.
JAPANESE_SURNAMES = frozenset(
    "山田 田中 佐藤 铃木 渡边 伊藤 中村 小林 加藤 吉田 山本 松本 井上 木村 清水 山口 斋藤 森田 池田 "
    "桥本 石川 前田 藤田 小川 冈田 后藤 长谷 村上 近藤 坂本 远藤 青木 藤井 西村 福田 太田 三浦 藤原 "
    "松田 冈本 中野 原田 小野 竹内 金子 和田 中岛 石井 上田 森本 小山 大野 酒井 宫崎 工藤 横山 "
    "宫本 内田 高木 安藤 岛田 谷口 大西 丸山 今井 河野 藤本 村田 武田 上野 杉山 增田 小岛 千叶 "
    "松井 岩崎 樱井 木下 野口 松尾 菊地 野村 新井 渡部".split()
)
