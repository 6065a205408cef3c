"""Service hall data: the catalogue of service items (immutable published versions), processes, applications with
their materials and tasks, bundles (一件事), e-certificates and ratings (好差评)."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhizhi.accounts.models import Department, Enterprise, Person, Staff, User
from zhizhi.core.errors import Conflict


class ItemKind(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    ADJUDICATION = "adjudication", _("行政裁决")
    BENEFIT = "benefit", _("行政给付")
    REWARD = "reward", _("行政奖励")
    FILING = "filing", _("行政备案")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class HandlingKind(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    PROMISED = "promised", _("承诺件")


class Audience(models.TextChoices):
    PERSON = "person", _("个人")
    ENTERPRISE = "enterprise", _("法人")


class OnlineDepth(models.IntegerChoices):
    INFORMATION = 1, _("信息公开")
    APPOINTMENT = 2, _("在线预约")
    ONLINE_FILING = 3, _("在线申报")
    FULLY_ONLINE = 4, _("全程网办")


class Theme(models.Model):
    """A browsing theme (生育收养, 设立变更 …) or a life event (开办企业, 出生 …) for persons or enterprises."""

    class Kind(models.TextChoices):
        THEME = "theme", _("主题")
        LIFE_EVENT = "life_event", _("人生事件")

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    audience = models.CharField(_("服务对象"), max_length=12, choices=Audience.choices)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, default=Kind.THEME)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["audience", "kind", "sort_order", "code"]
        verbose_name = _("主题")
        verbose_name_plural = _("主题")

    def __str__(self) -> str:
        return self.name


class ProcessDefinition(models.Model):
    """A validated BPMN 2.0 approval process; uploaded ones never carry scripts."""

    key = models.CharField(_("流程标识"), max_length=60)
    version = models.PositiveIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=100)
    process_id = models.CharField(_("BPMN 流程编号"), max_length=100)
    bpmn_xml = models.TextField(_("BPMN 定义"))
    digest = models.CharField(max_length=64)
    user_tasks = models.JSONField(_("人工任务"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="process_definition_key_version")]
        verbose_name = _("审批流程")
        verbose_name_plural = _("审批流程")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class CertificateType(models.Model):
    """A kind of e-certificate (营业执照, 食品经营许可证 …), the fields it carries and who issues it."""

    code = models.CharField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    holder = models.CharField(_("持证主体"), max_length=12, choices=Audience.choices)
    issuer = models.ForeignKey(Department, verbose_name=_("发证部门"), on_delete=models.PROTECT, related_name="+")
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"), null=True, blank=True)
    fields = models.JSONField(_("照面信息项"), default=list)

    class Meta:
        ordering = ["code"]
        verbose_name = _("证照类型")
        verbose_name_plural = _("证照类型")

    def __str__(self) -> str:
        return self.name

    @property
    def field_labels(self) -> dict[str, str]:
        return {f["key"]: f["label"] for f in self.fields}


class ServiceItem(models.Model):
    """A service item's lasting identity (implementation code); its guide lives in immutable versions."""

    implementation_code = models.CharField(_("实施编码"), max_length=60, unique=True)
    basic_code = models.CharField(_("基本编码"), max_length=40, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="service_items"
    )
    current = models.OneToOneField(
        "ServiceItemVersion",
        verbose_name=_("现行版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("主题"), blank=True, related_name="items")
    is_active = models.BooleanField(_("在办"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["implementation_code"]
        verbose_name = _("政务服务事项")
        verbose_name_plural = _("政务服务事项")

    def __str__(self) -> str:
        return self.current.name if self.current else self.implementation_code


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已废止")


class ServiceItemVersion(models.Model):
    """One version of an item's guide (办事指南), following the national implementation-list fields."""

    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    name = models.CharField(_("事项名称"), max_length=200)
    item_kind = models.CharField(_("事项类型"), max_length=20, choices=ItemKind.choices)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    acceptance_conditions = models.TextField(_("受理条件"), blank=True)
    process_description = models.TextField(_("办理流程"), blank=True)
    statutory_limit_days = models.PositiveSmallIntegerField(_("法定办结时限（工作日）"), default=0)
    promised_limit_days = models.PositiveSmallIntegerField(_("承诺办结时限（工作日）"), default=0)
    limit_notes = models.CharField(_("时限说明"), max_length=500, blank=True)
    handling_kind = models.CharField(_("办件类型"), max_length=12, choices=HandlingKind.choices)
    service_objects = models.JSONField(_("服务对象"), default=list)
    onsite_visits = models.PositiveSmallIntegerField(_("到现场次数"), default=0)
    fees = models.JSONField(_("收费"), default=list, blank=True)
    place = models.CharField(_("办理地点"), max_length=300, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    complaint_phone = models.CharField(_("监督投诉电话"), max_length=60, blank=True)
    online_depth = models.PositiveSmallIntegerField(
        _("网办深度"), choices=OnlineDepth.choices, default=OnlineDepth.FULLY_ONLINE
    )
    faq = models.JSONField(_("常见问题"), default=list, blank=True)
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    form_schema = models.JSONField(_("申请表单"), default=dict)
    process = models.ForeignKey(ProcessDefinition, verbose_name=_("审批流程"), on_delete=models.PROTECT)
    joint_departments = models.ManyToManyField(
        Department, verbose_name=_("并联审查部门"), blank=True, related_name="joint_review_versions"
    )
    issues_certificate = models.ForeignKey(
        CertificateType, verbose_name=_("办结发证"), null=True, blank=True, on_delete=models.PROTECT
    )
    certificate_validity_years = models.PositiveSmallIntegerField(_("证照有效期（年）"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="service_item_version_unique")]
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse to change a version once it is published (retiring it is the one allowed change)."""
        if self.pk is not None:
            stored = ServiceItemVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            retiring = kwargs.get("update_fields") == ["status"] and self.status == VersionStatus.RETIRED
            if stored in (VersionStatus.PUBLISHED, VersionStatus.RETIRED) and not retiring:
                raise Conflict(_("已发布的事项版本不可修改，请新建版本"), extra={"version_id": self.pk})
        super().save(*args, **kwargs)

    @property
    def is_immediate(self) -> bool:
        return self.handling_kind == HandlingKind.IMMEDIATE


class MaterialRequirement(models.TextChoices):
    REQUIRED = "required", _("必要")
    CONDITIONAL = "conditional", _("容缺/情形")


class MaterialSpec(models.Model):
    """A material the guide asks for, and the certificate type that can stand in for it (免提交)."""

    class Form(models.TextChoices):
        ELECTRONIC = "electronic", _("电子")
        PAPER = "paper", _("纸质")
        BOTH = "both", _("纸质和电子")

    class Source(models.TextChoices):
        APPLICANT = "applicant", _("申请人自备")
        GOVERNMENT = "government", _("政府部门核发")
        AGENCY = "agency", _("中介机构")
        OTHER = "other", _("其他")

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="materials")
    code = models.CharField(_("材料编号"), max_length=20)
    name = models.CharField(_("材料名称"), max_length=200)
    requirement = models.CharField(_("必要性"), max_length=12, choices=MaterialRequirement.choices)
    condition = models.CharField(_("适用情形"), max_length=300, blank=True)
    form = models.CharField(_("材料形式"), max_length=12, choices=Form.choices, default=Form.ELECTRONIC)
    source = models.CharField(_("来源渠道"), max_length=12, choices=Source.choices, default=Source.APPLICANT)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    blank_form = models.CharField(_("空白表格"), max_length=200, blank=True)
    sample = models.CharField(_("示例样表"), max_length=200, blank=True)
    notes = models.CharField(_("填报须知"), max_length=500, blank=True)
    certificate_type = models.ForeignKey(
        CertificateType, verbose_name=_("可替代证照"), null=True, blank=True, on_delete=models.PROTECT
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version_id", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="material_spec_code_unique")]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.name


class SearchEntry(models.Model):
    """The segmented text of an item's current version that catalogue search matches against."""

    item = models.OneToOneField(ServiceItem, on_delete=models.CASCADE, related_name="search_entry")
    body = models.TextField()

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")

    def __str__(self) -> str:
        return f"search entry of item {self.item_id}"


class Bundle(models.Model):
    """一件事: several items across departments filed with one form."""

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    audience = models.CharField(_("服务对象"), max_length=12, choices=Audience.choices)
    theme = models.ForeignKey(Theme, verbose_name=_("人生事件"), null=True, blank=True, on_delete=models.SET_NULL)
    description = models.TextField(_("说明"), blank=True)
    items = models.ManyToManyField(ServiceItem, through="BundleItem", related_name="bundles")
    promised_limit_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), default=0)
    is_active = models.BooleanField(_("在办"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="parts")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["bundle_id", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="bundle_item_unique")]

    def __str__(self) -> str:
        return f"{self.bundle_id}/{self.item_id}"


class BundleApplication(models.Model):
    """One filing of a bundle; it concludes when every part application concludes."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("办理中")
        CONCLUDED = "concluded", _("已办结")

    number = models.CharField(_("一件事编号"), max_length=30, unique=True)
    bundle = models.ForeignKey(Bundle, on_delete=models.PROTECT, related_name="filings")
    applicant = models.ForeignKey(User, on_delete=models.PROTECT, related_name="bundle_applications")
    form_data = models.JSONField(default=dict)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PROCESSING)
    submitted_at = models.DateTimeField(_("提交时间"))
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("一件事申请")
        verbose_name_plural = _("一件事申请")

    def __str__(self) -> str:
        return self.number


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    CORRECTION = "correction", _("待补正")
    PROCESSING = "processing", _("审查中")
    APPROVED = "approved", _("办结（准予）")
    DENIED = "denied", _("办结（不予许可）")
    REFUSED = "refused", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


CONCLUDED_STATUSES = frozenset(
    {ApplicationStatus.APPROVED, ApplicationStatus.DENIED, ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN}
)


class Application(models.Model):
    """An application (办件) under the item version it was filed with, its process state and its clock."""

    number = models.CharField(_("办件编号"), max_length=30, unique=True)
    version = models.ForeignKey(ServiceItemVersion, verbose_name=_("事项版本"), on_delete=models.PROTECT)
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(User, verbose_name=_("申请人账号"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("申请人"), null=True, blank=True, on_delete=models.PROTECT)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("申请单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    applicant_name = models.CharField(_("申请人名称"), max_length=200)
    bundle_application = models.ForeignKey(
        BundleApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="parts"
    )
    form_data = models.JSONField(_("表单数据"), default=dict)
    status = models.CharField(
        _("状态"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    process = models.ForeignKey(ProcessDefinition, on_delete=models.PROTECT, related_name="+")
    process_state = models.TextField(blank=True)
    # Departments with tasks in this application (the implementing one and any joint reviewers).
    departments = models.ManyToManyField(Department, related_name="+", blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # The clock in working days: started at submission, paused during 补正.
    limit_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), default=0)
    clock_started_on = models.DateField(null=True, blank=True)
    paused_since = models.DateField(null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("应办结日期"), null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    concluded_on_time = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="application_status_due"),
            models.Index(fields=["department", "status"], name="application_department_status"),
            models.Index(fields=["applicant", "-submitted_at"], name="application_applicant"),
        ]
        verbose_name = _("办件")
        verbose_name_plural = _("办件")

    def __str__(self) -> str:
        return self.number

    @property
    def is_concluded(self) -> bool:
        return self.status in CONCLUDED_STATUSES


class StoredFile(models.Model):
    """An uploaded file kept outside the web root, read only through access checks."""

    path = models.CharField(max_length=200, unique=True)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """An e-certificate: its face data, holder, validity and an SM3 digest that anyone can verify."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已注销")

    number = models.CharField(_("证照编号"), max_length=60, unique=True)
    type = models.ForeignKey(CertificateType, verbose_name=_("证照类型"), on_delete=models.PROTECT)
    holder_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates")
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    holder_name = models.CharField(_("持证人"), max_length=200)
    holder_identifier = models.CharField(_("持证人证件号码"), max_length=30)
    issuer = models.ForeignKey(Department, verbose_name=_("发证部门"), on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    data = models.JSONField(_("照面信息"), default=dict)
    digest = models.CharField(_("SM3 摘要"), max_length=64)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.VALID)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")

    def __str__(self) -> str:
        return f"{self.type.name} {self.number}"


class ApplicationMaterial(models.Model):
    """How one material of an application was supplied: an upload, or a reused certificate with consent."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="materials")
    spec = models.ForeignKey(MaterialSpec, on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    certificate = models.ForeignKey(Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    consent_at = models.DateTimeField(_("授权调用时间"), null=True, blank=True)
    # Set when a 补正 replaced this material; the row is kept, as the law requires.
    superseded_at = models.DateTimeField(_("被替换时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application_id", "spec__sort_order", "id"]
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")

    def __str__(self) -> str:
        return f"{self.application_id}/{self.spec_id}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待办")
    CLAIMED = "claimed", _("办理中")
    DONE = "done", _("已办")
    CANCELLED = "cancelled", _("已取消")


class Task(models.Model):
    """A user task of an application's process, waiting in a department's inbox for a role."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="tasks")
    engine_id = models.CharField(max_length=40)
    spec = models.CharField(max_length=100)
    label = models.CharField(_("环节"), max_length=100)
    role = models.CharField(_("角色"), max_length=20)
    department = models.ForeignKey(
        Department, verbose_name=_("办理部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcomes = models.JSONField(default=list)
    status = models.CharField(_("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    claimed_by = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    completed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("办理结果"), max_length=30, blank=True)
    opinion = models.TextField(_("办理意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["department", "role", "status"], name="task_inbox")]
        verbose_name = _("办理任务")
        verbose_name_plural = _("办理任务")

    def __str__(self) -> str:
        return f"{self.application.number} {self.label}"


class ApplicationEvent(models.Model):
    """One step of an application's timeline, as the applicant sees it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=100)
    title = models.CharField(_("事件"), max_length=200)
    note = models.TextField(_("说明"), blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.title}"


class RatingLevel(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASIC = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


class Rating(models.Model):
    """好差评 (GB/T 39735): the applicant's rating of a concluded application."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="rating")
    level = models.PositiveSmallIntegerField(_("评价等级"), choices=RatingLevel.choices)
    comment = models.CharField(_("评价内容"), max_length=500, blank=True)
    rated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level <= RatingLevel.DISSATISFIED


class Rectification(models.Model):
    """差评整改: the department's task after a bad rating, with a 15-working-day limit and a return visit."""

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        RECTIFIED = "rectified", _("已整改待回访")
        CLOSED = "closed", _("已回访")

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="rectification")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    due_on = models.DateField(_("整改期限"))
    action = models.TextField(_("整改措施"), blank=True)
    rectified_at = models.DateTimeField(null=True, blank=True)
    visit_note = models.TextField(_("回访情况"), blank=True)
    visit_satisfied = models.BooleanField(_("回访满意"), null=True, blank=True)
    visited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")

    def __str__(self) -> str:
        return f"{self.rating_id}: {self.get_status_display()}"
