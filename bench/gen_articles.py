"""Write many distinct development-zone news articles for benchmarking extraction (never for tests
of correctness: the names are random and fictitious).

Each article has one to three zone sections like a laid-out local-news page: a headline, body
paragraphs built from templates (villages paired with companies, projects and their investment,
land areas, statistics with growth rates, posts of people, cooperation between zones), photo
captions, a credit line, and the page-break damage seen in text extracted from such pages: a
sentence cut by a blank line, a caption dropped into the middle of a sentence, the character at
the cut repeated on the next page, and a short tail ("环境。") left alone after a caption.

    python bench/gen_articles.py OUT_DIR --count 2000 [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.names import COMPANY_POSTS, VILLAGE_POSTS, Names  # noqa: E402


@dataclass
class Zone:
    """The cast of one zone section."""

    name: str
    short: str
    subdistrict: str
    county: str
    city: str
    villages: list[str]
    companies: list[str]
    people: list[str]
    projects: list[str]
    industries: list[str]
    partner_zone: str


def _amount(rng: random.Random) -> str:
    """A money amount as written in the genre: 200多万元, 100余万元, 超25万元, 374.77亿元, 10亿元."""
    style = rng.randrange(6)
    if style == 0:
        return f"{rng.randrange(1, 30) * 100}多万元"
    if style == 1:
        return f"{rng.randrange(1, 20) * 10}余万元"
    if style == 2:
        return f"超{rng.randrange(5, 90)}万元"
    if style == 3:
        return f"{rng.randrange(10, 900)}.{rng.randrange(10, 99)}亿元"
    if style == 4:
        return f"{rng.randrange(1, 50)}亿元"
    return f"约{rng.randrange(100, 9999)}万元"


def _area(rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{rng.randrange(20, 5000)}亩"
    if style == 1:
        return f"{rng.randrange(1, 40)}.{rng.randrange(1, 9)}万平方米"
    return f"约{rng.randrange(100, 3000)}亩"


def _pct(rng: random.Random) -> str:
    return f"{rng.randrange(1, 40)}.{rng.randrange(0, 9)}%"


def _when(rng: random.Random) -> str:
    return rng.choice(("去年", "今年", "近年来", f"去年{rng.randrange(1, 12)}月", "截至6月底",
                       f"{rng.randrange(1, 4)}月至{rng.randrange(4, 7)}月", f"{rng.randrange(2015, 2022)}年"))


Template = Callable[[random.Random, Zone], str]

BODY: list[Template] = [
    lambda r, z: (
        f"{_when(r)},{z.name}({z.subdistrict}){r.choice(z.villages)}通过土地综合整治项目,引进了一系列"
        f"特色产业,其中的{r.choice(z.projects)}就是最早落地于此的项目,总投资{_amount(r)}。"
    ),
    lambda r, z: (
        f"“全村发展得越来越好,离不开村企结对共建。”说起这些年村企结对以来的变化,{r.choice(z.villages)}"
        f"{r.choice(VILLAGE_POSTS)}{r.choice(z.people)}很是感慨。"
    ),
    lambda r, z: (
        f"在村企结对共建的“牵线”下,{r.choice(z.companies)}{r.choice(COMPANY_POSTS)}{r.choice(z.people)}"
        f"成了{r.choice(z.villages)}的“兴村导师”,还成功帮助村里引进了总投资{_amount(r)}的{r.choice(z.projects)}。"
        f"项目投产后,每年带动村级集体经济增收{_amount(r)},满足了村民数百亩果园的冷藏需求。"
    ),
    lambda r, z: (
        f"{_when(r)},{z.name}({z.subdistrict})、{r.choice(z.companies)}、{r.choice(z.companies)}三方牵手,"
        f"签订{r.choice(z.projects)}合作协议。这一项目落地{r.choice(z.villages)},占地{_area(r)},"
        f"预计每年可培训新型职业农民{r.randrange(100, 900)}人次,辐射周边农户增收{_amount(r)}。"
    ),
    lambda r, z: (
        f"数据显示,过去五年,{z.name}({z.subdistrict})累计实现地区生产总值{_amount(r)},"
        f"规上工业产值年均增长{_pct(r)},农村居民人均可支配收入年均增长{_pct(r)};综合实力持续位列"
        f"省级经济开发区“第一方阵”。"
    ),
    lambda r, z: (
        f"{_when(r)},{z.name}实现规上工业总产值{_amount(r)},同比增长{_pct(r)};实现规上工业增加值"
        f"{_amount(r)},同比增长{_pct(r)}。"
    ),
    lambda r, z: (
        f"从{_when(r)}开始,{z.name}({z.subdistrict})就启动了总规划{_area(r)}的工业园区全域有机更新,"
        f"截至6月底,该区块企业腾退签约率已经超过{r.randrange(50, 99)}%,签约腾退面积{_area(r)}。"
    ),
    lambda r, z: (
        f"据了解,{z.short}{r.choice(z.industries)}小微园建筑面积{_area(r)},园区建成后实现专业物业管理,"
        f"并配套相对完善的生活服务设施,可容纳企业{r.randrange(20, 150)}家。"
    ),
    lambda r, z: (
        f"过去五年,{z.name}累计签约产业项目{r.randrange(30, 300)}个,引进亿元以上产业项目{r.randrange(10, 120)}个,"
        f"引进世界500强项目{r.randrange(1, 6)}个、超亿美元项目{r.randrange(1, 20)}个。"
    ),
    lambda r, z: (
        f"围绕{'、'.join(z.industries)}“3+1”产业体系及产业链建设,{z.name}着眼引“高”、引“新”、引“强”,"
        f"让工业主平台成为项目集聚的“虹吸盘”。"
    ),
    lambda r, z: (
        f"不仅是“强企”之上谋“兴村”,{z.name}还与{z.partner_zone}携手,双方在加强招商引资、创新合作模式、"
        f"构建互访机制、实行信息共享等方面,充分发挥双方的差异化优势。"
    ),
    lambda r, z: (
        f"从{r.choice(z.companies)}收购的{_area(r)}土地已经摇身成为{r.choice(z.projects)},"
        f"一大批{r.choice(z.industries)}企业已经入驻投产。"
    ),
    lambda r, z: (
        f"{_when(r)},{r.choice(z.industries)}产业链成功入选{z.city[:2]}省开发区产业链“链长制”试点单位,"
        f"{z.name}({z.subdistrict})还成功入选{z.city}首批先进制造业和现代服务业融合发展试点区域。"
    ),
    lambda r, z: (
        f"{z.name}({z.subdistrict})相关负责人{r.choice(z.people)}说:“未来,我们将进一步优化产业体系,"
        f"全力推进项目建设,做大市场、做强产业链,为走好共同富裕之路贡献力量。”"
    ),
    lambda r, z: (
        f"{r.choice(z.villages)}{r.choice(VILLAGE_POSTS)}{r.choice(z.people)}介绍,村企共建“村企合作”模式,"
        f"更为村集体每年创收了{_amount(r)},为全村共同富裕打下了坚实的基础。"
    ),
    lambda r, z: (
        f"作为{z.county}经济发展主平台,{z.name}({z.subdistrict})努力在高质量发展、高品质建设、"
        f"高水平治理上实现“破旧立新、蝶变跃升”,{_when(r)}新增工业用地{_area(r)}。"
    ),
]

HEADLINES: list[Template] = [
    lambda r, z: f"{z.name} “强企兴村”携手开跑共富路",
    lambda r, z: f"{z.name} 融合再造寻找高质量发展新支点",
    lambda r, z: f"{z.name} 凝心聚力奏响共富“发展曲”",
    lambda r, z: f"{z.name} 项目为王 跑出发展“加速度”",
    lambda r, z: f"村企产业共培 走好“造血式”共富路",
    lambda r, z: f"兴村导师接棒 携手奔向致富路",
]

CAPTIONS: list[Template] = [
    lambda r, z: f"{z.name}俯瞰",
    lambda r, z: f"奋进中的{z.name}",
    lambda r, z: f"{z.short}{r.choice(z.industries)}产业园",
    lambda r, z: f"{z.name}高质量外资集聚园区",
]


def _zone(names: Names) -> Zone:
    city = names.city()
    county = names.county()
    zone = names.zone(county)
    short = zone[:2] + "经开"
    return Zone(
        name=zone,
        short=short,
        subdistrict=names.subdistrict(),
        county=county,
        city=city,
        villages=[names.village() for _ in range(names.rng.randrange(2, 5))],
        companies=[names.company() for _ in range(names.rng.randrange(2, 5))],
        people=[names.person() for _ in range(names.rng.randrange(2, 5))],
        projects=[names.project() for _ in range(names.rng.randrange(2, 4))],
        industries=names.rng.sample(
            ["新材料", "电子信息", "高端装备制造", "生命健康", "集成电路", "新能源", "数字经济", "现代物流"], 3
        ),
        partner_zone=names.zone(),
    )


def _damage(paragraphs: list[str], rng: random.Random, caption: str) -> list[str]:
    """Page-break damage: cut one long paragraph, maybe drop a caption in, maybe repeat a char."""
    candidates = [i for i, p in enumerate(paragraphs) if len(p) > 40]
    if not candidates:
        return paragraphs
    i = rng.choice(candidates)
    p = paragraphs[i]
    cut = rng.randrange(10, len(p) - 5)
    head, tail = p[:cut], p[cut:]
    kind = rng.randrange(4)
    if kind == 0:  # plain page break inside a sentence
        pieces = [head, tail]
    elif kind == 1:  # a photo caption between the two halves, framed by extra blank lines
        pieces = [head + "\n\n", caption, tail]
    elif kind == 2:  # the character at the cut repeated on the next page
        pieces = [head, head[-1] + tail]
    else:  # a short tail left alone after the caption
        pieces = [p[: len(p) - 3] + "\n\n", caption, p[len(p) - 3 :]]
    return paragraphs[:i] + pieces + paragraphs[i + 1 :]


def article(seed: int, index: int) -> tuple[str, str]:
    """(docid, text) of article ``index`` for ``seed``; deterministic."""
    rng = random.Random(f"{seed}:{index}")
    names = Names(rng.randrange(2**62))
    blocks: list[str] = []
    for _ in range(rng.choice((2, 3, 3, 4))):
        z = _zone(names)
        section = [rng.choice(HEADLINES[:4])(rng, z)]
        body = [t(rng, z) for t in rng.sample(BODY, rng.randrange(9, 15))]
        if rng.random() < 0.5:
            body.insert(rng.randrange(1, len(body)), rng.choice(HEADLINES[4:])(rng, z))
        for _ in range(rng.randrange(1, 3)):
            body = _damage(body, rng, rng.choice(CAPTIONS)(rng, z))
        section += body
        section.append(f"(本文配图均由{z.name}提供)")
        blocks.append("\n\n".join(section))
    text = "\n\n" + "\n\n\n\n".join(blocks) + "\n"
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return f"bench_{index:06d}_{digest}", text


def articles(count: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    for i in range(count):
        yield article(seed, i)


def write_corpus(out: Path, count: int, seed: int = 1) -> int:
    """Write ``count`` articles (.txt + .yaml) into ``out``; returns the number of characters."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    chars = 0
    base = dt.date(2022, 1, 1)
    for i, (docid, text) in enumerate(articles(count, seed)):
        (out / f"{docid}.txt").write_text(text, encoding="utf-8")
        published = base + dt.timedelta(days=(i * 7) % 365)
        (out / f"{docid}.yaml").write_text(
            f"id: {docid}\nlanguage: zh\npublished: {published.isoformat()}\n"
            "source: generated by bench/gen_articles.py (fictitious, for benchmarking only)\n",
            encoding="utf-8",
        )
        chars += len(text)
    return chars


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    chars = write_corpus(a.out, a.count, a.seed)
    print(f"wrote {a.count} articles, {chars} characters, to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
