"""Appeals hub data (12345 接诉即办): the city's category tree with its departments and time limits, appeals with
their timeline, replies with their quality check, 督办 orders, routing model versions and detected hotspots."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhizhi.accounts.models import ApiClient, Department, Division, Person, User


class Channel(models.TextChoices):
    WEB = "web", _("网站")
    MOBILE = "mobile", _("移动端")
    HOTLINE = "hotline", _("热线电话")
    OPEN311 = "open311", _("Open311 接口")
    IMPORT = "import", _("批量导入")
    MAILBOX = "mailbox", _("领导信箱")


class AppealKind(models.TextChoices):
    CONSULT = "consult", _("咨询")
    HELP = "help", _("求助")
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    SUGGESTION = "suggestion", _("建议")
    PRAISE = "praise", _("表扬")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("待派单")
    DISPATCHED = "dispatched", _("待签收")
    RETURNED = "returned", _("已退单")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("待回访")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已并案")


OPEN_STATUSES = (
    AppealStatus.RECEIVED,
    AppealStatus.DISPATCHED,
    AppealStatus.RETURNED,
    AppealStatus.HANDLING,
    AppealStatus.REPLIED,
)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Category(models.Model):
    """A node of the city's appeal category tree; a node without its own department or limits takes its parent's."""

    code = models.CharField(_("分类代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    path = models.CharField(_("完整路径"), max_length=200, unique=True)
    level = models.PositiveSmallIntegerField(_("层级"))
    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("承办部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accept_hours = models.PositiveIntegerField(_("签收时限（小时）"), null=True, blank=True)
    reply_days = models.PositiveIntegerField(_("答复时限（工作日）"), null=True, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求分类")

    def __str__(self) -> str:
        return self.path


class RoutingModel(models.Model):
    """A trained routing classifier version with its evaluation; exactly one is active at a time."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    trained_at = models.DateTimeField(_("训练时间"))
    trained_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    examples = models.PositiveIntegerField(_("训练样本数"))
    labels = models.JSONField(_("分类标签"), default=list)
    evaluation = models.JSONField(_("评估结果"), default=dict)
    threshold = models.FloatField(_("自动派单置信度阈值"), null=True, blank=True)
    target_precision = models.FloatField(_("目标准确率"))
    train_seconds = models.FloatField(_("训练用时（秒）"), default=0)
    blob = models.BinaryField(_("模型"))
    is_active = models.BooleanField(_("启用"), default=False)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("分拨模型")
        verbose_name_plural = _("分拨模型")

    def __str__(self) -> str:
        return f"v{self.version}"


class Appeal(models.Model):
    """A citizen's appeal (诉求) from any channel, its routing, handling, reply, follow-up and clocks."""

    number = models.CharField(_("工单编号"), max_length=30, unique=True)
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices)
    external_id = models.CharField(_("外部编号"), max_length=64, blank=True)
    kind = models.CharField(_("诉求类型"), max_length=12, choices=AppealKind.choices, default=AppealKind.COMPLAINT)
    subject = models.CharField(_("标题"), max_length=200)
    detail = models.TextField(_("诉求内容"))
    division = models.ForeignKey(
        Division, verbose_name=_("发生地"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    anonymous = models.BooleanField(_("匿名"), default=False)
    appellant = models.ForeignKey(
        User, verbose_name=_("诉求人账号"), null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField(_("诉求人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    received_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        Category, verbose_name=_("诉求分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("主办部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    co_departments = models.ManyToManyField(Department, verbose_name=_("协办部门"), blank=True, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.RECEIVED)
    # routing
    suggestions = models.JSONField(_("分拨建议"), default=list, blank=True)
    confidence = models.FloatField(_("分拨置信度"), null=True, blank=True)
    routing_model = models.ForeignKey(RoutingModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    auto_dispatched = models.BooleanField(_("自动派单"), default=False)
    routed_at = models.DateTimeField(_("分拨时间"), null=True, blank=True)  # when the router looked at it
    # merging
    master = models.ForeignKey(
        "self", verbose_name=_("主工单"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    affected = models.PositiveIntegerField(_("涉及诉求人数"), default=1)
    likes = models.PositiveIntegerField(_("附议数"), default=0)
    # clocks and outcome
    received_at = models.DateTimeField(_("登记时间"))
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    accept_due_at = models.DateTimeField(_("签收时限"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    reply_due_at = models.DateTimeField(_("答复时限"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_on_time = models.BooleanField(_("按时答复"), null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("督办层级"), default=0)
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    resolved = models.BooleanField(_("已解决"), null=True, blank=True)
    close_note = models.CharField(_("办结说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("诉求工单")
        verbose_name_plural = _("诉求工单")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], condition=~models.Q(external_id=""), name="appeal_external_unique"
            )
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="appeal_status_received"),
            models.Index(fields=["department", "status"], name="appeal_department_status"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_label(self) -> str:
        return f"诉求 {self.number}"

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    @property
    def status_label(self) -> str:
        return str(self.get_status_display())

    @property
    def category_name(self) -> str | None:
        return self.category.path if self.category else None

    @property
    def department_name(self) -> str | None:
        return self.department.name if self.department else None

    @property
    def division_name(self) -> str | None:
        return self.division.name if self.division else None


class AppealEvent(models.Model):
    """One step on an appeal's timeline, as the parties see it."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.kind}"


class Intake(models.Model):
    """A request from a machine channel (Open311) that passed the checks and was answered with a token, until the task
    queue registers it as an appeal (`appeals.intake`)."""

    token = models.CharField(max_length=32, unique=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    client = models.ForeignKey(ApiClient, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField()  # the checked appeal fields, with category_id and division_id
    received_at = models.DateTimeField()
    appeal = models.OneToOneField(Appeal, null=True, blank=True, on_delete=models.PROTECT, related_name="intake")
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["id"], condition=models.Q(appeal=None), name="appeals_intake_pending")]

    def __str__(self) -> str:
        return self.token


class Reply(models.Model):
    """The answer a department sent, with the quality check it passed or was sent over."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="replies")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("答复内容"))
    # None for replies migrated from an earlier system, which were never checked
    score = models.PositiveSmallIntegerField(_("质量评分"), null=True, blank=True)
    flags = models.JSONField(_("质量提示"), default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("答复")
        verbose_name_plural = _("答复")

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.created_at:%Y-%m-%d}"


class Escalation(models.Model):
    """A 督办 step: automatic when a clock runs out (to the head, then to the supervision office) or ordered."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("层级"))
    reason = models.CharField(_("督办事由"), max_length=500)
    ordered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("督办时限"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("督办")
        verbose_name_plural = _("督办")

    def __str__(self) -> str:
        return f"{self.appeal_id} L{self.level}"


class Hotspot(models.Model):
    """A cluster of recent appeals about one problem at one place, as the last detection run found it."""

    detected_at = models.DateTimeField(_("发现时间"))
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    rank = models.PositiveIntegerField(_("排名"))
    subject = models.CharField(_("代表标题"), max_length=200)
    keywords = models.JSONField(_("关键词"), default=list)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("诉求量"))
    growth = models.FloatField(_("增长"))
    support = models.PositiveIntegerField(_("支持度"))
    score = models.FloatField()
    baseline = models.FloatField(_("基线"))
    surge = models.BooleanField(_("激增预警"), default=False)
    representative = models.ForeignKey(Appeal, null=True, on_delete=models.SET_NULL, related_name="+")
    members = models.ManyToManyField(Appeal, related_name="hotspots")
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-detected_at", "rank"]
        verbose_name = _("热点")
        verbose_name_plural = _("热点")

    def __str__(self) -> str:
        return self.subject
