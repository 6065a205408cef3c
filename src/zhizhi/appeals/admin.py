"""Read-only database admin for the appeals hub: appeals show the appellant masked."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhizhi.appeals.models import Appeal, Category, Hotspot, RoutingModel
from zhizhi.core.masking import mask


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(ReadOnly):
    list_display = ("code", "path", "department", "accept_hours", "reply_days", "is_active")
    search_fields = ("code", "path")


@admin.register(Appeal)
class AppealAdmin(ReadOnly):
    list_display = ("number", "channel", "subject", "status", "department", "received_at", "contact")
    list_filter = ("status", "channel", "kind")
    search_fields = ("number", "subject")
    exclude = ("contact_name", "contact_phone")

    @admin.display(description="诉求人")
    def contact(self, obj: Appeal) -> str:
        return f"{mask('name', obj.contact_name)} {mask('phone', obj.contact_phone)}".strip()


@admin.register(RoutingModel)
class RoutingModelAdmin(ReadOnly):
    list_display = ("version", "trained_at", "examples", "threshold", "is_active")
    exclude = ("blob",)


@admin.register(Hotspot)
class HotspotAdmin(ReadOnly):
    list_display = ("rank", "subject", "size", "surge", "detected_at", "is_current")
