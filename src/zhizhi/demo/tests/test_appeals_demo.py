"""The demo's 12345 history: appeals in every state, honest outcomes, replies with scores, a trained router that
routes a new appeal, live hotspots — and a second run that adds nothing."""

import pytest

from zhizhi.appeals.models import Appeal, AppealStatus, Category, Hotspot, Reply, RoutingModel
from zhizhi.appeals.routing import routing_suggest
from zhizhi.appeals.services import SHANGHAI
from zhizhi.demo.generator import demo_generate

pytestmark = pytest.mark.django_db
SMALL = {"persons": 60, "enterprises": 10, "applications": 0, "appeals": 1200}


@pytest.fixture
def summary():
    return demo_generate(seed=7, **SMALL)


def test_history_has_every_state_a_trained_router_and_live_hotspots(summary):
    appeals = Appeal.objects.all()
    assert 1100 <= appeals.count() <= 1200  # appeals generated for later today are left out
    statuses = set(appeals.values_list("status", flat=True))
    assert {
        AppealStatus.RECEIVED,
        AppealStatus.DISPATCHED,
        AppealStatus.HANDLING,
        AppealStatus.REPLIED,
        AppealStatus.CLOSED,
    } <= statuses
    assert appeals.filter(status=AppealStatus.CLOSED, resolved=False).exists()  # "closed, not resolved" is there
    assert appeals.filter(replied_on_time=False).exists() and appeals.filter(escalation_level__gt=0).exists()
    assert Reply.objects.filter(score__lt=50).exists() and Reply.objects.filter(score__gte=80).exists()
    assert Category.objects.filter(level=3).count() > 150
    # every appeal that left the centre has a department, and numbers carry the registration date
    assert not appeals.exclude(status=AppealStatus.RECEIVED).filter(department=None).exists()
    first = appeals.order_by("received_at").first()
    assert first.number == f"RX{first.received_at.astimezone(SHANGHAI):%Y%m%d}{first.pk:08d}"
    # the router is trained on the history and routes a new appeal; hotspots are live
    model = RoutingModel.objects.get(is_active=True)
    assert model.examples > 800 and model.evaluation["macro_f1"] > 0.5
    _model, suggestions = routing_suggest(
        subject="小区电梯停运",
        detail="来电人反映：小区3号楼电梯已经停了一周，物业一直不修，老人上下楼很困难，请尽快督促物业维修。",
    )
    assert suggestions and suggestions[0]["department"]
    assert Hotspot.objects.filter(is_current=True).exists()


def test_second_run_adds_nothing(summary):
    counts = (Appeal.objects.count(), Reply.objects.count(), RoutingModel.objects.count())
    again = demo_generate(seed=7, **SMALL)
    assert (Appeal.objects.count(), Reply.objects.count(), RoutingModel.objects.count()) == counts
    assert {t.table: t.created for t in again.tables}.get("appeals") == 0
