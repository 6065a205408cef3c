from django.urls import path

from zhizhi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/login/verify/", views.login_verify, name="login_verify"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/register/", views.register_view, name="register"),
    path("accounts/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("admin/departments/", views.department_list, name="department_list"),
    path("admin/departments/new/", views.department_edit, name="department_create"),
    path("admin/departments/<int:department_id>/", views.department_edit, name="department_edit"),
    path("admin/departments/<int:department_id>/staff/", views.department_members, name="department_members"),
    path("admin/staff/", views.staff_list, name="staff_list"),
    path("admin/staff/new/", views.staff_create, name="staff_create"),
    path("admin/staff/<int:staff_id>/", views.staff_detail, name="staff_detail"),
    path("admin/api-clients/", views.api_client_list, name="api_client_list"),
    path("admin/api-clients/new/", views.api_client_create, name="api_client_create"),
]
