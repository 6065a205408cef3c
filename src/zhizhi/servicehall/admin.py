from django.contrib import admin

from zhizhi.core.admin import ReadOnlyAdmin
from zhizhi.servicehall.models import (
    Application,
    Bundle,
    Certificate,
    CertificateType,
    ProcessDefinition,
    Rating,
    Rectification,
    ServiceItem,
    ServiceItemVersion,
    Task,
    Theme,
)


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyAdmin):
    list_display = ("implementation_code", "current", "department", "is_active")
    search_fields = ("implementation_code",)


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(ReadOnlyAdmin):
    list_display = ("name", "version", "status", "item_kind", "published_at")
    list_filter = ("status", "item_kind")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("number", "version", "department", "status", "submitted_at", "due_on")
    list_filter = ("status",)
    search_fields = ("number",)
    exclude = ("form_data", "process_state", "applicant_name")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("application", "label", "role", "department", "status")
    list_filter = ("status", "role")


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("number", "type", "issuer", "issued_on", "status")
    exclude = ("data", "holder_name", "holder_identifier")


admin.site.register([Theme, ProcessDefinition, CertificateType, Bundle, Rating, Rectification], ReadOnlyAdmin)
