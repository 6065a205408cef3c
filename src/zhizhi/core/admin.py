"""The database admin (/admin/db/) is for looking only: every write goes through a service, with its audit row."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhizhi.core.models import AuditEntry, WorkerHeartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """No add, change or delete: the services own every write (and its audit row)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "actor_label", "action", "target_label", "client_ip")
    list_filter = ("action",)
    search_fields = ("action", "target_id")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "last_seen")
