from django.contrib import admin

from zhizhi.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "title", "created_at", "read_at")
    raw_id_fields = ("recipient",)
