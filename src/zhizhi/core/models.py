"""Kernel tables: the append-only audit chain and worker heartbeats."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("audit entries are append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    """One link of the tamper-evident audit chain: who did what to which object, hashed with its predecessor."""

    created_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=80, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_label = models.CharField(_("对象名称"), max_length=200, blank=True)
    department_code = models.CharField(_("部门代码"), max_length=40, blank=True, db_index=True)
    client_ip = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    algorithm = models.CharField(_("摘要算法"), max_length=10)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64)
    hash = models.CharField(_("摘要"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("audit entries are append-only")


class WorkerHeartbeat(models.Model):
    """When a background worker last proved it was alive."""

    name = models.CharField(max_length=100, primary_key=True)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("任务进程心跳")
        verbose_name_plural = _("任务进程心跳")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"
