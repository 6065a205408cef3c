from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from zhizhi.accounts.models import (
    ApiClient,
    Department,
    Division,
    Enterprise,
    Membership,
    Person,
    Staff,
    User,
)


@admin.register(User)
class ZhizhiUserAdmin(UserAdmin):
    list_display = ("username", "name", "phone", "is_active", "is_superuser")
    search_fields = ("username", "name", "phone")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("智治", {"fields": ("name", "phone")}))


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division", "parent", "is_active")
    search_fields = ("code", "name")
    raw_id_fields = ("division", "parent")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("department",)


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("employee_no", "name", "title", "is_active")
    search_fields = ("employee_no", "name", "user__username")
    inlines = [MembershipInline]
    raw_id_fields = ("user",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "sex", "division")
    search_fields = ("=id_number", "name")
    raw_id_fields = ("division", "user")


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("uscc", "name", "kind", "division")
    search_fields = ("=uscc", "name")
    raw_id_fields = ("legal_representative", "division")


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "prefix", "expires_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "last_used_at", "created_by")
