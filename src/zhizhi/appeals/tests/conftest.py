"""The appeals hub's test world: a 12345 centre with a dispatcher, two handling departments with staff and heads,
a small category tree, a community to happen in, and a registered citizen."""

from typing import Any

import pytest

from zhizhi.accounts.models import Role
from zhizhi.accounts.tests.factories import (
    DepartmentFactory,
    DivisionFactory,
    PersonFactory,
    UserFactory,
    staff_with_role,
)
from zhizhi.appeals import services
from zhizhi.appeals.models import Appeal, Category, Channel

CATEGORY_ROWS = [
    {"level1": "城乡建设", "level2": "市政设施", "level3": "路灯损坏", "department": "359900-CGJ", "reply_days": "5"},
    {"level1": "城乡建设", "level2": "市政设施", "level3": "道路破损", "department": "359900-CGJ", "reply_days": "5"},
    {"level1": "城乡建设", "level2": "市容环卫", "level3": "垃圾清运", "department": "359900-CGJ", "accept_hours": "2"},
    {"level1": "环境保护", "level2": "噪声污染", "level3": "施工噪声", "department": "359900-SHJ", "reply_days": "3"},
    {"level1": "教育文体", "level2": "招生入学", "level3": "入学咨询", "department": "359900-JYJ"},
]

HISTORY_PLACES = [
    *("幸福里小区", "人民路", "解放路", "东湖花园", "建设路"),
    *("朝阳小区", "滨江路", "新华街", "文化路", "金桥小区"),
]
# (category, subject, detail) patterns of the city's past appeals; {p} a place, {n} a number
HISTORY = [
    ("路灯损坏", "{p}路灯不亮", "{p}的路灯已经坏了{n}天，晚上一片漆黑，行人出行不安全，请尽快维修路灯。"),
    ("路灯损坏", "{p}路灯忽明忽暗", "{p}附近有{n}盏路灯一直闪烁，灯杆也有些倾斜，希望派人检修照明设施。"),
    ("道路破损", "{p}路面坑洼", "{p}路面出现{n}处坑洞，下雨积水，电动车经过容易摔倒，请修补破损路面。"),
    ("道路破损", "{p}人行道砖松动", "{p}的人行道地砖松动翘起{n}处，老人走路容易绊倒，请尽快修复道路。"),
    ("垃圾清运", "{p}垃圾没人清运", "{p}的垃圾桶已经{n}天没人清运，垃圾堆满溢出，气味难闻，请及时清理。"),
    ("垃圾清运", "{p}建筑垃圾乱堆", "{p}路边堆了{n}车装修垃圾和杂物，影响市容卫生，请环卫部门清运。"),
    ("施工噪声", "{p}工地夜间施工扰民", "{p}旁边的工地每天晚上施工到{n}点多，机器轰鸣，居民无法休息。"),
    ("施工噪声", "{p}打桩噪声太大", "{p}附近工地从早上{n}点开始打桩，噪声震耳，孩子没法上网课，请查处。"),
]


class Hub:
    def __init__(self, org: Any) -> None:
        self.org = org
        self.street = DivisionFactory(code="359902001", name="人民路街道", level="street", parent=org.district)
        self.community = DivisionFactory(code="359902001001", name="幸福里社区", level="community", parent=self.street)
        self.centre = DepartmentFactory(
            code="359900-ZSJ-RX", name="12345热线中心", division=org.city, parent=org.service
        )
        self.urban = DepartmentFactory(code="359900-CGJ", name="城市管理局", division=org.city)
        self.environment = DepartmentFactory(code="359900-SHJ", name="生态环境局", division=org.city)
        self.dispatcher = staff_with_role(self.centre, Role.DISPATCHER, user__username="dispatcher1", name="吴派单")
        self.urban_handler = staff_with_role(self.urban, Role.REVIEWER, user__username="cg1", name="陈城管")
        self.urban_head = staff_with_role(self.urban, Role.DEPARTMENT_HEAD, user__username="cghead", name="周局长")
        self.env_handler = staff_with_role(self.environment, Role.REVIEWER, user__username="hb1", name="孙环保")
        services.categories_import(actor=None, rows=CATEGORY_ROWS)
        self.citizen = UserFactory(username="citizen1", phone="13912345678")
        self.person = PersonFactory(name="刘市民", phone="13912345678", user=self.citizen)
        self.other_citizen = UserFactory(username="citizen2")
        PersonFactory(name="赵邻居", phone="13800001111", user=self.other_citizen)

    def category(self, name: str) -> Category:
        return Category.objects.get(name=name)

    def submit(self, detail: str = "", **overrides: Any) -> Appeal:
        values: dict[str, Any] = {
            "channel": Channel.WEB,
            "subject": "幸福里小区路灯不亮",
            "detail": detail or "幸福里小区3栋门口的路灯已经坏了两个星期，晚上一片漆黑，老人出门不安全，请尽快维修。",
            "division_code": self.community.code,
            "address": "示范市中山区人民路街道幸福里小区3栋",
            "contact_phone": "13912345678",
        }
        values.update(overrides)
        actor = values.pop("actor", self.citizen)
        return services.appeal_submit(actor=actor, data=services.AppealIn(**values))

    def dispatched(self, category: str = "路灯损坏", **overrides: Any) -> Appeal:
        appeal = self.submit(**overrides)
        return services.appeal_dispatch(actor=self.dispatcher.user, appeal=appeal, category=self.category(category))

    def history(self, count: int = 80) -> list[Appeal]:
        """`count` past hotline calls that the dispatcher sent on, from HISTORY's patterns: the router's training
        data (市政设施 and 市容环卫 go to the urban management bureau, 噪声污染 to the environment bureau)."""
        appeals = []
        for i in range(count):
            category, subject, detail = HISTORY[i % len(HISTORY)]
            place, n = HISTORY_PLACES[(i // len(HISTORY)) % len(HISTORY_PLACES)], 2 + i % 7
            appeals.append(
                self.dispatched(
                    category,
                    actor=self.dispatcher.user,
                    channel="hotline",
                    subject=subject.format(p=place),
                    detail=detail.format(p=place, n=n),
                    contact_phone="13600000000",
                )
            )
        return appeals


GOOD_REPLY = (
    "经现场核查，幸福里小区3栋门口路灯因线路老化损坏。我局已于11月20日安排维修班组更换线路和灯具，"
    "路灯现已恢复照明。依据《示范市城市照明管理办法》，路灯设施由我局负责日常维护。"
    "如再有故障，请拨打城市照明服务电话0599-83123456。"
)
BOILERPLATE_REPLY = "您反映的问题已收悉，我们将高度重视，认真研究，及时处理。感谢您对我们工作的关注和支持！"


@pytest.fixture
def hub(org: Any) -> Hub:
    return Hub(org)
