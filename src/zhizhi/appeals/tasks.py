"""Appeals hub background work: registering requests from machine channels, routing new appeals, the SLA ladder,
hotspot detection and weekly retraining. Higher priorities run first when the queue is long."""

from typing import Any

from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from zhizhi.appeals.hotspots import hotspots_refresh
from zhizhi.appeals.intake import intake_drain
from zhizhi.appeals.routing import MIN_EXAMPLES, appeal_route, appeals_route, routing_model_train, training_set
from zhizhi.appeals.services import clocks_check
from zhizhi.core.audit import audit_record
from zhizhi.core.errors import ApplicationError
from zhizhi.notify.services import notification_send


@db_task(priority=10)  # a dispatcher may be waiting for the suggestions
def appeal_route_task(appeal_id: int) -> str:
    """Suggest categories for a new appeal and dispatch it automatically when the model is confident enough."""
    appeal = appeal_route(appeal_id=appeal_id)
    return appeal.status if appeal is not None else "skipped"


@db_task()
def routing_train_task(user_id: int | None = None, target_precision: float = 0.95) -> dict[str, Any]:
    """Train a new routing model version on demand (the administrator's button). Training takes minutes, so the
    administrator learns in their inbox how it went; a run that could not train is audited with its reason."""
    from zhizhi.accounts.models import User

    actor = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        model = routing_model_train(actor=actor, target_precision=target_precision)
    except ApplicationError as error:
        reason = str(error.message)
        audit_record(actor=actor, action="appeals.routing.train_failed", detail={"reason": reason, **error.extra})
        if actor is not None:
            notification_send(recipient=actor, title=_("分拨模型训练未完成"), body=reason, link="/workbench/routing/")
        return {"error": reason}
    if actor is not None:
        notification_send(
            recipient=actor,
            title=_("分拨模型 v%(version)d 已训练并启用") % {"version": model.version},
            body=_("交叉验证宏平均 F1 %(f1).3f，训练样本 %(n)d 件。")
            % {"f1": model.evaluation.get("macro_f1", 0), "n": model.examples},
            link=f"/workbench/routing/?version={model.version}",
        )
    return {"version": model.version}


@db_periodic_task(crontab(minute="*/10"))
def appeals_clocks() -> dict[str, int]:
    """Every ten minutes: warnings at 80% of the reply time, and the escalation ladder for late appeals."""
    report = clocks_check()
    return {"warned": report.warned, "escalated": report.escalated}


@db_periodic_task(crontab(minute="5"))
def appeals_hotspots() -> int:
    """Every hour: cluster the last week's appeals into hotspots and warn leaders of surges."""
    return len(hotspots_refresh())


@db_periodic_task(crontab(minute="30", hour="2", day_of_week="0"))
def routing_weekly_retrain() -> int | None:
    """Every Sunday night: retrain the router on the week's dispatcher decisions."""
    if len(training_set().messages) < MIN_EXAMPLES:
        return None
    return routing_model_train(actor=None).version


@db_task(priority=20)  # registration first: clients wait for the numbers of their requests
def intake_register_task() -> int:
    """Register the requests machine channels sent (Open311) as appeals, in batches."""
    return intake_drain()


@db_periodic_task(crontab())
def intake_sweep() -> int:
    """Every minute: register any accepted request a lost task left waiting."""
    return intake_drain()


@db_task()
def appeals_route_task(appeal_ids: list[int]) -> int:
    """Route newly registered appeals, classified in one pass; how many were dispatched automatically."""
    return sum(1 for appeal in appeals_route(appeal_ids=appeal_ids) if appeal.auto_dispatched)
