"""Routing: a model trained on the city's own dispatched appeals dispatches what it is sure of, suggests the rest,
learns from the dispatchers' corrections, and keeps every version with its evaluation."""

import pytest

from zhizhi.appeals import routing, services
from zhizhi.appeals.models import Appeal, AppealStatus, RoutingModel
from zhizhi.appeals.tasks import routing_weekly_retrain
from zhizhi.core.audit import audit_verify
from zhizhi.core.errors import InvalidInput
from zhizhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LAMP = {"subject": "东湖花园路灯坏了", "detail": "东湖花园南门的路灯已经坏了五天，晚上一片漆黑，请尽快维修路灯。"}
NOISE = {"subject": "滨江路工地夜间施工", "detail": "滨江路旁边的工地每天晚上施工到十二点多，机器轰鸣，居民无法休息。"}


def call(hub, **text):
    """A new hotline call, routed as the task queued on commit would route it."""
    appeal = hub.submit(actor=hub.dispatcher.user, channel="hotline", contact_phone="13600000000", **text)
    return routing.appeal_route(appeal_id=appeal.pk)


def test_too_little_history_is_refused_and_nothing_is_stored(hub):
    hub.history(30)
    with pytest.raises(InvalidInput) as refused:
        routing.routing_model_train(actor=None)
    assert refused.value.extra == {"examples": 30}
    assert not RoutingModel.objects.exists()
    assert routing_weekly_retrain.call_local() is None  # the weekly task waits for enough history
    # without a model, a new appeal waits for the dispatcher with no suggestions
    appeal = call(hub, **LAMP)
    assert (appeal.status, appeal.suggestions, appeal.routing_model) == (AppealStatus.RECEIVED, [], None)
    assert appeal.routed_at is not None


def test_trained_model_is_stored_with_its_evaluation_and_audited(hub):
    hub.history(80)
    model = routing.routing_model_train(actor=hub.dispatcher.user, target_precision=0.9)
    assert (model.version, model.is_active, model.examples) == (1, True, 80)
    assert set(model.labels) == {hub.category(name).code for name in ("市政设施", "市容环卫", "噪声污染")}
    evaluation = model.evaluation
    assert {"macro_f1", "accuracy_at_70", "top3_accuracy", "per_class", "confusion"} <= set(evaluation)
    assert len(evaluation["confusion"]) == 3 and sum(map(sum, evaluation["confusion"])) == 80
    assert evaluation["macro_f1"] > 0.9  # three well separated topics
    assert model.threshold is not None and model.target_precision == 0.9
    audit = AuditEntry.objects.get(action="appeals.routing.train")
    assert audit.actor == hub.dispatcher.user and audit.detail["examples"] == 80


def test_confident_appeals_are_dispatched_automatically_the_rest_get_suggestions(hub):
    hub.history(80)
    model = routing.routing_model_train(actor=None)
    # above the threshold: dispatched by the router, under the second-level category, to its department
    RoutingModel.objects.filter(pk=model.pk).update(threshold=0.5)
    lamp = call(hub, **LAMP)
    assert lamp.status == AppealStatus.DISPATCHED and lamp.auto_dispatched
    assert (lamp.category.name, lamp.department) == ("市政设施", hub.urban)
    assert lamp.routing_model == model and lamp.confidence >= 0.5
    event = lamp.events.get(kind="dispatched")
    assert "置信度" in event.note
    assert AuditEntry.objects.get(action="appeals.appeal.dispatch", target_id=str(lamp.pk)).actor is None
    noise = call(hub, **NOISE)
    assert (noise.status, noise.department) == (AppealStatus.DISPATCHED, hub.environment)
    # above any probability the model gives: the dispatcher sees up to three suggestions, best first
    RoutingModel.objects.filter(pk=model.pk).update(threshold=1.01)
    waiting = call(hub, **LAMP)
    assert waiting.status == AppealStatus.RECEIVED and not waiting.auto_dispatched
    suggestions = waiting.suggestions
    assert 1 <= len(suggestions) <= 3
    assert suggestions[0]["category_name"] == "城乡建设/市政设施"
    assert suggestions[0]["department"] == hub.urban.code
    assert [s["probability"] for s in suggestions] == sorted((s["probability"] for s in suggestions), reverse=True)
    assert waiting.confidence == suggestions[0]["probability"]
    # routing twice changes nothing
    assert routing.appeal_route(appeal_id=lamp.pk) is None


def test_a_batch_is_routed_in_one_transaction_with_a_constant_number_of_queries(hub):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhizhi.notify.models import Notification

    hub.history(80)
    model = routing.routing_model_train(actor=None)
    RoutingModel.objects.filter(pk=model.pk).update(threshold=0.5)
    routing.routing_suggest(**LAMP)  # the classifier is loaded once per process, before the batches

    def batch(size: int) -> tuple[list[int], int]:
        texts = [LAMP, NOISE] * (size // 2)
        ids = [
            hub.submit(actor=hub.dispatcher.user, channel="hotline", contact_phone="13600000000", **t).pk for t in texts
        ]
        with CaptureQueriesContext(connection) as queries:
            routed = routing.appeals_route(appeal_ids=ids)
        assert [a.pk for a in routed] == ids
        return ids, len(queries)

    def told() -> int:
        return Notification.objects.filter(recipient=hub.urban_handler.user, title__startswith="新派诉求").count()

    _ids, small = batch(2)
    before = told()
    large_ids, large = batch(12)
    assert large == small  # six times the appeals, the same statements
    for i, pk in enumerate(large_ids):
        appeal = Appeal.objects.get(pk=pk)
        expected = hub.urban if i % 2 == 0 else hub.environment
        assert (appeal.status, appeal.auto_dispatched, appeal.department) == (AppealStatus.DISPATCHED, True, expected)
        assert appeal.routed_at is not None and appeal.accept_due_at is not None and appeal.reply_due_at is not None
        assert appeal.events.filter(kind="dispatched", title__startswith="智能分拨").count() == 1
        entry = AuditEntry.objects.get(action="appeals.appeal.dispatch", target_id=str(pk))
        assert entry.actor is None and entry.department_code == expected.code and entry.detail["auto"]
    # the department's staff are told of the batch in one message, not six; the audit chain holds
    assert told() - before == 1
    notice = Notification.objects.filter(recipient=hub.urban_handler.user).latest("id")
    assert (
        notice.title.startswith("新派诉求 6 件：东湖花园路灯坏了")
        and notice.link == "/workbench/appeals/?status=dispatched"
    )
    assert audit_verify().intact


def test_dispatcher_corrections_become_the_next_versions_training_data(hub):
    hub.history(80)
    first = routing.routing_model_train(actor=None)
    RoutingModel.objects.filter(pk=first.pk).update(threshold=0.5)
    # the router sends a lamp appeal to the urban bureau; the bureau returns it and the dispatcher files it as noise
    appeal = call(hub, **LAMP)
    services.appeal_return(actor=hub.urban_handler.user, appeal=appeal, reason="实为施工工地照明灯扰民")
    services.appeal_dispatch(actor=hub.dispatcher.user, appeal=appeal, category=hub.category("施工噪声"))
    # received appeals (not yet decided) and merged ones are not training data
    hub.submit(actor=hub.dispatcher.user, channel="hotline", contact_phone="13600000000", **NOISE)
    data = routing.training_set()
    assert len(data.messages) == 81
    labelled = dict(zip((m.subject for m in data.messages), data.labels, strict=True))
    assert labelled[LAMP["subject"]] == hub.category("噪声污染").code  # the dispatcher's decision, not the router's
    # the weekly task trains the next version on it and keeps the first
    assert routing_weekly_retrain.call_local() == 2
    second = RoutingModel.objects.get(is_active=True)
    assert (second.version, second.examples) == (2, 81)
    assert RoutingModel.objects.filter(version=1, is_active=False).exists()
    # an administrator may put the first version back
    routing.routing_model_activate(actor=hub.dispatcher.user, model=RoutingModel.objects.get(version=1))
    assert RoutingModel.objects.get(is_active=True).version == 1


def test_target_precision_outside_its_range_is_refused(hub):
    hub.history(60)
    for target in (0.3, 1.0):
        with pytest.raises(InvalidInput):
            routing.routing_model_train(actor=None, target_precision=target)
    assert not RoutingModel.objects.exists()
