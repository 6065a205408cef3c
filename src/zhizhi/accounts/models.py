"""The organisation: divisions, departments, staff and their roles, citizens, enterprises, API clients."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhizhi.core.masking import mask_name


class User(AbstractUser):
    """A login: staff by user name, citizens and enterprise agents by phone."""

    name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, unique=True, null=True, blank=True)

    REQUIRED_FIELDS: ClassVar[list[str]] = ["email"]

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def audit_label(self) -> str:
        """Staff by name (public officials); citizens by account number only, since name and phone are personal data."""
        if hasattr(self, "staff") or self.is_superuser:
            return f"{self.name or self.username} ({self.username})"
        return f"citizen #{self.pk}"


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    STREET = "street", _("乡镇街道")
    COMMUNITY = "community", _("村社区")


class Division(models.Model):
    """An administrative division: GB/T 2260 six-digit codes, streets (9) and communities (12) below a county."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=12, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A government department or one of its units, attached to a division level."""

    code = models.CharField(_("部门代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    division = models.ForeignKey(Division, verbose_name=_("所属区划"), on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    WINDOW_CLERK = "window_clerk", _("窗口受理人员")
    REVIEWER = "reviewer", _("审核人员")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")
    DISPATCHER = "dispatcher", _("派单员")
    DATA_OFFICER = "data_officer", _("数据专员")
    SUPERVISOR = "supervisor", _("效能监察人员")
    SYSADMIN = "sysadmin", _("系统管理员")


class Staff(models.Model):
    """A government employee: one login, memberships in one or more departments."""

    user = models.OneToOneField(User, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="staff")
    name = models.CharField(_("姓名"), max_length=100)
    employee_no = models.CharField(_("工号"), max_length=40, unique=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee_no"]
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A staff member's role in a department; the role reaches the department's sub-units too."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [models.UniqueConstraint(fields=["staff", "department", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.staff} · {self.department} · {self.get_role_display()}"


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Person(models.Model):
    """A real-name natural person (the population register's entry), with an optional login."""

    name = models.CharField(_("姓名"), max_length=100)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("手机号"), max_length=20, blank=True, db_index=True)
    division = models.ForeignKey(Division, verbose_name=_("户籍区划"), null=True, blank=True, on_delete=models.PROTECT)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    user = models.OneToOneField(
        User, verbose_name=_("账号"), null=True, blank=True, on_delete=models.PROTECT, related_name="person"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("自然人")
        verbose_name_plural = _("自然人")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"{mask_name(self.name)} #{self.pk}"


class Enterprise(models.Model):
    """A legal person identified by its unified social credit code."""

    name = models.CharField(_("名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    kind = models.CharField(_("类型"), max_length=60, blank=True)
    legal_representative = models.ForeignKey(
        Person, verbose_name=_("法定代表人"), on_delete=models.PROTECT, related_name="represented_enterprises"
    )
    division = models.ForeignKey(Division, verbose_name=_("登记区划"), null=True, blank=True, on_delete=models.PROTECT)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    registered_on = models.DateField(_("成立日期"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    agents = models.ManyToManyField(Person, through="EnterpriseAgent", related_name="agent_for")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name


class EnterpriseAgent(models.Model):
    """A person authorised to act for an enterprise online (经办人)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="agent_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agent_links")
    is_active = models.BooleanField(_("有效"), default=True)
    authorised_at = models.DateTimeField(_("授权时间"), default=timezone.now)

    class Meta:
        verbose_name = _("企业经办人")
        verbose_name_plural = _("企业经办人")
        constraints = [models.UniqueConstraint(fields=["enterprise", "person"], name="agent_unique")]

    def __str__(self) -> str:
        return f"{self.person} → {self.enterprise}"


class ApiScope(models.TextChoices):
    DIVISIONS_READ = "divisions:read", _("读取行政区划")
    DEPARTMENTS_READ = "departments:read", _("读取部门")
    PERSONS_READ = "persons:read", _("查询自然人（脱敏）")
    ENTERPRISES_READ = "enterprises:read", _("查询企业（脱敏）")
    SERVICEHALL_READ = "servicehall:read", _("读取本部门办件（脱敏）")
    APPEALS_READ = "appeals:read", _("读取本部门诉求（脱敏）")
    OPEN311 = "open311", _("Open311 诉求上报与查询")


class ApiClient(models.Model):
    """A department system that calls the API with a token; only the token's digest is stored."""

    name = models.CharField(_("系统名称"), max_length=100)
    department = models.ForeignKey(Department, verbose_name=_("所属部门"), on_delete=models.PROTECT)
    prefix = models.CharField(_("令牌前缀"), max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("权限范围"), default=list)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("接口调用方")
        verbose_name_plural = _("接口调用方")

    def __str__(self) -> str:
        return self.name

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PhoneChallenge(models.Model):
    """A one-time SMS code sent to a phone for registration or login; only its digest is kept."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("注册")
        LOGIN = "login", _("登录")

    phone = models.CharField(max_length=20, db_index=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.phone} ({self.purpose})"
