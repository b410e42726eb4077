"""Words the synthetic history is made of: names, titles, courts, reasons; pure."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate

from petitiondesk.cases.identity import check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰德福"
AREAS = ["东城区", "西城区", "南湖区", "北山区", "高新区", "经开区"]
# district codes of the ID numbers the demo issues (one per area, same order)
AREA_CODES = ["330102", "330105", "330106", "330108", "330109", "330110"]
ROADS = ["解放路", "建设路", "人民路", "和平街", "新华路", "湖滨路", "花园街", "工农路",
         "胜利路", "文化路", "站前路", "滨江路"]

TITLES = {
    "compensation": ["关于{area}{road}地块房屋征收补偿标准的异议",
                     "{area}{road}地块征收评估价格偏低", "要求补发{area}{road}征收奖励款"],
    "resettlement": ["{area}{road}安置房交付延期问题", "要求支付{area}过渡费",
                     "{area}回迁安置房屋质量问题"],
    "land_reserve": ["{area}{road}地块土地收储程序异议", "{area}{road}收储地块边界争议"],
    "land_management": ["{area}{road}储备地围挡破损影响出行", "{area}{road}储备地堆放垃圾",
                        "{area}{road}储备地被违规占用"],
    "funding": ["{area}征收补偿款拨付延迟", "{area}{road}项目资金拨付进度"],
    "administrative_act": ["{area}{road}征收决定合法性争议", "对{area}房屋征收决定不服"],
    "labour": ["{area}{road}拆迁项目拖欠工资"],
    "other": ["咨询{area}征收政策", "反映{area}{road}拆迁施工噪音扰民"],
}
CATEGORY_WEIGHTS = {"compensation": 30, "resettlement": 20, "land_reserve": 10,
                    "land_management": 12, "funding": 6, "administrative_act": 8,
                    "labour": 4, "other": 10}
DESCRIPTIONS = ["要求提高补偿标准", "要求尽快交付安置房", "要求说明收储依据", "要求清理整治",
                "要求按协议支付款项", "要求撤销征收决定", "要求支付拖欠款项", "咨询相关政策"]

CHANNEL_WEIGHTS = {
    "petition": {"letter": 30, "visit": 25, "online": 25, "phone": 12, "email": 8},
    "mediation": {"visit": 60, "referral": 40},
    "arbitration": {"referral": 100},
    "reconsideration": {"referral": 70, "letter": 30},
    "litigation": {"court": 100},
}
REPLY_TEXTS = {"supported": "经核查，诉求合理，已责成相关科室办理",
               "partly_supported": "经核查，部分诉求予以支持，其余不予支持并说明理由",
               "not_supported": "经核查，诉求于法无据，不予支持",
               "explained": "已向信访人解释政策依据"}
COURTS_FIRST = ["南湖区人民法院", "东城区人民法院", "铁路运输法院"]
COURT_SECOND = "市中级人民法院"
HEARING_PLACES = ["第一法庭", "第二法庭", "第五法庭", "行政审判庭"]


_CUMULATIVE: dict[int, tuple] = {}  # id(weights) -> (weights, keys, cumulative weights)


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    """Return a key of `weights` chosen in proportion to its weight.

    The same draw as rng.choices(keys, weights), with the running sums computed once
    per weights table. The tables must be constants (module-level): the entry keeps
    its table alive, so an id is never mistaken for another's.
    """
    known = _CUMULATIVE.get(id(weights))
    if known is None or known[0] is not weights:
        known = _CUMULATIVE[id(weights)] = (weights, list(weights),
                                            list(accumulate(weights.values())))
    return rng.choices(known[1], cum_weights=known[2])[0]


def title(rng: random.Random, category: str, area: str) -> str:
    """Return a realistic case title for a category and area."""
    return rng.choice(TITLES[category]).format(area=area, road=rng.choice(ROADS))


def name(rng: random.Random) -> str:
    """Return a Chinese personal name."""
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


_BIRTH_DAYS = 50 * 365 + 12  # 1950-01-01 .. 1999-12-31
_ID_SPACE = _BIRTH_DAYS * 1000


def id_number(index: int, salt: int) -> str:
    """Return a valid ID number, distinct for every `index` below 18 million.

    `index * 7919 + salt` modulo the space of (birth day, sequence) pairs is a
    permutation (7919 is prime to the space's size), so numbers never collide while
    still looking scattered.
    """
    k = (index * 7919 + salt) % _ID_SPACE
    born = date(1950, 1, 1) + timedelta(days=k % _BIRTH_DAYS)
    first17 = f"{AREA_CODES[index % len(AREA_CODES)]}{born:%Y%m%d}{k // _BIRTH_DAYS:03d}"
    return first17 + check_digit(first17)


def court_case_number(rng: random.Random, year: int, court: str, instance: str) -> str:
    """Return a court case number such as (2026)浙0102行初123号."""
    code = "浙01" if court == COURT_SECOND else "浙0102"
    kind = {"first": "行初", "second": "行终"}.get(instance, "行再")
    return f"({year}){code}{kind}{rng.randrange(1, 2000)}号"
