from django.contrib import admin

from zhizhi.core.admin import ReadOnlyAdmin
from zhizhi.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "title", "created_at", "read_at")
