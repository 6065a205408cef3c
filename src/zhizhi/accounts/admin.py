"""Read-only views of the organisation in the database admin; personal data shown masked."""

from django.contrib import admin

from zhizhi.accounts.models import ApiClient, Department, Division, Enterprise, Membership, Person, Staff, User
from zhizhi.core.admin import ReadOnlyAdmin
from zhizhi.core.masking import mask


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "audit_label", "is_active", "is_superuser", "last_login")
    search_fields = ("username",)
    exclude = ("password", "phone", "name", "email", "first_name", "last_name")


@admin.register(Division)
class DivisionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "division", "parent", "is_active")
    search_fields = ("code", "name")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Staff)
class StaffAdmin(ReadOnlyAdmin):
    list_display = ("employee_no", "name", "title", "is_active")
    search_fields = ("employee_no", "name", "user__username")
    exclude = ("phone",)
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """Masked only: unmasked reads happen through the API with a purpose, and are audited there."""

    list_display = ("id", "masked_name", "masked_id_number", "sex", "division")
    fields = ("masked_name", "masked_id_number", "masked_phone", "masked_address", "sex", "division", "user")
    readonly_fields = fields
    search_fields = ("=id_number",)

    @admin.display(description="姓名")
    def masked_name(self, person: Person) -> str:
        return mask("name", person.name)

    @admin.display(description="身份证号")
    def masked_id_number(self, person: Person) -> str:
        return mask("id_number", person.id_number)

    @admin.display(description="手机号")
    def masked_phone(self, person: Person) -> str:
        return mask("phone", person.phone)

    @admin.display(description="住址")
    def masked_address(self, person: Person) -> str:
        return mask("address", person.address)


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ("uscc", "name", "kind", "division")
    search_fields = ("=uscc", "name")
    exclude = ("legal_representative", "agents")


@admin.register(ApiClient)
class ApiClientAdmin(ReadOnlyAdmin):
    list_display = ("name", "department", "prefix", "expires_at", "revoked_at")
    exclude = ("token_hash",)
