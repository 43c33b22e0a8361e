"""`scenariohub` — serve, migrate, accounts, import/export, demo data, search index and matching."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.orm import Session, sessionmaker

from backend.config import get_settings
from backend.db.session import make_engine, make_session_factory, transaction

if TYPE_CHECKING:
    from backend.indexing.runtime import MatcherRuntime, Ranked

app = typer.Typer(help="ScenarioHub 场景汇 — 命令行工具", no_args_is_help=True)
console = Console(stderr=True)


class Kind(StrEnum):
    demands = "demands"
    solutions = "solutions"


class CreatableRole(StrEnum):
    official = "official"
    expert = "expert"
    admin = "admin"
    publisher = "publisher"
    provider = "provider"


def _factory() -> sessionmaker[Session]:
    return make_session_factory(make_engine(get_settings().resolved_database_url))


# the import string uvicorn needs to start several processes; each builds its own app
APP_FACTORY = "backend.main:create_app"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="API 进程数")] = 1,
    index_worker: Annotated[
        bool | None,
        typer.Option(
            "--index-worker/--no-index-worker",
            help="在 API 进程内运行索引线程（默认：单进程时运行，多进程时关闭）",
        ),
    ] = None,
) -> None:
    """Serve the API and the web pages.

    One process (the default) also drains the outbox in a thread. With `--workers N` > 1 no API
    process writes the index: run `scenariohub worker` beside them.
    """
    import os

    import uvicorn

    if index_worker is None:
        index_worker = workers == 1 and get_settings().index_worker
    if index_worker and workers > 1:
        console.print(
            "[red]多个 API 进程不能各自写索引：请去掉 --index-worker，另行运行 scenariohub worker[/red]"
        )
        raise typer.Exit(2)
    # read by every process's settings, the ones uvicorn spawns included
    os.environ["SCENARIOHUB_INDEX_WORKER"] = "true" if index_worker else "false"
    get_settings.cache_clear()
    if not index_worker and get_settings().matcher_enabled:
        console.print("API 进程不写索引：请另行运行 scenariohub worker 处理索引队列")
    if workers == 1:
        from backend.main import create_app

        uvicorn.run(create_app(), host=host, port=port, log_level="info")
        return
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers, log_level="info")


@app.command()
def worker(
    poll: Annotated[float, typer.Option(min=0.1, help="空闲时检查队列的间隔（秒）")] = 2.0,
    once: Annotated[bool, typer.Option(help="处理完当前到期的变更后退出")] = False,
) -> None:
    """Drain the outbox into the search index until SIGTERM or Ctrl-C (several may run at once
    against PostgreSQL; with the embedded index run exactly one writer)."""
    import signal
    from types import FrameType

    from backend.indexing.worker import IndexWorker, lower_priority

    lower_priority()  # before the model loads: its threads take this priority too
    settings = get_settings()
    if not settings.matcher_enabled:
        if settings.mail_enabled:  # no index to keep: the worker only sends e-mail
            _mail_only(poll=poll, once=once)
            return
        console.print("[red]匹配已关闭（SCENARIOHUB_MATCHER=false），没有索引需要维护[/red]")
        raise typer.Exit(2)
    runtime = _runtime()
    factory = _factory()
    if once:
        n = runtime.drain(factory)
        if settings.mail_enabled:
            from backend.notifications import mail

            mail.drain(factory, settings)
        wrote = runtime.writes_index
        runtime.close()
        if not wrote:
            console.print(
                "[red]另一个进程正在写索引（运行中的服务或另一个 worker），本次未处理[/red]"
            )
            raise typer.Exit(1)
        console.print(f"索引已更新：{n} 项变更")
        return
    loop = IndexWorker(runtime, factory, poll_seconds=poll)
    mailer = None
    if settings.mail_enabled:  # e-mail is sent by the process that drains the outbox
        from backend.notifications.sender import MailWorker

        mailer = MailWorker(factory, settings, poll_seconds=poll)
        mailer.start()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        if loop.stopping:  # asked twice: leave now; unfinished rows stay pending
            raise SystemExit(128 + signum)
        console.print("正在停止：处理完当前批次后退出")
        loop.request_stop()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    writes = runtime.become_writer()  # the model loads and the index opens before "started"
    console.print(f"索引工作进程已启动（每 {poll:g} 秒检查一次队列）")
    if not writes:
        console.print("另一个进程正在写索引：本进程待命，它停止后接手")
    try:
        loop.run()
    finally:
        loop.close()
        if mailer is not None:
            mailer.stop()
        runtime.close()
    console.print("索引工作进程已停止")


@app.command("mail")
def mail_queue(
    retry_failed: Annotated[bool, typer.Option(help="把已搁置的邮件重新放回队列")] = False,
) -> None:
    """The mail outbox: messages waiting, sent and set aside (refused by the SMTP server)."""
    from backend.notifications import repository

    factory = _factory()
    if retry_failed:
        with transaction(factory) as session:
            n = repository.requeue_failed_mail(session)
        console.print(f"已重新排队 {n} 封邮件")
    with factory() as session:
        waiting, sent, failed = repository.mail_counts(session)
    print(json.dumps({"waiting": waiting, "sent": sent, "failed": failed}))


def _mail_only(*, poll: float, once: bool) -> None:
    """`scenariohub worker` with the matcher off: send the mail outbox until SIGTERM or Ctrl-C."""
    import signal
    from types import FrameType

    from backend.notifications import mail
    from backend.notifications.sender import MailWorker

    settings, factory = get_settings(), _factory()
    if once:
        sent = mail.drain(factory, settings)
        console.print(f"邮件已发送 {sent.sent} 封，稍后重试 {sent.deferred} 封")
        return
    mailer = MailWorker(factory, settings, poll_seconds=poll)

    def _stop(signum: int, _frame: FrameType | None) -> None:
        mailer.request_stop()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    console.print(f"邮件工作进程已启动（每 {poll:g} 秒检查一次队列）")
    try:
        mailer.run()
    finally:
        mailer.close()
    console.print("邮件工作进程已停止")


@app.command()
def outbox(
    retry_failed: Annotated[bool, typer.Option(help="把已搁置的失败变更重新放回队列")] = False,
    row: Annotated[list[int] | None, typer.Option("--id", help="只重试这些编号，可重复")] = None,
    limit: Annotated[int, typer.Option(min=1, help="最多列出的失败变更数")] = 50,
) -> None:
    """Show the index queue: pending, due and failed changes, and the failed rows' errors."""
    from backend.db.base import utcnow
    from backend.indexing import repository as outbox_repo

    factory = _factory()
    if retry_failed:
        with transaction(factory) as session:
            n = outbox_repo.requeue_failed(session, row or None)
        print(f"已重新排队 {n} 项失败变更")
        return
    if row:
        console.print("[red]--id 只能与 --retry-failed 一起使用[/red]")
        raise typer.Exit(2)
    with factory() as session:
        counts = outbox_repo.counts(session, now=utcnow())
        failed = outbox_repo.failed(session, limit=limit)
    print(f"待处理：{counts.pending}")
    print(f"已到期：{counts.due}")
    print(f"等待重试：{counts.pending - counts.due}")
    print(f"已搁置（失败）：{counts.failed}")
    if not failed:
        return
    print()
    print("失败变更（编号  对象  尝试次数  搁置时间  最后错误）：")
    for entry in failed:
        when = entry.failed_at.strftime("%Y-%m-%d %H:%M:%S") if entry.failed_at else "-"
        print(
            f"{entry.id}  {entry.object_type}#{entry.object_id}  {entry.attempts}  "
            f"{when}  {entry.last_error or ''}"
        )
    if counts.failed > len(failed):
        print(f"……另有 {counts.failed - len(failed)} 项未列出（--limit）")
    print("重新排队：scenariohub outbox --retry-failed")


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    from backend.db.migrate import upgrade

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url)
    console.print("数据库已迁移到最新版本")


@app.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(help="登录邮箱")],
    password: Annotated[str, typer.Option(help="密码（至少 8 位）")],
    role: Annotated[list[CreatableRole], typer.Option(help="角色，可重复")],
    region: Annotated[str | None, typer.Option(help="主管部门的管辖地区")] = None,
    org: Annotated[str, typer.Option(help="所属机构名称")] = "江苏省科学技术厅",
    name: Annotated[str | None, typer.Option(help="显示名称")] = None,
) -> None:
    """Create an account nobody may self-register (official, expert, admin); prints its id."""
    from backend.auth.service import create_user as create
    from backend.errors import AppError

    if len(password) < 8:
        console.print("[red]密码至少 8 位[/red]")
        raise typer.Exit(2)
    try:
        with transaction(_factory()) as session:
            user = create(
                session,
                email=email,
                password=password,
                display_name=name or email.split("@")[0],
                roles=sorted({r.value for r in role}),
                organization_name=org,
                region=region,
            )
            user_id = user.id
    except AppError as exc:
        console.print(f"[red]{exc.message_zh}[/red]")
        raise typer.Exit(1) from exc
    print(user_id)


def _refuse(prefix: str, message: str) -> typer.Exit:
    """One plain Chinese line on stderr and exit code 2: a refused file is not a crash."""
    console.print(
        f"{prefix}：{message}", style="red", markup=False, highlight=False, soft_wrap=True
    )
    return typer.Exit(2)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSONL/CSV/XLSX 文件")],
    kind: Annotated[Kind, typer.Option(help="demands 或 solutions")],
    publish: Annotated[bool, typer.Option(help="导入的需求直接发布")] = False,
    strict: Annotated[bool, typer.Option(help="任何一行出错则全部不导入")] = False,
    max_rows: Annotated[int | None, typer.Option(min=1, help="最多导入的数据行数")] = None,
) -> None:
    """Import demands or solutions; re-importing updates by external_id.

    A file too big, with too many rows, or damaged is refused whole (exit code 2).
    """
    from dataclasses import replace

    from backend.interchange import limits
    from backend.interchange.errors import InterchangeError
    from backend.interchange.service import import_file, load_file

    bounds = limits.DEFAULT_LIMITS
    if max_rows is not None:
        bounds = replace(bounds, max_rows=max_rows)
    try:
        rows = load_file(file, kind.value, limits=bounds)
    except InterchangeError as exc:
        raise _refuse("导入失败", exc.message_zh) from None
    show = sys.stderr.isatty()
    with Progress(console=console, disable=not show, transient=True) as progress:
        task = progress.add_task("导入中", total=len(rows))
        report = import_file(
            _factory(),
            rows,
            kind=kind.value,
            publish=publish,
            strict=strict,
            on_row=lambda: progress.advance(task),
        )
    for number, reason in report.failures:
        console.print(f"第 {number} 行：{reason}", style="yellow", markup=False, highlight=False)
    if not report.committed:
        console.print(f"[red]严格模式：{len(report.failures)} 行有错误，未导入任何数据[/red]")
        raise typer.Exit(1)
    console.print(
        f"导入完成：新增 {report.created}，更新 {report.updated}，失败 {len(report.failures)}"
    )
    _drain_outbox_quietly()
    if report.failures:
        raise typer.Exit(1)


@app.command()
def export(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="输出文件：.jsonl/.csv/.xlsx")],
    kind: Annotated[Kind, typer.Option(help="demands 或 solutions")],
    status: Annotated[str | None, typer.Option(help="只导出该状态的需求")] = None,
) -> None:
    """Export demands or solutions in the import format (XLSX/CSV text never runs as a formula)."""
    from backend.interchange.errors import InterchangeError
    from backend.interchange.service import export_file

    try:
        n = export_file(_factory(), file, kind=kind.value, status=status)
    except InterchangeError as exc:
        raise _refuse("导出失败", exc.message_zh) from None
    console.print(f"已导出 {n} 条到 {file}", markup=False, highlight=False)


@app.command("seed-demo")
def seed_demo(
    if_empty: Annotated[bool, typer.Option(help="数据库已有需求时跳过")] = False,
) -> None:
    """Load the demo organizations, users, demands and solutions, with items at every stage."""
    from backend.demands.models import Demand
    from backend.demo.seed import TOP_CANDIDATES, has_data, seed

    factory = _factory()
    if if_empty and has_data(factory):
        console.print("数据库已有数据，跳过演示数据")
        return
    settings = get_settings()
    if not settings.matcher_enabled:
        console.print(seed(factory, settings=settings))
        return
    runtime = _runtime()

    def rank(session: Session, demand: Demand) -> list[int]:
        matcher = runtime.matcher()
        matcher.refresh()  # the index as the drain just left it, written here or elsewhere
        ranked = runtime.rank_solutions(session, demand, limit=TOP_CANDIDATES, mode="full")
        return [r.object_id for r in ranked]

    try:
        # the catalogue is indexed before the pairings are chosen from the matcher's ranking
        summary = seed(factory, settings=settings, index=_drain_outbox_quietly, rank=rank)
    finally:
        runtime.close()
    console.print(summary)
    _drain_outbox_quietly()


@app.command()
def openapi() -> None:
    """Print the OpenAPI schema (the web client is generated from it)."""
    from backend.main import create_app

    print(json.dumps(create_app().openapi(), ensure_ascii=False, indent=1))


@app.command("expire-demands")
def expire_demands() -> None:
    """Mark published demands past their deadline as expired."""
    from datetime import date

    from backend.demands.service import expire_overdue

    with transaction(_factory()) as session:
        n = expire_overdue(session, today=date.today())
    console.print(f"已过期 {n} 条需求")


class Period(StrEnum):
    daily = "daily"
    weekly = "weekly"


@app.command("send-digests")
def send_digests(
    period: Annotated[Period, typer.Option(help="daily 或 weekly：发给选择该周期的用户")],
) -> None:
    """Queue each user's digest (fitting demands, new candidates, with the matcher's
    explanations) since their last one, then send what the mail outbox holds. For cron."""
    from backend.notifications import digests, mail

    settings = get_settings()
    if not settings.mail_enabled:
        console.print("未配置邮件（SCENARIOHUB_SMTP_HOST），不发送摘要")
        return
    factory = _factory()
    run = digests.send_digests(factory, settings, period=period.value)
    sent = mail.drain(factory, settings)
    console.print(
        f"摘要：{run.users} 位用户、{run.items} 条；邮件已发送 {sent.sent} 封，"
        f"稍后重试 {sent.deferred} 封"
    )


class Mode(StrEnum):
    bm25 = "bm25"
    dense = "dense"
    fused = "fused"
    full = "full"


def _runtime() -> MatcherRuntime:
    from backend.indexing.runtime import MatcherRuntime

    return MatcherRuntime(get_settings())


def _drain_outbox_quietly() -> None:
    """Bring the search index and the matcher's matches up to date with what was just written:
    here, or, while a running server or `scenariohub worker` writes the index, by watching it do
    so (this command never writes an index another process writes)."""
    settings = get_settings()
    if not settings.matcher_enabled:
        return
    factory = _factory()
    todo = _pending(factory)
    if not todo:
        return
    runtime = _runtime()
    show = sys.stderr.isatty()
    if not runtime.become_writer():
        console.print("正在运行的服务（或 scenariohub worker）维护索引：由它处理这些变更")
        _watch_outbox(factory, todo, show=show)
        return
    with Progress(console=console, disable=not show, transient=True) as progress:
        task = progress.add_task("建立索引", total=todo)
        n = runtime.drain(factory, on_progress=lambda k: progress.advance(task, k))
    runtime.close()
    if n:
        console.print(f"索引已更新：{n} 项变更")


WATCH_SECONDS = 600.0


def _pending(factory: sessionmaker[Session]) -> int:
    """Outbox rows neither applied nor set aside."""
    from backend.db.base import utcnow
    from backend.indexing import repository

    with factory() as session:
        return repository.counts(session, now=utcnow()).pending


def _watch_outbox(factory: sessionmaker[Session], todo: int, *, show: bool) -> None:
    """A progress bar while another process drains the outbox; Ctrl-C stops only the watching."""
    import time

    deadline = time.monotonic() + WATCH_SECONDS
    left = todo
    with Progress(console=console, disable=not show, transient=True) as progress:
        task = progress.add_task("等待服务建立索引", total=todo)
        try:
            while left and time.monotonic() < deadline:
                time.sleep(0.5)
                left = min(_pending(factory), todo)
                progress.update(task, completed=todo - left)
        except KeyboardInterrupt:
            console.print("已停止等待；数据已保存，索引仍会由服务更新")
            return
    if left:
        console.print(f"仍有 {left} 项变更等待索引（服务会继续处理；scenariohub outbox 可查看）")
    else:
        console.print(f"索引已更新：{todo} 项变更（由正在运行的服务处理）")


@app.command()
def reindex() -> None:
    """Rebuild the search index from the database (after a model change, or any time)."""
    from matching import IndexLocked

    runtime = _runtime()
    factory = _factory()
    with Progress(console=console, disable=not sys.stderr.isatty(), transient=True) as progress:
        task = progress.add_task("重建索引", total=None)
        try:
            demands, solutions = runtime.reindex(
                factory, on_progress=lambda n: progress.advance(task, n)
            )
        except IndexLocked:
            raise _refuse("重建失败", "另一个进程正在写索引：请先停止服务或 worker") from None
    runtime.drain(factory)
    runtime.close()
    console.print(f"索引已重建：需求 {demands} 条，方案 {solutions} 条")


@app.command()
def match(
    demand: Annotated[list[str] | None, typer.Option(help="需求 external_id，可重复")] = None,
    solution: Annotated[list[str] | None, typer.Option(help="方案 external_id，可重复")] = None,
    top: Annotated[int, typer.Option(min=1, max=200, help="返回前 N 个")] = 10,
    mode: Annotated[Mode, typer.Option(help="bm25 | dense | fused | full")] = Mode.full,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """Rank solutions for demands (or demands for solutions), best first."""
    from backend.demands import repository as demands_repo
    from backend.solutions import repository as solutions_repo

    if not demand and not solution:
        console.print("[red]请指定 --demand 或 --solution[/red]")
        raise typer.Exit(2)
    runtime = _runtime()
    factory = _factory()
    runtime.drain(factory)
    results: dict[str, list[dict[str, object]]] = {}
    with factory() as session:
        for ext in demand or []:
            d = demands_repo.by_external_id(session, ext)
            if d is None:
                console.print(f"[red]找不到需求 {ext}[/red]")
                raise typer.Exit(1)
            ranked = runtime.rank_solutions(session, d, limit=top, mode=mode.value)
            results[ext] = [_ranked_json(r) for r in ranked]
        for ext in solution or []:
            s = solutions_repo.by_external_id(session, ext)
            if s is None:
                console.print(f"[red]找不到方案 {ext}[/red]")
                raise typer.Exit(1)
            ranked = runtime.rank_demands(session, s, limit=top, mode=mode.value)
            results[ext] = [_ranked_json(r) for r in ranked]
    single = len(results) == 1
    if as_json:
        out: object = next(iter(results.values())) if single else results
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return
    for ext, rows in results.items():
        console.print(f"[bold]{ext}[/bold]")
        for i, row in enumerate(rows, start=1):
            console.print(f"{i:>3}. {row['score']:.3f}  {row['external_id']}  {row['title']}")
            console.print(f"      {row['explanation']}")


@app.command("train-ranker")
def train_ranker() -> None:
    """Fit the fusion and feature weights to people's feedback; keep the old ones if better."""
    from sqlalchemy import select

    from backend.matches.models import MatchFeedback
    from matching import FeedbackRow, train

    runtime = _runtime()
    with _factory()() as session:
        rows = [
            FeedbackRow({k: float(v) for k, v in (f.parts or {}).items()}, f.label)
            for f in session.scalars(select(MatchFeedback).order_by(MatchFeedback.id))
            if f.parts
        ]
    matcher = runtime.matcher()
    report = train(rows, matcher.weights)
    console.print(
        f"反馈 {report.rows} 条（留出 {report.held_out} 条验证）；"
        f"原权重排序准确率 {report.previous_accuracy:.3f}，新权重 {report.new_accuracy:.3f}"
    )
    if report.adopted:
        matcher.set_weights(report.weights)
        console.print("已采用新权重：" + report.weights.to_json().replace("\n", " "))
    else:
        console.print("新权重没有更好（或反馈不足 10 条、缺少正负样本），保留原权重")


def _ranked_json(r: Ranked) -> dict[str, object]:
    return {
        "external_id": r.external_id,
        "title": r.title,
        "score": round(r.match.score, 4),
        "parts": {k: round(v, 4) for k, v in r.match.parts.items()},
        "explanation": r.match.explanation,
    }
