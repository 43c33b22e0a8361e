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

# English names of every vocabulary value (the stored value stays the Chinese one)
ENGLISH: dict[str, str] = {
    # fields
    "第三代半导体": "Third-generation semiconductors",
    "通用人工智能": "General-purpose AI",
    "量子科技": "Quantum technology",
    "未来网络": "Future networks",
    "前沿新材料": "Frontier materials",
    "合成生物": "Synthetic biology",
    "氢能": "Hydrogen energy",
    "新型储能": "New-type energy storage",
    "新能源": "New energy",
    "元宇宙": "Metaverse",
    "区块链": "Blockchain",
    "先进计算": "Advanced computing",
    "细胞与基因技术": "Cell and gene technology",
    "无人驾驶": "Autonomous driving",
    "具身智能": "Embodied AI",
    "智能工厂": "Smart factories",
    "工业视觉检测": "Industrial machine vision",
    "物联网": "Internet of Things",
    "未来医院": "Future hospitals",
    "未来城市": "Future cities",
    # industries
    "制造": "Manufacturing",
    "装备制造": "Equipment manufacturing",
    "汽车制造": "Automotive manufacturing",
    "医疗健康": "Healthcare",
    "生物医药": "Biomedicine",
    "教育": "Education",
    "城市治理": "Urban governance",
    "交通": "Transport",
    "能源": "Energy",
    "能源电力": "Power and energy",
    "农业": "Agriculture",
    "金融": "Finance",
    "文旅": "Culture and tourism",
    "环保": "Environmental protection",
    "物流": "Logistics",
    "化工": "Chemicals",
    "电子信息": "Electronics and IT",
    # the province, its cities and parks
    "江苏省": "Jiangsu Province",
    "南京市": "Nanjing",
    "无锡市": "Wuxi",
    "徐州市": "Xuzhou",
    "常州市": "Changzhou",
    "苏州市": "Suzhou",
    "南通市": "Nantong",
    "连云港市": "Lianyungang",
    "淮安市": "Huai'an",
    "盐城市": "Yancheng",
    "扬州市": "Yangzhou",
    "镇江市": "Zhenjiang",
    "泰州市": "Taizhou",
    "宿迁市": "Suqian",
    "南京高新区": "Nanjing High-tech Zone",
    "江宁高新园": "Jiangning High-tech Park",
    "南京江北新区": "Nanjing Jiangbei New Area",
    "苏州工业园区": "Suzhou Industrial Park",
    "苏州高新区": "Suzhou High-tech Zone",
    "无锡高新区": "Wuxi High-tech Zone",
    "常州高新区": "Changzhou High-tech Zone",
    "徐州高新区": "Xuzhou High-tech Zone",
    "南通高新区": "Nantong High-tech Zone",
    "新港高新园": "Xingang High-tech Park",
    "扬州高新区": "Yangzhou High-tech Zone",
    "镇江高新区": "Zhenjiang High-tech Zone",
    "泰州医药高新区": "Taizhou Medical High-tech Zone",
    "盐城高新区": "Yancheng High-tech Zone",
    "连云港高新区": "Lianyungang High-tech Zone",
    "淮安高新区": "Huai'an High-tech Zone",
    "宿迁高新区": "Suqian High-tech Zone",
    "昆山高新区": "Kunshan High-tech Zone",
    "江阴高新区": "Jiangyin High-tech Zone",
    "武进高新区": "Wujin High-tech Zone",
    # tiers and cooperation modes
    "早期验证": "Early validation",
    "融合应用": "Integrated application",
    "典型示范": "Flagship demonstration",
    "城市级": "City level",
    "区域级": "Regional level",
    "委托开发": "Commissioned development",
    "联合研发": "Joint R&D",
    "技术转让": "Technology transfer",
    "技术服务": "Technical services",
    "技术许可": "Licensing",
    "其他": "Other",
}


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
