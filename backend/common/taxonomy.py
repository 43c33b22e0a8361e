"""The plan's vocabularies. Field, industry and region are open (suggestions); tier and mode are closed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, or_
from sqlalchemy.orm import InstrumentedAttribute

FIELDS = (
    "第三代半导体",
    "通用人工智能",
    "量子科技",
    "未来网络",
    "前沿新材料",
    "合成生物",
    "氢能",
    "新型储能",
    "新能源",
    "元宇宙",
    "区块链",
    "先进计算",
    "细胞与基因技术",
    "无人驾驶",
    "具身智能",
    "智能工厂",
    "工业视觉检测",
    "物联网",
    "未来医院",
    "未来城市",
)

INDUSTRIES = (
    "制造",
    "装备制造",
    "汽车制造",
    "医疗健康",
    "生物医药",
    "教育",
    "城市治理",
    "交通",
    "能源",
    "能源电力",
    "农业",
    "金融",
    "文旅",
    "环保",
    "物流",
    "化工",
    "电子信息",
)

CITIES = (
    "南京市",
    "无锡市",
    "徐州市",
    "常州市",
    "苏州市",
    "南通市",
    "连云港市",
    "淮安市",
    "盐城市",
    "扬州市",
    "镇江市",
    "泰州市",
    "宿迁市",
)

# 高新区 and parks named in the plan, with the city each lies in
PARKS = {
    "南京高新区": "南京市",
    "江宁高新园": "南京市",
    "南京江北新区": "南京市",
    "苏州工业园区": "苏州市",
    "苏州高新区": "苏州市",
    "无锡高新区": "无锡市",
    "常州高新区": "常州市",
    "徐州高新区": "徐州市",
    "南通高新区": "南通市",
    "新港高新园": "南京市",
    "扬州高新区": "扬州市",
    "镇江高新区": "镇江市",
    "泰州医药高新区": "泰州市",
    "盐城高新区": "盐城市",
    "连云港高新区": "连云港市",
    "淮安高新区": "淮安市",
    "宿迁高新区": "宿迁市",
    "昆山高新区": "苏州市",
    "江阴高新区": "无锡市",
    "武进高新区": "常州市",
}

REGIONS = (*CITIES, *PARKS)
PROVINCE = "江苏省"


class ScenarioTier(StrEnum):
    EARLY = "早期验证"
    INTEGRATED = "融合应用"
    SHOWCASE = "典型示范"
    CITY = "城市级"
    REGIONAL = "区域级"


class CooperationMode(StrEnum):
    COMMISSIONED = "委托开发"
    JOINT = "联合研发"
    TRANSFER = "技术转让"
    SERVICE = "技术服务"
    LICENSING = "技术许可"
    OTHER = "其他"


def city_of(region: str | None) -> str:
    """The 设区市 a region lies in ('常州' → 常州市, '苏州工业园区' → 苏州市), or the region itself."""
    if not region:
        return "未填写"
    region = region.strip()
    if region in PARKS:
        return PARKS[region]
    for city in CITIES:
        short = city.removesuffix("市")
        if region.startswith(short):
            return city
    return region


@dataclass(frozen=True)
class Named:
    """The fields, industries and cities a typed query names (`氢能`, `交通`, `苏州`) or begins
    (`氢` → 氢能); `part` is the query itself from two characters on, for values that contain
    it (`港口` → 港口物流, as imported records may name their industry)."""

    fields: tuple[str, ...]
    industries: tuple[str, ...]
    cities: tuple[str, ...]
    part: str | None


def named_in(text: str) -> Named:
    text = text.strip()

    def named(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v for v in values if text and (v in text or v.startswith(text)))

    cities = tuple(c for c in CITIES if text and c.removesuffix("市") in text)
    return Named(named(FIELDS), named(INDUSTRIES), cities, text if len(text) >= 2 else None)


def in_city(column: InstrumentedAttribute[str], region: str) -> ColumnElement[bool]:
    """SQL for `city_of(column) == city_of(region)`: the city, its parks, and its short name."""
    city = city_of(region)
    parks = [park for park, of in PARKS.items() if of == city]
    short = city.removesuffix("市")
    return or_(column == city, column.in_(parks), column.like(f"{short}%"))
