"""Read-only database admin for the appeals hub: appeals show the appellant masked."""

from django.contrib import admin

from zhizhi.appeals.models import Appeal, Category, Hotspot, RoutingModel
from zhizhi.core.admin import ReadOnlyAdmin
from zhizhi.core.masking import mask


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ("code", "path", "department", "accept_hours", "reply_days", "is_active")
    search_fields = ("code", "path")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("number", "channel", "subject", "status", "department", "received_at", "contact")
    list_filter = ("status", "channel", "kind")
    search_fields = ("number", "subject")
    exclude = ("contact_name", "contact_phone")

    @admin.display(description="诉求人")
    def contact(self, obj: Appeal) -> str:
        return f"{mask('name', obj.contact_name)} {mask('phone', obj.contact_phone)}".strip()


@admin.register(RoutingModel)
class RoutingModelAdmin(ReadOnlyAdmin):
    list_display = ("version", "trained_at", "examples", "threshold", "is_active")
    exclude = ("blob",)


@admin.register(Hotspot)
class HotspotAdmin(ReadOnlyAdmin):
    list_display = ("rank", "subject", "size", "surge", "detected_at", "is_current")
