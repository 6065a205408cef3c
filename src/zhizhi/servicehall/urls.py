from django.urls import path

from zhizhi.servicehall import views

app_name = "servicehall"

urlpatterns = [
    # public: catalogue, guides, certificate verification
    path("services/", views.catalogue, name="catalogue"),
    path("services/bundles/<slug:code>/", views.bundle_guide, name="bundle_guide"),
    path("services/bundles/<slug:code>/apply/", views.bundle_apply, name="bundle_apply"),
    path("services/<slug:code>/", views.guide, name="guide"),
    path("services/<slug:code>/apply/", views.apply, name="apply"),
    path("certificates/verify/", views.certificate_verify, name="certificate_verify"),
    # applicants
    path("my/applications/", views.my_applications, name="my_applications"),
    path("my/applications/<slug:number>/", views.my_application, name="my_application"),
    path("my/applications/<slug:number>/receipt/", views.receipt, name="receipt"),
    path("my/applications/<slug:number>/materials/<int:material_id>/", views.my_material, name="my_material"),
    path("my/bundles/<slug:number>/", views.my_bundle, name="my_bundle"),
    path("my/certificates/", views.my_certificates, name="my_certificates"),
    path("my/certificates/<int:certificate_id>/", views.my_certificate, name="my_certificate"),
    # staff
    path("workbench/tasks/", views.task_inbox, name="task_inbox"),
    path("workbench/tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("workbench/tasks/<int:task_id>/claim/", views.task_claim, name="task_claim"),
    path("workbench/applications/", views.staff_applications, name="staff_applications"),
    path("workbench/applications/<slug:number>/", views.staff_application, name="staff_application"),
    path(
        "workbench/applications/<slug:number>/materials/<int:material_id>/",
        views.staff_material,
        name="staff_material",
    ),
    path("workbench/servicehall/stats/", views.statistics, name="statistics"),
    path("workbench/rectifications/", views.rectifications, name="rectifications"),
    # administration
    path("admin/processes/", views.admin_processes, name="admin_processes"),
    path("admin/catalogue/", views.admin_catalogue, name="admin_catalogue"),
    path("admin/catalogue/export.json", views.admin_catalogue_export, {"fmt": "json"}, name="catalogue_export_json"),
    path("admin/catalogue/export.xlsx", views.admin_catalogue_export, {"fmt": "xlsx"}, name="catalogue_export_xlsx"),
]
