"""The demo city's 12345 history: the category tree, a year of appeals in every state (as if migrated from the
previous hotline system, written in bulk), replies with their quality scores, a routing model trained on them and
the current hotspots, so a newcomer's first look shows a working centre."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from zhizhi.accounts.models import Department, Division, Membership, Role
from zhizhi.appeals.hotspots import hotspots_refresh
from zhizhi.appeals.models import Appeal, AppealEvent, AppealStatus, Category, Reply, Satisfaction
from zhizhi.appeals.routing import routing_model_train
from zhizhi.appeals.services import SHANGHAI, categories_import, category_department
from zhizhi.core.audit import audit_record
from zhizhi.core.working_days import working_days_add
from zhizhi.demo import city
from zhizhi.demo.appeal_texts import GeneratedAppeal, appeals_generate, categories_read
from zhizhi.demo.generator import TableCount
from zhizhi.textmining.replies import reply_check

logger = logging.getLogger(__name__)
DEFAULT_APPEALS = 20_000
HISTORY_DAYS = 365
# Replies of the last weeks went through the quality check; older ones came over from the previous system unchecked.
CHECKED_DAYS = 45
# The demo's router learns from the most recent appeals only, so a first `make demo` stays quick; the weekly
# retraining then learns from the whole history.
TRAINING_EXAMPLES = 4000
BATCH = 2000

# What the departments wrote back: the specific answer names the place, the action, the basis and a number to call;
# a share of lazy formula replies keeps the reply-quality statistics honest.
_ACTIONS = (
    "已安排工作人员到现场核查，并督促责任单位于三个工作日内整改到位",
    "已责令施工单位停止夜间作业，并将持续开展夜间巡查",
    "已联系维修单位完成维修，现已恢复正常",
    "已约谈物业服务企业，要求其限期整改并向业主公示整改结果",
    "已将相关问题纳入本月专项整治计划，由街道和社区共同跟进",
    "已立案调查，对违法行为依法作出处理",
)
_BASES = (
    "依据《示范市市容和环境卫生管理条例》",
    "根据《中华人民共和国噪声污染防治法》有关规定",
    "按照《物业管理条例》",
    "依据《示范市城市道路管理办法》",
    "根据《劳动保障监察条例》",
)
_FORMULA = "您反映的问题已收悉，我们高度重视，将认真研究，及时处理。感谢您对我们工作的关注和支持！"


@dataclass(frozen=True)
class _Staff:
    dispatcher: int | None
    handlers: dict[int, int]  # department id -> a staff user id


def categories_rows() -> list[dict[str, str]]:
    """The demo category tree as import rows, with department abbreviations turned into the city's codes."""
    return [
        {
            "level1": row.level1,
            "level2": row.level2,
            "level3": row.level3,
            "department": f"{city.CITY_CODE}-{row.department}",
            "accept_hours": str(row.accept_hours),
            "reply_days": str(row.reply_days),
        }
        for row in categories_read()
    ]


def _staff() -> _Staff:
    dispatcher = Membership.objects.filter(role=Role.DISPATCHER).order_by("staff__employee_no").first()
    handlers: dict[int, int] = {}
    for membership in Membership.objects.select_related("staff").order_by("role", "staff__employee_no"):
        handlers.setdefault(membership.department_id, membership.staff.user_id)
    return _Staff(dispatcher=dispatcher.staff.user_id if dispatcher else None, handlers=handlers)


def _reply_text(rng: random.Random, appeal: GeneratedAppeal, department: str) -> str:
    if rng.random() < 0.07:
        return _FORMULA
    place = appeal.address.split("区", 1)[-1] if "区" in appeal.address else appeal.address
    phone = f"0599-8{rng.randint(3000000, 3999999)}"
    return (
        f"您好！关于您反映的“{appeal.subject}”问题，{department}高度重视。经核实，{place}确实存在您反映的情况。"
        f"我单位{rng.choice(_ACTIONS)}。{rng.choice(_BASES)}，我们将持续跟进。"
        f"如有疑问，请致电{phone}（工作日 9:00-17:00）。"
    )


def _lifecycle(rng: random.Random, age: timedelta) -> str:
    """Where an appeal of this age stands: most of the old are closed; the recent are spread over the states."""
    if age > timedelta(days=25):
        return AppealStatus.CLOSED if rng.random() < 0.97 else AppealStatus.REPLIED
    if age > timedelta(days=7):
        return rng.choices([AppealStatus.CLOSED, AppealStatus.REPLIED, AppealStatus.HANDLING], weights=[60, 25, 15])[0]
    return rng.choices(
        [
            AppealStatus.RECEIVED,
            AppealStatus.DISPATCHED,
            AppealStatus.HANDLING,
            AppealStatus.REPLIED,
            AppealStatus.CLOSED,
        ],
        weights=[8, 15, 40, 20, 17],
    )[0]


def _end_of(start: datetime, days: int) -> datetime:
    day = working_days_add(timezone.localtime(start, SHANGHAI).date(), days)
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=SHANGHAI)


class _History:
    def __init__(self, *, seed: int, now: datetime) -> None:
        self.rng = random.Random(f"appeals/{seed}")
        self.now = now
        self.staff = _staff()
        self.categories = {c.path: c for c in Category.objects.select_related("parent__parent", "department")}
        self.divisions = dict(Division.objects.values_list("code", "pk"))
        self.departments = {d.pk: d for d in Department.objects.all()}

    def _appeal(self, generated: GeneratedAppeal) -> tuple[Appeal, list[AppealEvent], str | None]:
        rng = self.rng
        category = self.categories["/".join(generated.category)]
        department = category_department(category)
        received = generated.created_at
        status = _lifecycle(rng, self.now - received)
        appeal = Appeal(
            number="",
            channel=generated.channel,
            kind=generated.kind,
            subject=generated.subject[:200],
            detail=generated.detail,
            division_id=self.divisions.get(generated.community_code),
            address=generated.address[:200],
            anonymous=generated.anonymous,
            contact_name=generated.name,
            contact_phone=generated.phone,
            likes=generated.likes,
            received_at=received,
            received_by_id=self.staff.dispatcher if generated.channel == "hotline" else None,
            status=status,
        )
        events = [AppealEvent(kind="received", title="诉求已登记", created_at=received)]
        reply = None
        if status == AppealStatus.RECEIVED or department is None:
            appeal.status = AppealStatus.RECEIVED
            return appeal, events, None
        dispatched = received + timedelta(minutes=rng.randint(3, 240))
        appeal.category = category
        appeal.department = department
        appeal.dispatched_at = dispatched
        appeal.auto_dispatched = rng.random() < 0.55
        appeal.accept_due_at = dispatched + timedelta(hours=category.accept_hours or 24)
        appeal.reply_due_at = _end_of(dispatched, category.reply_days or 15)
        events.append(AppealEvent(kind="dispatched", title=f"已派单至{department.name}", created_at=dispatched))
        if status == AppealStatus.DISPATCHED:
            return appeal, events, None
        accepted = dispatched + timedelta(minutes=rng.randint(10, 600))
        appeal.accepted_at = accepted
        events.append(AppealEvent(kind="accepted", title=f"{department.name}已签收", created_at=accepted))
        if status == AppealStatus.HANDLING:
            if self.now > appeal.reply_due_at:
                appeal.escalation_level = 1
            return appeal, events, None
        span = max((appeal.reply_due_at - accepted).total_seconds(), 3600)
        replied = accepted + timedelta(seconds=span * min(rng.betavariate(2, 3) * 1.3, 1.6))
        replied = min(replied, self.now - timedelta(minutes=5))
        appeal.replied_at = replied
        appeal.replied_on_time = replied <= appeal.reply_due_at
        reply = _reply_text(rng, generated, department.name)
        events.append(AppealEvent(kind="replied", title=f"{department.name}已答复", note=reply, created_at=replied))
        if status == AppealStatus.REPLIED:
            return appeal, events, reply
        followed = replied + timedelta(hours=rng.randint(2, 72))
        bad_reply = reply == _FORMULA
        weights = [45, 20, 35] if bad_reply else [68, 22, 10]
        satisfaction = rng.choices(
            [Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED], weights=weights
        )[0]
        appeal.satisfaction = satisfaction
        appeal.closed_at = followed
        appeal.resolved = satisfaction != Satisfaction.UNSATISFIED or rng.random() < 0.3
        if not appeal.resolved:
            appeal.close_note = "经多次协调，诉求人仍不满意，诉求超出职能范围，已如实告知"
        events.append(AppealEvent(kind="follow_up", title=f"回访评价：{satisfaction.label}", created_at=followed))
        title = "已办结（已解决）" if appeal.resolved else "已办结（未解决）"
        events.append(AppealEvent(kind="closed", title=title, created_at=followed))
        return appeal, events, reply

    def write(self, generated: Sequence[GeneratedAppeal]) -> tuple[int, int]:
        appeals_total = replies_total = 0
        for start in range(0, len(generated), BATCH):
            batch = [self._appeal(g) for g in generated[start : start + BATCH]]
            for appeal, _events, _reply in batch:
                appeal.number = f"tmp-{id(appeal)}"
            created = Appeal.objects.bulk_create([a for a, _e, _r in batch])
            for appeal in created:
                appeal.number = f"RX{timezone.localtime(appeal.received_at, SHANGHAI):%Y%m%d}{appeal.pk:08d}"
            Appeal.objects.bulk_update(created, ["number"])
            events, replies = [], []
            for appeal, appeal_events, reply in batch:
                for event in appeal_events:
                    event.appeal = appeal
                    events.append(event)
                author = self.staff.handlers.get(appeal.department_id or 0) or self.staff.dispatcher
                if reply is not None and appeal.department_id is not None and appeal.replied_at and author:
                    check = None
                    if self.now - appeal.replied_at < timedelta(days=CHECKED_DAYS):
                        check = reply_check(
                            subject=appeal.subject,
                            detail=appeal.detail,
                            reply=reply,
                            asked_at=appeal.dispatched_at,
                            replied_at=appeal.replied_at,
                            limit=(appeal.reply_due_at - appeal.dispatched_at)
                            if appeal.reply_due_at and appeal.dispatched_at
                            else None,
                        )
                    replies.append(
                        Reply(
                            appeal=appeal,
                            department_id=appeal.department_id,
                            author_id=author,
                            text=reply,
                            score=check.score if check else None,
                            flags=[{"code": f.code, "text": f.text} for f in check.flags] if check else [],
                            created_at=appeal.replied_at,
                        )
                    )
            AppealEvent.objects.bulk_create(events)
            Reply.objects.bulk_create(replies)
            appeals_total += len(created)
            replies_total += len(replies)
        return appeals_total, replies_total


def appeals_demo_generate(
    *, seed: int, appeals: int = DEFAULT_APPEALS, now: datetime | None = None
) -> list[TableCount]:
    """Import the demo category tree; on a hub without appeals, write `appeals` of history, train the router on
    them and detect the current hotspots (nothing more when `appeals` is 0)."""
    started = time.monotonic()
    now = now or timezone.now()
    before = Category.objects.count()
    categories_import(actor=None, rows=categories_rows())
    tables = [TableCount("appeal_categories", "诉求分类", Category.objects.count() - before, before)]
    if appeals <= 0:
        return tables
    present = Appeal.objects.count()
    if present:
        return [*tables, TableCount("appeals", "诉求工单", 0, present)]
    today = timezone.localtime(now, SHANGHAI).date()
    generated = appeals_generate(seed=seed, count=appeals, start=today - timedelta(days=HISTORY_DAYS), end=today)
    generated = [g for g in generated if g.created_at <= now]
    if Division.objects.filter(code__in={g.community_code for g in generated[:50]}).count() == 0:
        raise RuntimeError("the demo city's communities are missing: generate the city before its appeals")
    with transaction.atomic():
        written, replies = _History(seed=seed, now=now).write(generated)
        audit_record(actor=None, action="demo.appeals", detail={"appeals": written, "replies": replies})
    logger.info("appeal history written in %.1f s", time.monotonic() - started)
    model = routing_model_train(actor=None, examples=TRAINING_EXAMPLES)
    logger.info("routing model v%s trained in %.1f s", model.version, model.train_seconds)
    hotspots = hotspots_refresh(now=now)
    logger.info(
        "appeals demo data (with routing model and %d hotspots) in %.1f s", len(hotspots), time.monotonic() - started
    )
    return [
        *tables,
        TableCount("appeals", "诉求工单", written, 0),
        TableCount("appeal_replies", "诉求答复", replies, 0),
        TableCount("routing_models", "分拨模型", 1, 0),
        TableCount("hotspots", "热点", len(hotspots), 0),
    ]
