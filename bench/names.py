"""Random but deterministic Chinese names for benchmark data (fictitious, never real entities).

Every name is built from general character pools with a seeded ``random.Random``, so the same
seed always gives the same names. Nothing here names a real zone, company, village or person.
"""

from __future__ import annotations

import random

PLACE_CHARS = (
    "安宁平阳江河山湖清泉青云临永福新兴华丰长乐和顺康泰明德崇信东西南北中金银玉石"
    "松柏桐梅兰竹溪浦湾塘桥岭峰源川洲城台亭塔沙林田园庄垣渡岗坪坝滨浜港岙"
)
BRAND_CHARS = "鑫达盛恒瑞祥宏宇凯晟嘉华通远博创卓越启航聚力联众汇隆昌盈泰丰益瀚海智诚君信"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱严赖覃洪武莫孔"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建文辉力斌宇鹏飞晓红波宁浩凯峰健丹玲俊云雪梅立新春"
ZONE_KINDS = ("经济开发区", "经济技术开发区", "高新技术产业开发区", "高新区")
ZONE_WEIGHTS = (5, 3, 2, 1)
INDUSTRIES = (
    "新材料", "电子信息", "高端装备制造", "生命健康", "生物医药", "集成电路", "新能源",
    "智能制造", "现代物流", "数字经济", "汽车零部件", "纺织服装", "精细化工", "绿色食品",
)
COMPANY_TRADES = (
    "新材料科技", "电子科技", "机械制造", "生物医药", "农业科技", "铁路器材", "智能装备",
    "精密机械", "光电科技", "食品", "纺织", "物流", "化工", "新能源科技",
)
COMPANY_FORMS = ("有限公司", "股份有限公司", "集团有限公司")
PROJECT_KINDS = (
    "果蔬冷藏项目", "共享菜园项目", "光伏发电项目", "标准厂房项目", "智能制造产业园项目",
    "冷链物流中心项目", "研发中心项目", "生产线技改项目", "农旅融合项目", "数据中心项目",
    "精密零部件生产项目", "新型建材项目",
)
VILLAGE_POSTS = ("党总支书记、村委会主任", "党支部书记", "村委会主任", "村党委书记")
COMPANY_POSTS = ("董事长", "总经理", "CEO", "党委书记", "副总经理")


class Names:
    """A seeded source of fictitious names; ``seen`` keeps them distinct within one source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen: set[str] = set()

    def _fresh(self, make) -> str:
        for _ in range(1000):
            name = make()
            if name not in self.seen:
                self.seen.add(name)
                return name
        raise RuntimeError("name pool exhausted; use a larger pool or another seed")

    def place(self, n: int = 2) -> str:
        return self._fresh(lambda: "".join(self.rng.choice(PLACE_CHARS) for _ in range(n)))

    def city(self) -> str:
        return self.place() + "市"

    def county(self) -> str:
        return self.place() + self.rng.choice(("县", "市", "区"))

    def zone(self, city: str | None = None) -> str:
        stem = (city or self.place()).rstrip("市县区")
        kind = self.rng.choices(ZONE_KINDS, ZONE_WEIGHTS)[0]
        return self._fresh(lambda: stem + kind) if stem else self.place() + kind

    def subdistrict(self) -> str:
        return self.place() + "街道"

    def town(self) -> str:
        return self.place() + "镇"

    def village(self) -> str:
        return self.place(self.rng.choice((2, 2, 3))) + "村"

    def person(self) -> str:
        return self._fresh(
            lambda: self.rng.choice(SURNAMES)
            + "".join(self.rng.choice(GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2))))
        )

    def brand(self) -> str:
        return self._fresh(lambda: "".join(self.rng.choice(BRAND_CHARS) for _ in range(2)))

    def company(self, province: str = "") -> str:
        prefix = province or self.place()
        return self._fresh(
            lambda: prefix + self.brand() + self.rng.choice(COMPANY_TRADES) + self.rng.choice(COMPANY_FORMS)
        )

    def project(self) -> str:
        return self._fresh(lambda: self.place() + self.rng.choice(PROJECT_KINDS))

    def industry(self) -> str:
        return self.rng.choice(INDUSTRIES)
