"""What the simulated users send: credit codes, request bodies, search terms, the user mix.

Plain data and pure functions, shared by the locustfile and the runner; nothing here imports
the platform, so the instrument measures the server without depending on its code.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# GB 32100-2015, as in backend/organizations/uscc.py (reimplemented on purpose, see above)
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

PASSWORD = "Load#Test2026"

# terms that occur in the demo demands, so search does real work (and one that matches nothing)
SEARCH_TERMS = (
    "储能",
    "氢燃料电池",
    "碳化硅",
    "大模型",
    "海上风电",
    "数字孪生",
    "机器人",
    "量子",
    "区块链",
    "合成生物",
    "智能制造 视觉检测",
    "不存在的词汇",
)

READER_GROUPS = ("health", "public list", "public search", "public detail", "public dashboard")
READER_SHARE = 0.85


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def make_uscc(n: int, region_code: str = "320500") -> str:
    """A valid code no demo organization has: the organization code starts with L."""
    body = f"91{region_code}L{n:08d}"
    return body + uscc_check_character(body)


_identities = itertools.count(1)


@dataclass(frozen=True)
class Identity:
    n: int
    email: str
    org_name: str
    uscc: str


def new_identity(role: str, run_tag: str) -> Identity:
    """A fresh person founding a fresh organization (so they may publish or propose at once)."""
    n = next(_identities)
    label = "需求方" if role == "publisher" else "供给方"
    return Identity(
        n=n,
        email=f"load-{run_tag}-{role}-{n}@load.example.cn",
        org_name=f"压测{label}科技有限公司{run_tag}-{n}",
        uscc=make_uscc(n),
    )


def register_body(identity: Identity, role: str) -> dict[str, Any]:
    return {
        "email": identity.email,
        "password": PASSWORD,
        "display_name": f"压测用户{identity.n}",
        "organization": {
            "name": identity.org_name,
            "uscc": identity.uscc,
            "kind": "企业",
            "region": "苏州市",
        },
        "roles": [role],
    }


def demand_body(n: int) -> dict[str, Any]:
    return {
        "title": f"工商业储能电站电池热失控早期预警（压测 {n}）",
        "description": "园区内 20 余座储能电站采用磷酸铁锂电池，现有 BMS 只监测电压与温度，"
        "希望在热失控前 30 分钟给出预警，误报率每站每年低于 1 次，数据接入集中运维平台。",
        "field": "新型储能",
        "industry": "能源",
        "region": "苏州市",
        "scenario_tier": "融合应用",
        "budget_min_wan": 80,
        "budget_max_wan": 250,
        "trl_required": 6,
        "cooperation_mode": "委托开发",
        "keywords": ["储能", "热失控", "预警"],
        "deadline": (date.today() + timedelta(days=90)).isoformat(),
    }


def solution_body(n: int) -> dict[str, Any]:
    return {
        "title": f"基于气体与声学多传感的电池安全监测系统（压测 {n}）",
        "description": "在电池簇内加装氢气、一氧化碳与声发射传感器，结合电化学模型在热失控前"
        "40 分钟识别异常产气，已在 12 座储能站运行，误报率低于每年 0.5 次。",
        "fields": ["新型储能"],
        "industries": ["能源"],
        "trl": 7,
        "regions_served": ["江苏省"],
        "price_min_wan": 60,
        "price_max_wan": 200,
        "keywords": ["气体探测", "电池安全"],
        "ip_summary": "发明专利 5 项",
        "references": "无锡某储能电站",
    }


def proposal_body(solution_id: int) -> dict[str, Any]:
    return {
        "solution_id": solution_id,
        "summary": "采用多传感融合方案，在热失控前 40 分钟预警，三个月内完成首站部署。",
        "price_wan": 120,
        "timeline_months": 6,
    }


@dataclass(frozen=True)
class UserMix:
    """How many simulated users of each kind; every reader group gets the same number.

    Equal reader counts make the groups' requests/s comparable: in a closed loop a group's
    throughput is its users divided by its latency, so list/health is the cost ratio.
    """

    per_reader_group: int
    publishers: int
    providers: int

    @property
    def readers(self) -> int:
        return self.per_reader_group * len(READER_GROUPS)

    @property
    def total(self) -> int:
        return self.readers + self.publishers + self.providers


def user_mix(users: int) -> UserMix:
    groups = len(READER_GROUPS)
    if users < groups + 2:
        raise ValueError(f"at least {groups + 2} users: one per reader group and two writers")
    per_group = max(1, int(users * READER_SHARE) // groups)
    writers = users - per_group * groups
    return UserMix(per_group, publishers=(writers + 1) // 2, providers=writers // 2)
