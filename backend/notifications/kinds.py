"""Every kind of notification: its titles and texts in both languages, its default e-mail
preference, and where its object is on the web pages. Texts are rendered when read, so one
stored notification reads in Chinese or in English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

IMMEDIATE, DIGEST, NEVER = "immediate", "digest", "never"
EMAIL_CHOICES = (IMMEDIATE, DIGEST, NEVER)


@dataclass(frozen=True)
class KindSpec:
    kind: str
    title_zh: str
    title_en: str
    body_zh: str  # str.format templates over the notification's params
    body_en: str
    default_email: str = IMMEDIATE


_SPECS = (
    KindSpec(
        "demand_published",
        "需求已发布",
        "Demand published",
        "您的需求「{demand_title}」已通过形式审核并发布。",
        "Your demand “{demand_title}” passed the pre-check and is published.",
    ),
    KindSpec(
        "demand_returned",
        "需求被退回",
        "Demand returned",
        "您的需求「{demand_title}」被退回修改。",
        "Your demand “{demand_title}” was returned for changes.",
    ),
    KindSpec(
        "demand_fits",
        "新需求与您的方案匹配",
        "A new demand fits your solution",
        "新发布的需求「{demand_title}」与您的方案「{solution_title}」匹配（匹配度 {score_pct}%）。",
        "The newly published demand “{demand_title}” fits your solution “{solution_title}” "
        "(score {score_pct}%).",
        DIGEST,
    ),
    KindSpec(
        "candidate_found",
        "需求有新的匹配候选",
        "New candidate for your demand",
        "您的需求「{demand_title}」有新的匹配候选：{provider_name}的「{solution_title}」"
        "（匹配度 {score_pct}%）。",
        "Your demand “{demand_title}” has a new candidate: “{solution_title}” by "
        "{provider_name} (score {score_pct}%).",
        DIGEST,
    ),
    KindSpec(
        "proposal_received",
        "收到新的揭榜方案",
        "New proposal on your demand",
        "{provider_name}对您的需求「{demand_title}」提交了揭榜方案。",
        "{provider_name} sent a proposal for your demand “{demand_title}”.",
    ),
    KindSpec(
        "match_engaged",
        "对方已确认对接",
        "The other side engaged",
        "{other_name}已确认与您就「{demand_title}」对接。",
        "{other_name} engaged with you on “{demand_title}”.",
    ),
    KindSpec(
        "match_declined",
        "对方已谢绝对接",
        "The other side declined",
        "{other_name}谢绝了就「{demand_title}」的对接。",
        "{other_name} declined the pairing on “{demand_title}”.",
    ),
    KindSpec(
        "application_passed",
        "初审通过",
        "Passed the preliminary review",
        "「{demand_title}」的示范申报已通过初审。",
        "The application for “{demand_title}” passed the preliminary review.",
    ),
    KindSpec(
        "application_failed",
        "初审未通过",
        "Failed the preliminary review",
        "「{demand_title}」的示范申报未通过初审。",
        "The application for “{demand_title}” did not pass the preliminary review.",
    ),
    KindSpec(
        "application_sent_to_experts",
        "已送专家评审",
        "Sent to expert review",
        "「{demand_title}」的示范申报已送专家评审。",
        "The application for “{demand_title}” was sent to expert review.",
    ),
    KindSpec(
        "expert_assigned",
        "新的评审任务",
        "New review assignment",
        "您被分配评审「{demand_title}」的示范申报，请按评分表评分或声明回避。",
        "You are assigned to review the application for “{demand_title}”: score it or "
        "declare a conflict.",
    ),
    KindSpec(
        "notice_opened",
        "公示已开始",
        "Public notice opened",
        "「{demand_title}」的示范申报进入公示，为期 {days} 天。",
        "The application for “{demand_title}” is on public notice for {days} days.",
    ),
    KindSpec(
        "objection_lodged",
        "公示收到异议",
        "An objection was lodged",
        "「{demand_title}」的公示收到一条异议，待主管部门处理。",
        "An objection was lodged against the notice for “{demand_title}”.",
    ),
    KindSpec(
        "objection_resolved",
        "异议已处理",
        "Objection resolved",
        "关于「{demand_title}」公示的异议已处理：{outcome_zh}。",
        "The objection to the notice for “{demand_title}” was resolved: {outcome_en}.",
    ),
    KindSpec(
        "application_designated",
        "已认定为示范应用场景",
        "Designated a demonstration scenario",
        "「{demand_title}」已被认定为示范应用场景。",
        "“{demand_title}” was designated a demonstration application scenario.",
    ),
    KindSpec(
        "application_rejected",
        "申报未获认定",
        "Application rejected",
        "「{demand_title}」的示范申报未获认定。",
        "The application for “{demand_title}” was rejected.",
    ),
    KindSpec(
        "scenario_advanced",
        "应用场景已升级",
        "Scenario advanced",
        "应用场景「{scenario_title}」已升级为「{stage_zh}」。",
        "The scenario “{scenario_title}” advanced to {stage_en}.",
    ),
    KindSpec(
        "membership_requested",
        "新成员申请加入机构",
        "Membership request",
        "{member_name}（{member_email}）申请加入{organization_name}，请审核。",
        "{member_name} ({member_email}) asks to join {organization_name}.",
    ),
    KindSpec(
        "membership_approved",
        "机构成员资格已通过",
        "Membership approved",
        "您加入{organization_name}的申请已通过，现在可以代表本机构操作。",
        "Your membership of {organization_name} was approved.",
    ),
)
KINDS: dict[str, KindSpec] = {s.kind: s for s in _SPECS}

STAGES = {
    "piloting": ("试点建设", "piloting"),
    "demonstration": ("示范", "demonstration"),
    "replicable": ("可复制推广", "replicable"),
}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _params(params: Mapping[str, Any]) -> _Blank:
    out = _Blank(params)
    score = params.get("score")
    if isinstance(score, int | float):
        out["score_pct"] = round(score * 100)
    stage = STAGES.get(str(params.get("stage", "")))
    if stage:
        out["stage_zh"], out["stage_en"] = stage
    if "upheld" in params:
        out["outcome_zh"] = "异议成立" if params["upheld"] else "异议不成立"
        out["outcome_en"] = "upheld" if params["upheld"] else "dismissed"
    return out


def title(kind: str, lang: str) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        return kind
    return spec.title_en if lang == "en" else spec.title_zh


def body(kind: str, params: Mapping[str, Any], lang: str) -> str:
    """The notification's text; a reason, a resolution or the matcher's explanation follows."""
    spec = KINDS.get(kind)
    if spec is None:
        return ""
    p = _params(params)
    en = lang == "en"
    text = (spec.body_en if en else spec.body_zh).format_map(p)
    if p.get("reason"):
        text += f" Reason: {p['reason']}" if en else f"理由：{p['reason']}"
    if p.get("resolution"):
        text += f" Resolution: {p['resolution']}" if en else f"处理意见：{p['resolution']}"
    if p.get("complete"):
        text += (
            " Both sides have now confirmed; you may apply for demonstration."
            if en
            else "双方均已确认，可申报示范。"
        )
    explanation = p.get("explanation_en") if en else p.get("explanation")
    if explanation:
        text += f" Why it fits: {explanation}" if en else f"匹配说明：{explanation}"
    return text


def link(object_type: str, object_id: int, params: Mapping[str, Any]) -> str:
    """The web page of the notification's object."""
    if object_type == "demand":
        return f"/workspace/demands/{object_id}"
    if object_type == "match":
        return f"/workspace/matches/{object_id}"
    if object_type == "proposal":
        return f"/workspace/demands/{params.get('demand_id', '')}"
    if object_type == "application":
        return f"/workspace/applications/{object_id}"
    if object_type == "notice":
        return "/notices"
    if object_type == "scenario":
        return f"/scenarios/{object_id}"
    if object_type == "organization":
        return "/workspace/organization"
    return "/"
