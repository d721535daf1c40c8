"""English labels for Chinese names: pinyin of the proper part plus a translated generic suffix.

桐乡经济开发区 → "Tongxiang Economic Development Zone"; 三村村 → "Sancun Village";
浙江德盛铁路器材股份有限公司 → "Zhejiang Desheng Tielu Qicai Co., Ltd."; 朱晓良 → "Zhu Xiaoliang".
"""

from __future__ import annotations

import functools
import re


from . import vocab
from .lexicon import cut

__all__ = ["english_label", "pinyin_words"]

# Generic suffixes, longest first, with their English forms.
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("高新技术开发区", "High-tech Development Zone"),
    ("经济开发区", "Economic Development Zone"),
    ("综合保税区", "Comprehensive Bonded Zone"),
    ("高新区", "High-tech Zone"),
    ("经开区", "Economic Development Zone"),
    ("保税区", "Bonded Zone"),
    ("开发区", "Development Zone"),
    ("集团股份有限公司", "Group Co., Ltd."),
    ("集团有限公司", "Group Co., Ltd."),
    ("股份有限公司", "Co., Ltd."),
    ("有限责任公司", "Co., Ltd."),
    ("有限公司", "Co., Ltd."),
    ("集团公司", "Group Corporation"),
    ("股份公司", "Corporation"),
    ("集团", "Group"),
    ("公司", "Company"),
    ("研究院", "Research Institute"),
    ("研究所", "Research Institute"),
    ("研究中心", "Research Center"),
    ("实验室", "Laboratory"),
    ("纪检监察工委", "Discipline Inspection and Supervision Working Committee"),
    ("纪工委", "Discipline Inspection Working Committee"),
    ("党工委", "Party Working Committee"),
    ("党总支", "Party General Branch"),
    ("党支部", "Party Branch"),
    ("党委", "Party Committee"),
    ("村民委员会", "Villagers' Committee"),
    ("村委会", "Villagers' Committee"),
    ("居委会", "Residents' Committee"),
    ("管委会", "Administrative Committee"),
    ("人民政府", "People's Government"),
    ("高质量外资集聚园区", "High-quality Foreign Investment Cluster Park"),
    ("产业合作园", "Industrial Cooperation Park"),
    ("国际合作园", "International Cooperation Park"),
    ("工业园区", "Industrial Park"),
    ("产业园区", "Industrial Park"),
    ("科技园区", "Science Park"),
    ("产业新城", "Industrial New Town"),
    ("科创新城", "Sci-tech Innovation New Town"),
    ("产业园", "Industrial Park"),
    ("科创园", "Sci-tech Innovation Park"),
    ("科技园", "Science Park"),
    ("创业园", "Entrepreneurship Park"),
    ("小微园", "Small and Micro Enterprise Park"),
    ("工业园", "Industrial Park"),
    ("合作园", "Cooperation Park"),
    ("物流园", "Logistics Park"),
    ("孵化园", "Incubation Park"),
    ("科学城", "Science City"),
    ("园区", "Park"),
    ("新城", "New Town"),
    ("地块", "Land Parcel"),
    ("建设用地", "Construction Land"),
    ("工业用地", "Industrial Land"),
    ("闲置土地", "Idle Land"),
    ("低效用地", "Underused Land"),
    ("用地", "Land"),
    ("土地", "Land"),
    ("项目", "Project"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("街道", "Subdistrict"),
    ("社区", "Community"),
    ("省", "Province"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
    ("镇", "Town"),
    ("乡", "Township"),
    ("村", "Village"),
    ("厂", "Factory"),
)

# Post titles (vocab.POST_TITLES) and the regions written before them (亚太区总裁).
TITLES: dict[str, str] = {
    "副书记": "Deputy Secretary", "书记": "Secretary", "常务副主任": "Executive Deputy Director",
    "副主任": "Deputy Director", "主任": "Director", "副董事长": "Vice Chairman", "董事长": "Chairman",
    "副总经理": "Deputy General Manager", "总经理": "General Manager", "首席执行官": "Chief Executive Officer",
    "总裁": "President", "副总裁": "Vice President", "创始人": "Founder", "负责人": "Head",
    "党委委员": "Party Committee Member", "村长": "Village Head", "镇长": "Mayor", "乡长": "Township Head",
    "区长": "District Mayor", "县长": "County Mayor", "市长": "Mayor", "副县长": "Deputy County Mayor",
    "副市长": "Deputy Mayor", "副区长": "Deputy District Mayor", "局长": "Director", "副局长": "Deputy Director",
    "院长": "President", "所长": "Director", "厂长": "Factory Director", "经理": "Manager", "总监": "Director",
    "主席": "Chairman", "副主席": "Vice Chairman", "董事": "Board Director", "监事长": "Chief Supervisor",
    "合伙人": "Partner", "总工程师": "Chief Engineer", "站长": "Head of Station", "委员": "Member",
}
REGIONS: dict[str, str] = {
    "亚太": "Asia-Pacific", "大中华": "Greater China", "中国": "China", "华东": "East China",
    "华南": "South China", "华北": "North China", "华中": "Central China", "西南": "Southwest China",
    "西北": "Northwest China", "东北": "Northeast China", "亚洲": "Asia", "欧洲": "Europe",
    "北美": "North America", "全球": "Global", "海外": "Overseas", "国际": "International",
}
_WHOLE = dict(SUFFIXES)
# SUFFIXES by their last character, in the same order (a suffix can only end a name that ends
# in its last character)
_SUFFIXES_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {
    last: tuple(s for s in SUFFIXES if s[0][-1] == last) for last in {zh[-1] for zh, _ in SUFFIXES}}
_SPACES = re.compile(r"\s+")
_MU_AREA = re.compile(r"([0-9.]+)(万)?亩")
_INFIXES = {"二期": "Phase II", "一期": "Phase I", "三期": "Phase III", "四期": "Phase IV",
            "经开": "Economic Development Zone"}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+")
_EMBEDDED = dict(SUFFIXES[:9])  # zone suffixes inside longer names (…开发区高铁产业新城)
_EMBEDDED_RE = re.compile("(" + "|".join(_EMBEDDED) + ")")


def pinyin_words(text: str) -> list[str]:
    """Capitalised toneless pinyin, one word per jieba token (德盛铁路 → Desheng Tielu)."""
    words: list[str] = []
    for run in _CJK_RUN.findall(text):
        if not ("\u4e00" <= run[0] <= "\u9fff"):
            run = run.strip(" （）()“”·")
            if run:
                words.append(run)
            continue
        single = ""  # consecutive one-character tokens (an unknown name) make one word
        for tok in _tokens(run) + [""]:
            if len(tok) == 1:
                single += tok
                continue
            if single:
                words.append(_cap(single))
                single = ""
            if not tok:
                continue
            if tok in _EMBEDDED:
                words.append(_EMBEDDED[tok])
            elif tok in _INFIXES:
                words.append(_INFIXES[tok])
            else:
                words.append(_cap(tok))
    return words


@functools.lru_cache(maxsize=65536)
def _cap(zh: str) -> str:
    syl = toneless(zh)
    return syl[:1].upper() + syl[1:]


_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")


@functools.lru_cache(maxsize=1)
def _tables():
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    return phrases_dict, pinyin_dict


@functools.lru_cache(maxsize=65536)
def toneless(word: str) -> str:
    """Toneless pinyin of a word, syllables joined: the phrase reading when pypinyin's phrase table
    has the word (银行 → yinhang), else each character's first reading. Table lookups only, fast."""
    phrases, chars = _tables()
    reading = phrases.get(word)
    if reading is not None:
        return "".join(r[0] for r in reading).translate(_TONES)
    out = []
    for c in word:
        r = chars.get(ord(c))
        out.append(r.split(",", 1)[0].translate(_TONES) if r else c)
    return "".join(out)


# Surnames whose reading differs from the character's first reading.
_SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "查": "zha", "仇": "qiu", "朴": "piao",
                     "盖": "ge", "乐": "yue", "尉迟": "yuchi", "万俟": "moqi", "长孙": "zhangsun", "覃": "qin",
                     "缪": "miao", "燕": "yan", "任": "ren", "华": "hua", "翟": "zhai", "祭": "zhai", "员": "yun"}


def _tokens(run: str) -> list[str]:
    out: list[str] = []
    for part in _EMBEDDED_RE.split(run):
        if part in _EMBEDDED:
            out.append(part)
        elif part:
            out.extend(cut(part))
    return out


def _post(title: str) -> str:
    """村委会主任 → "Villagers' Committee Director"; 亚太区总裁 → "Asia-Pacific President"."""
    words: list[str] = []
    rest = title
    for zh, en in SUFFIXES:  # a body written with the title (党总支书记, 村委会主任)
        if rest.startswith(zh) and rest[len(zh):] in TITLES and ("委" in zh or "党" in zh or "政府" in zh):
            words.append(en)
            rest = rest[len(zh):]
            break
    for zh, en in REGIONS.items():
        m = re.match(zh + r"(?:区|地区|业务|事业部)?", rest)
        if m and rest[m.end():] in TITLES:
            words.append(en)
            rest = rest[m.end():]
            break
    if rest in TITLES:
        return " ".join(words + [TITLES[rest]])
    return " ".join(pinyin_words(title))


def _person(name: str) -> str:
    if "·" in name:  # 马库斯·韦伯: a transliterated foreign name, one word per part
        return " ".join(_cap(part) for part in name.split("·") if part)
    sur = name[:2] if name[:2] in vocab.COMPOUND_SURNAMES else name[:1]
    given = name[len(sur):]
    a = _SURNAME_READINGS.get(sur) or toneless(sur)
    b = toneless(given)
    return f"{a[:1].upper()}{a[1:]} {b[:1].upper()}{b[1:]}".strip()


@functools.lru_cache(maxsize=65536)
def english_label(name: str, cls: str) -> str:
    """An English label for a Chinese name of an entity of ontology class ``cls``."""
    if cls == "Person":
        return _person(name)
    if cls == "Post":
        return _post(name)
    name = name.replace("“", "").replace("”", "")
    if cls == "LandParcel":  # 浙江X有限公司98亩工业用地: the company's name, then the land
        if name in _WHOLE:
            return _WHOLE[name]
        k = max((name.rfind(zh) + len(zh) for zh, _ in SUFFIXES[9:18] if zh in name[:-1]), default=-1)
        if 0 < k < len(name):
            return english_label(name[:k], "Company") + " " + english_label(name[k:], "LandParcel")
        area = _MU_AREA.match(name)
        if area:
            mu = area.group(1) + ("0000" if area.group(2) and "." not in area.group(1) else "")
            if area.group(2) and "." in area.group(1):
                mu = str(round(float(area.group(1)) * 10000))
            return f"{mu} mu " + english_label(name[area.end():], "LandParcel")
    tail: list[str] = []
    rest = name
    while rest:
        for zh, en in _SUFFIXES_BY_LAST.get(rest[-1], ()):
            if rest.endswith(zh) and len(rest) - len(zh) >= 2:
                tail.insert(0, en)
                rest = rest[: -len(zh)]
                break
        else:
            break
        if cls not in ("PartyOrganization", "GovernmentBody", "IndustrialPark", "LandParcel") or len(tail) > 1:
            break
    words = pinyin_words(rest) + tail
    return _SPACES.sub(" ", " ".join(words)).strip()
