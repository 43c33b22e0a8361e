"""The whole journey through the web pages: demand → publication → proposal → engagement →
application → 初审 → 专家评审 → 公示 → 认定 → the public catalogue and dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.e2e.conftest import ARTIFACTS, PASSWORD, Actor, Server

pytestmark = pytest.mark.e2e

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
OK = re.compile(r"^确\s*定$")


def uscc(body17: str) -> str:
    """A 统一社会信用代码 with its GB 32100 check character."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return body17 + USCC_CHARSET[(31 - total % 31) % 31]


def minimal_pdf() -> bytes:
    """A one-page PDF 1.4 with a correct cross-reference table, made here rather than stored."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def shot(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def choose(page: Page, label: str, option: str, *, scope: str = "") -> None:
    """Pick a value in an antd Select, the way a person does: open, type, click the option."""
    field = (
        page.locator(scope).get_by_label(label, exact=True)
        if scope
        else page.get_by_label(label, exact=True)
    )
    field.click()
    page.keyboard.type(option)
    page.locator(
        f'.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="{option}"]'
    ).click()
    # the closing list still covers the fields below it until its animation ends
    expect(page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)")).to_have_count(0)


def login(actor: Actor, email: str) -> None:
    page = actor.page
    page.goto("/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^登\s*录$")).click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def register(
    actor: Actor, *, email: str, person: str, org: str, code: str, region: str, role: str
) -> None:
    page = actor.page
    page.goto("/register")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("联系人姓名").fill(person)
    page.get_by_label("单位名称").fill(org)
    page.get_by_label("统一社会信用代码").fill(code)
    choose(page, "所在地区", region)
    publisher = page.get_by_label("出题（发布场景需求）")
    provider = page.get_by_label("答题（提供解决方案）")
    if role == "provider":
        publisher.uncheck()
        provider.check()
    page.get_by_role("button", name=re.compile(r"^注\s*册$")).click()
    expect(page).to_have_url(re.compile(f"/workspace/{role}"))


def open_bell(page: Page) -> None:
    """The header's bell, named with the unread count (「通知，3 条未读」), opened on its latest few."""
    page.get_by_role("button", name=re.compile(r"^通知，\d+ 条未读$")).click()


def confirm_popover(page: Page) -> None:
    page.locator(".ant-popover:not(.ant-popover-hidden)").get_by_role("button", name=OK).click()


def join_as_colleague(admin: Actor, colleague: Actor, *, org: str, title: str) -> None:
    """Someone registers into an organization that is already on the platform: a pending member
    who sees none of its objects until the organization's administrator (its first registrant)
    approves them on the 机构与成员 page."""
    page = colleague.page
    page.goto("/register")
    page.get_by_label("电子邮箱").fill("colleague@e2e.cn")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("联系人姓名").fill("王工")
    page.get_by_label("单位名称").fill(org)
    page.get_by_label("统一社会信用代码").fill(uscc("91320500MA1XYP001"))
    choose(page, "所在地区", "苏州市")
    page.get_by_role("button", name=re.compile(r"^注\s*册$")).click()
    expect(page.get_by_role("heading", name="已提交加入申请")).to_be_visible()
    expect(page.get_by_text("加入申请已发送给该机构的管理员")).to_be_visible()
    page.get_by_role("link", name="进入工作台").click()
    expect(page).to_have_url(re.compile("/workspace/publisher"))
    notice = page.get_by_test_id("membership-notice")
    expect(notice).to_contain_text("您的机构成员申请待管理员审核，审核通过后即可发布需求或方案")
    expect(page.get_by_role("link", name="发布新需求")).to_have_count(0)
    expect(page.get_by_role("link", name=title)).to_have_count(0)
    shot(page, "03a-member-pending")

    page = admin.page
    page.get_by_role("navigation").get_by_role("link", name="机构与成员").click()
    expect(page).to_have_url(re.compile("/workspace/organization$"))
    expect(page.get_by_test_id("todo-members_to_approve")).to_contain_text("1 项")
    row = page.get_by_role("row", name=re.compile("王工"))
    expect(row.get_by_text("待审核")).to_be_visible()
    shot(page, "03b-organization-members")
    row.get_by_role("button", name="通过 王工").click()
    expect(row.get_by_text("已加入")).to_be_visible()
    expect(row.get_by_role("button", name="通过 王工")).to_have_count(0)

    page = colleague.page
    page.reload()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_role("link", name="发布新需求")).to_be_visible()
    expect(page.get_by_test_id("membership-notice")).to_have_count(0)
    open_bell(page)
    expect(page.get_by_role("menuitem", name=re.compile("机构成员资格已通过"))).to_be_visible()
    page.keyboard.press("Escape")


def test_a_demand_becomes_a_designated_demonstration_scenario(
    server: Server, actors: Callable[..., Actor]
) -> None:
    title = "汽车零部件表面缺陷智能视觉检测"
    publisher_org = "苏州精密部件制造有限公司"
    provider_org = "南京智视科技有限公司"

    # — the public home page, before anything happened
    visitor = actors("visitor")
    visitor.page.goto("/")
    expect(visitor.page.get_by_role("heading", name="“5个100”场景建设进展")).to_be_visible()
    expect(visitor.page.get_by_test_id("notification-bell")).to_have_count(0)
    shot(visitor.page, "01-home-empty")

    # — a publisher signs up, writes a demand and submits it
    publisher = actors("publisher")
    register(
        publisher,
        email="pub@e2e.cn",
        person="张工",
        org=publisher_org,
        code=uscc("91320500MA1XYP001"),
        region="苏州市",
        role="publisher",
    )
    page = publisher.page
    page.get_by_role("link", name="发布新需求").click()
    page.get_by_label("需求名称").fill(title)
    page.get_by_label(re.compile("^需求描述")).fill(
        "冲压与压铸零部件表面划伤、气孔、裂纹依赖人工目检，漏检率约千分之五。希望引入机器视觉与深度学习，"
        "在线检测节拍不超过 2 秒/件，漏检率低于千分之一，可与现有 MES 对接。"
    )
    choose(page, "所属领域", "通用人工智能")
    choose(page, "应用行业", "制造")
    choose(page, "所在地区", "苏州市")
    page.get_by_label("预算下限（万元）").fill("100")
    page.get_by_label("预算上限（万元）").fill("300")
    page.get_by_label("要求技术成熟度（TRL）").fill("6")
    keywords = page.get_by_label("关键词", exact=True)
    keywords.click()
    for word in ("缺陷检测", "机器视觉"):
        page.keyboard.type(word)
        page.keyboard.press("Enter")
    shot(page, "02-demand-form")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page).to_have_url(re.compile(r"/workspace/demands/\d+$"))
    demand_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator('[data-status="submitted"]').first).to_be_visible()
    shot(page, "03-demand-submitted")

    # — an official pre-checks and publishes it
    official = actors("official")
    login(official, server.official)
    page = official.page
    expect(page).to_have_url(re.compile("/workspace/official"))
    todo = page.get_by_test_id("todo-precheck")
    expect(todo).to_contain_text("待形式审核的需求")
    expect(todo).to_contain_text("1 项")
    todo.get_by_role("link", name=title).click()
    # the router keeps the old page on screen until the new one has loaded, and the 形式审核 list
    # offers the same button: act only once the demand's own page is there
    expect(page).to_have_url(re.compile(f"/workspace/demands/{demand_id}$"))
    expect(page.get_by_role("heading", name=re.compile(title))).to_be_visible()
    page.get_by_role("button", name="审核通过并发布").click()
    confirm_popover(page)
    expect(page.locator('[data-status="published"]').first).to_be_visible()

    # — a colleague registers with the publisher's credit code: they wait for its administrator
    colleague = actors("colleague")
    join_as_colleague(publisher, colleague, org=publisher_org, title=title)

    # — a provider signs up, finds the demand by searching, and answers it
    provider = actors("provider")
    register(
        provider,
        email="pro@e2e.cn",
        person="李博士",
        org=provider_org,
        code=uscc("91320100MA2ABC002"),
        region="南京市",
        role="provider",
    )
    page = provider.page
    page.get_by_role("link", name="新增解决方案").click()
    page.get_by_label("方案名称").fill("小样本工业视觉缺陷检测平台")
    page.get_by_label(re.compile("^方案简介")).fill(
        "基于小样本深度学习的表面缺陷检测，支持划伤、气孔、裂纹，已在三家汽车零部件企业产线部署。"
    )
    page.get_by_label("技术成熟度（TRL）").fill("7")
    page.get_by_label("公开（技术供给清单）").check()
    page.get_by_role("button", name=re.compile(r"^保\s*存$")).click()
    expect(page.get_by_role("cell", name="小样本工业视觉缺陷检测平台")).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile("小样本工业视觉")).get_by_text(
            "公开（技术供给清单）"
        )
    ).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="场景需求").click()
    page.get_by_role("searchbox").fill("缺陷检测")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=%E7%BC%BA"))
    result = page.get_by_role("link", name=title)
    for _ in range(20):  # the search index catches up with a publication in the background
        try:
            expect(result).to_be_visible(timeout=1_500)
            break
        except AssertionError:
            page.get_by_role("button", name=re.compile(r"^搜\s*索$")).click()
    expect(result).to_be_visible()
    shot(page, "04-demand-search")
    # the words found in a title are marked
    page.get_by_role("searchbox").fill("视觉检测")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=%E8%A7%86"))
    expect(result.locator("mark").first).to_have_text("视觉检测")
    # an English query finds the Chinese demand through the glossary (缺陷检测 | defect detection)
    page.get_by_role("searchbox").fill("defect detection")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=defect"))
    expect(result).to_be_visible()
    result.click()
    expect(page).to_have_url(re.compile(f"/demands/{demand_id}$"))
    shot(page, "05-demand-public")
    page.get_by_role("button", name="揭榜应答").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("使用的解决方案（可选）").click()
    page.locator(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="小样本工业视觉缺陷检测平台"]'
    ).click()
    dialog.get_by_label("应答方案摘要").fill(
        "部署 2 套在线视觉检测工位，8 周完成样本采集与模型训练，12 周上线，漏检率承诺低于千分之一。"
    )
    dialog.get_by_label("报价（万元）").fill("220")
    dialog.get_by_label("实施周期（月）").fill("6")
    dialog.get_by_role("button", name=re.compile(r"^提\s*交$")).click()
    expect(page.get_by_text("揭榜方案已提交")).to_be_visible()

    # — the provider attaches its technical plan to the proposal (a program is refused at the field)
    pdf = minimal_pdf()
    page.goto("/workspace/provider?tab=proposals")
    attachments = page.locator('[data-testid^="attachments-proposal-"]')
    chooser = attachments.get_by_test_id("attachments-upload").locator('input[type="file"]')
    program = FilePayload(
        name="setup.exe", mimeType="application/octet-stream", buffer=b"MZ\x90\x00"
    )
    provider.expect_console_error("status of 415")  # the browser logs the refused upload
    chooser.set_input_files(files=program)
    expect(attachments.get_by_role("alert")).to_contain_text("setup.exe 未能上传：不支持的文件类型")
    chooser.set_input_files(
        files=FilePayload(name="检测方案.pdf", mimeType="application/pdf", buffer=pdf)
    )
    expect(attachments.get_by_role("link", name="检测方案.pdf")).to_be_visible()
    expect(attachments.get_by_role("alert")).to_have_count(0)
    shot(page, "05a-proposal-attachment")

    # — the provider confirms the pairing from their workspace
    page.goto("/workspace/provider?tab=matches")
    card = page.locator('[data-testid^="match-"]', has_text=title).first
    card.get_by_role("button", name="确认对接").click()
    expect(card.get_by_text("我方已确认，等待对方确认")).to_be_visible()
    shot(page, "06-provider-matches")

    # — the publisher reads the proposal and downloads its attachment: the same bytes, no upload
    page = publisher.page
    page.goto("/workspace/publisher")
    open_bell(page)
    proposal_received = page.get_by_role("menuitem", name=re.compile("收到新的揭榜方案"))
    expect(proposal_received).to_contain_text("未读")
    shot(page, "06a-notification-bell")
    proposal_received.click()
    expect(page).to_have_url(re.compile(f"/workspace/demands/{demand_id}$"))
    page.get_by_role("tab", name="收到的揭榜方案").click()
    attachments = page.locator('[data-testid^="attachments-proposal-"]')
    link = attachments.get_by_role("link", name="检测方案.pdf")
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename == "检测方案.pdf"
    assert Path(download.path()).read_bytes() == pdf
    expect(attachments.get_by_test_id("attachments-upload")).to_have_count(0)
    expect(attachments.get_by_role("button", name=re.compile("删除附件"))).to_have_count(0)

    # — the publisher sees the candidate, confirms too, and applies for demonstration
    page.goto(f"/workspace/demands/{demand_id}")
    page.get_by_role("tab", name="候选解决方案").click()
    card = page.locator('[data-testid^="match-"]', has_text=provider_org).first
    expect(card.get_by_test_id("parts-bar")).to_be_visible()
    shot(page, "07-publisher-candidates")
    card.get_by_role("button", name="确认对接").click()
    expect(card.locator('[data-status="engaged"]')).to_be_visible()
    page = provider.page
    page.goto("/notifications")
    expect(page.get_by_role("link", name="对方已确认对接")).to_be_visible()
    shot(page, "07a-provider-notifications")
    page.get_by_role("button", name="全部标为已读").click()
    expect(page.get_by_role("button", name="通知，没有未读")).to_be_visible()
    page = publisher.page
    card.get_by_role("button", name="申报示范").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("试点方案").fill(
        "在苏州工厂冲压、压铸两条产线试点 6 个月：第 1–2 月采集样本与标注，第 3–4 月训练与联调，"
        "第 5–6 月试运行并与 MES 对接，目标漏检率低于千分之一、节拍不超过 2 秒/件。"
    )
    dialog.get_by_role("button", name=re.compile(r"^提\s*交$")).click()
    expect(page).to_have_url(re.compile(r"/workspace/applications/\d+$"))
    application_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator('[data-status="submitted"]').first).to_be_visible()

    # — the official passes 初审 and assigns three experts
    page = official.page
    page.goto("/workspace/official?tab=review")
    shot(page, "08-review-board")
    page.get_by_role("link", name=re.compile(title)).first.click()
    expect(page).to_have_url(re.compile(f"/workspace/applications/{application_id}$"))
    page.get_by_role("button", name="初审通过").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("初审意见").fill("材料齐全，符合申报条件。")
    dialog.get_by_role("button", name=OK).click()
    expect(page.locator('[data-status="expert_review"]').first).to_be_visible()
    page.get_by_role("button", name="指派评审专家").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("评审专家").click()
    for i in (1, 2, 3):
        option = page.locator(
            ".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option",
            has_text=f"评审专家{i}",
        )
        option.click()
        # the list re-renders after each pick; wait until this one shows as chosen
        expect(option).to_have_class(re.compile(r"ant-select-item-option-selected"))
    page.keyboard.press("Escape")  # closes the dropdown, not the dialog
    dialog.get_by_role("button", name=OK).click()
    expect(page.get_by_role("cell", name="评审专家3")).to_be_visible()

    # — each expert scores on the rubric
    scores = [(85, 80, 90, 75, 88), (78, 82, 85, 80, 84), (90, 86, 80, 83, 87)]
    for n, (email, rubric) in enumerate(zip(server.experts, scores, strict=True), start=1):
        expert = actors(f"expert{n}")
        login(expert, email)
        page = expert.page
        expect(page).to_have_url(re.compile("/workspace/expert"))
        if n == 1:
            expect(page.get_by_test_id("todo-scores_to_give")).to_contain_text("1 项")
            shot(page, "09-expert-queue")
            open_bell(page)
            page.get_by_role("menuitem", name=re.compile("新的评审任务")).click()
            expect(page).to_have_url(re.compile(f"/workspace/applications/{application_id}$"))
        else:
            page.get_by_role("link", name=re.compile(title)).first.click()
        for label, value in zip(
            ("创新性", "先进性", "可行性", "可复制推广性", "效益"), rubric, strict=True
        ):
            page.get_by_label(label, exact=True).fill(str(value))
        page.get_by_label("评审意见").fill("技术路线清晰，试点目标可量化。")
        if n == 1:
            shot(page, "10-expert-scoring")
        page.get_by_role("button", name=re.compile(r"^提\s*交$")).click()
        expect(page.get_by_text("已评分").first).to_be_visible()

    # — the official opens the 公示; it runs out; the official designates
    page = official.page
    page.reload()
    page.get_by_role("button", name="发起公示").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("公示天数").fill("7")
    dialog.get_by_role("button", name=OK).click()
    expect(page.locator('[data-status="public_notice"]').first).to_be_visible()

    visitor.page.goto("/notices")
    expect(
        visitor.page.get_by_text("提出异议").or_(visitor.page.get_by_text("登录后提出异议")).first
    ).to_be_visible()
    shot(visitor.page, "11-notices")

    # — a logged-in reader objects during the 公示; the official is told, opens the application
    # from the bell and finds the objection unfounded
    page = colleague.page
    page.goto("/notices")
    page.get_by_role("button", name="提出异议").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("异议内容").fill("预警提前量的试验条件未公开，请说明测试电站与样本数。")
    dialog.get_by_role("button", name=OK).click()
    expect(page.get_by_text("异议已提交，主管部门将依规处理")).to_be_visible()
    page = official.page
    page.reload()
    open_bell(page)
    page.get_by_role("menuitem", name=re.compile("公示收到异议")).click()
    expect(page).to_have_url(re.compile(f"/workspace/applications/{application_id}$"))
    page.get_by_role("button", name="异议不成立").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("处理意见").fill("试验条件已在试点方案附件中列明，异议不成立。")
    dialog.get_by_role("button", name=OK).click()
    expect(page.get_by_text("试验条件已在试点方案附件中列明，异议不成立。").first).to_be_visible()

    server.end_notice_now(application_id)
    page.reload()
    page.get_by_role("button", name="认定为应用场景").click()
    confirm_popover(page)
    expect(page.locator('[data-status="designated"]').first).to_be_visible()
    shot(page, "12-application-designated")
    page.get_by_role("link", name="认定的应用场景").click()
    expect(page).to_have_url(re.compile(r"/scenarios/\d+$"))
    expect(page.get_by_text(publisher_org).first).to_be_visible()
    expect(page.get_by_text(provider_org).first).to_be_visible()

    # — the public sees it in the catalogue and on the dashboard
    page = visitor.page
    page.goto("/scenarios")
    expect(page.get_by_role("link", name=re.compile("缺陷"))).to_be_visible()
    shot(page, "13-scenarios")
    page.goto("/")
    expect(page.locator(".ant-statistic", has_text="应用场景").first).to_contain_text("1")
    shot(page, "14-home-after")

    # — an anonymous visitor finds the provider's public solution in the 技术供给清单, reads its
    # page (the demand it answered, the scenario it became) and follows it to the provider's profile
    solution = "小样本工业视觉缺陷检测平台"
    page.get_by_role("navigation").get_by_role("link", name="技术供给").click()
    expect(page).to_have_url(re.compile(r"/solutions$"))
    page.get_by_role("searchbox").fill("缺陷检测")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/solutions\?q=%E7%BC%BA"))
    result = page.get_by_role("link", name=solution)
    expect(result).to_be_visible()
    expect(result.locator("mark").first).to_be_visible()
    shot(page, "14a-solution-catalogue")
    result.click()
    expect(page).to_have_url(re.compile(r"/solutions/\d+$"))
    expect(page.get_by_role("heading", name=re.compile(solution))).to_be_visible()
    answered = page.locator(".ant-card", has=page.get_by_role("heading", name="已对接的需求"))
    expect(answered.get_by_role("link", name=title)).to_have_attribute(
        "href", f"/demands/{demand_id}"
    )
    designated = page.locator(".ant-card", has=page.get_by_role("heading", name="认定的应用场景"))
    expect(designated.get_by_role("link", name=re.compile("缺陷"))).to_have_attribute(
        "href", re.compile(r"/scenarios/\d+$")
    )
    expect(page.get_by_role("link", name=re.compile(r"编\s*辑"))).to_have_count(0)
    shot(page, "14b-solution-page")
    page.get_by_role("link", name=provider_org).click()
    expect(page).to_have_url(re.compile(r"/organizations/\d+$"))
    expect(page.get_by_role("heading", name=provider_org)).to_be_visible()
    expect(page.get_by_role("link", name=solution)).to_be_visible()
    shot(page, "14c-organization-profile")

    # — deep links survive a reload, and the page works at phone width
    phone = actors("phone", width=390, height=844)
    phone.page.goto(f"/demands/{demand_id}")
    expect(phone.page.get_by_role("heading", name=re.compile(title))).to_be_visible()
    shot(phone.page, "15-demand-phone")

    page = official.page
    page.goto("/workspace/official?tab=dashboard")
    expect(page.locator(".ant-card-head-title", has_text="转化漏斗")).to_be_visible()
    shot(page, "16-official-dashboard")
