"""Synthetic solutions and demands of realistic Chinese length, for benchmarks only.

Sentences are assembled from a vocabulary of the plan's fields, so BM25 sees a realistic spread of
common and rare terms; nothing here is meant to be read by a person.
"""

from __future__ import annotations

import random

from backend.common import taxonomy
from matching import DemandDoc, SolutionDoc

FIELDS = [
    "第三代半导体",
    "通用人工智能",
    "量子科技",
    "未来网络",
    "前沿新材料",
    "合成生物",
    "氢能",
    "新型储能",
    "元宇宙",
    "区块链",
    "先进计算",
    "细胞与基因技术",
    "无人驾驶",
    "具身智能",
]
INDUSTRIES = [
    "制造",
    "医疗健康",
    "教育",
    "城市治理",
    "交通",
    "能源",
    "农业",
    "金融",
    "文旅",
    "环保",
]
CITIES = list(taxonomy.CITIES)
TECH = [
    "碳化硅功率模块",
    "氮化镓射频器件",
    "大模型质检助手",
    "量子密钥分发网关",
    "确定性网络交换机",
    "石墨烯导热膜",
    "细胞工厂发酵工艺",
    "电解水制氢装置",
    "液冷储能系统",
    "数字孪生平台",
    "隐私计算节点",
    "类脑计算芯片",
    "基因编辑递送载体",
    "车路协同路侧单元",
    "人形机器人灵巧手",
    "机器视觉检测站",
    "激光雷达感知套件",
    "钠离子电池包",
    "固态电解质膜",
    "边缘计算网关",
]
METHOD = [
    "多模态融合算法",
    "自监督预训练",
    "烧结银封装工艺",
    "模型预测控制",
    "联邦学习框架",
    "高通量筛选",
    "原位表征技术",
    "知识图谱推理",
    "强化学习调度",
    "声学与气体多传感",
    "微流控芯片",
    "区块链存证",
    "毫米波雷达点云",
    "低温等离子体处理",
    "光纤光栅传感",
]
EFFECT = [
    "检测准确率达到 99.2%",
    "能耗降低 18%",
    "良率提升 6 个百分点",
    "响应时间小于 50 毫秒",
    "寿命延长一倍",
    "运维成本下降三成",
    "误报率低于每年 1 次",
    "产能提高 25%",
    "碳排放减少 1.2 万吨",
    "诊断时间从 3 天缩短到 4 小时",
]
CUSTOMER = [
    "汽车零部件企业",
    "三甲医院",
    "储能电站",
    "化工园区",
    "港口码头",
    "中小学",
    "风电场",
    "轨道交通公司",
    "食品加工厂",
    "数据中心",
]


# a long tail of rarer words (materials, parts, places, models), Zipf-distributed like real text
_HAN = "晶硅钛锂钴镍铜铝锌锰钒铌镓铟锗硒碲磷硼氮氟氯溴碘氢氧碳纤膜胶漆釉陶瓷泵阀轴承齿轮电机传感光谱声波雷达芯片模组线缆管道锅炉塔罐窑炉舱桥隧港站厂库园"


def _tail_words(size: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(_HAN) for _ in range(rng.randint(2, 3))) + rng.choice("型式级")
        for _ in range(size)
    ]


TAIL = _tail_words(60_000)


def _tail(rng: random.Random) -> str:
    # rank r is drawn with probability ∝ 1/r (Zipf), so most sentences share common words
    # and every document still carries a few rare ones
    rank = int(len(TAIL) ** rng.random())
    return TAIL[min(rank, len(TAIL) - 1)]


def _sentence(rng: random.Random) -> str:
    return (
        f"{_tail(rng)}与{_tail(rng)}等部件中，"
        + f"{rng.choice(TECH)}采用{rng.choice(METHOD)}，面向{rng.choice(INDUSTRIES)}场景，"
        f"{rng.choice(EFFECT)}，已在{rng.choice(CITIES)}{rng.randint(2, 40)}家"
        f"{rng.choice(CUSTOMER)}部署。"
    )


def solutions(n: int, seed: int = 1, first_id: int = 0) -> list[SolutionDoc]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        tech = rng.choice(TECH)
        body = "".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        out.append(
            SolutionDoc(
                id=f"S{first_id + i}",
                title=f"{tech}解决方案（{rng.choice(METHOD)}）",
                description=body,
                fields=tuple(rng.sample(FIELDS, rng.randint(1, 2))),
                industries=tuple(rng.sample(INDUSTRIES, rng.randint(1, 3))),
                trl=rng.randint(3, 9),
                regions_served=("江苏省",) if rng.random() < 0.6 else tuple(rng.sample(CITIES, 3)),
                price_min_wan=float(rng.randint(20, 300)),
                price_max_wan=float(rng.randint(300, 1500)),
                keywords=tuple(rng.sample(TECH + METHOD, 4)),
            )
        )
    return out


def demands(n: int, seed: int = 2) -> list[DemandDoc]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = "".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        out.append(
            DemandDoc(
                id=f"D{i}",
                title=f"{rng.choice(CUSTOMER)}{rng.choice(TECH)}应用需求",
                description="我们希望解决：" + body,
                field=rng.choice(FIELDS),
                industry=rng.choice(INDUSTRIES),
                region=rng.choice(CITIES),
                budget_min_wan=float(rng.randint(50, 200)),
                budget_max_wan=float(rng.randint(200, 800)),
                trl_required=rng.randint(4, 8),
                keywords=tuple(rng.sample(TECH + METHOD, 4)),
            )
        )
    return out
