from django.urls import path

from zhizhi.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.workbench, name="workbench"),
    path("inbox/", views.notification_inbox, name="inbox"),
    path("inbox/read-all/", views.notification_read_all, name="inbox_read_all"),
    path("admin/", views.admin_home, name="admin_home"),
    path("admin/health/", views.admin_health, name="admin_health"),
    path("admin/audit/", views.admin_audit, name="admin_audit"),
]
