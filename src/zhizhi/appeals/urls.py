"""Appeals hub addresses: Open311 GeoReport v2 and the pages."""

from django.urls import path, re_path

from zhizhi.appeals import open311, views

FMT = r"(?P<fmt>[a-z]{1,10})"

urlpatterns = [
    re_path(rf"^open311/v2/discovery\.{FMT}$", open311.discovery, name="open311-discovery"),
    re_path(rf"^open311/v2/services\.{FMT}$", open311.service_list, name="open311-services"),
    re_path(rf"^open311/v2/services/(?P<service_code>[\w-]{{1,40}})\.{FMT}$", open311.service_definition),
    re_path(rf"^open311/v2/requests\.{FMT}$", open311.requests_endpoint, name="open311-requests"),
    re_path(rf"^open311/v2/requests/(?P<service_request_id>[\w-]{{1,40}})\.{FMT}$", open311.request_detail),
    re_path(rf"^open311/v2/tokens/(?P<token>[\w-]{{1,40}})\.{FMT}$", open311.token_detail),
    path("appeals/new/", views.appeal_new, name="appeal-new"),
    path("appeals/statistics/", views.public_statistics, name="appeal-statistics"),
    path("my/appeals/", views.my_appeals, name="my-appeals"),
    path("my/appeals/<str:number>/", views.my_appeal, name="my-appeal"),
    path("workbench/appeals/", views.workbench_appeals, name="workbench-appeals"),
    path("workbench/appeals/hotline/", views.hotline_form, name="appeal-hotline"),
    path("workbench/appeals/hotline/preview/", views.hotline_preview, name="appeal-hotline-preview"),
    path("workbench/appeals/import/", views.appeals_import, name="appeal-import"),
    path("workbench/appeals/<str:number>/", views.appeal_workbench, name="appeal-workbench"),
    path("workbench/hotspots/", views.hotspots, name="hotspots"),
    path("workbench/hotspots/<int:hotspot_id>/", views.hotspot, name="hotspot"),
    path("workbench/routing/", views.routing_models, name="routing-models"),
]
