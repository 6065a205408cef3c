"""URL map: public portal and workbench (web), accounts, administration, the API and Django's database admin."""

from django.contrib import admin
from django.urls import include, path, re_path
from django_otp.admin import OTPAdminSite

from zhizhi.config.api import api
from zhizhi.core.api import api_route_not_found

admin.site.__class__ = OTPAdminSite  # the database admin asks for a verified second factor too

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_route_not_found),
    path("admin/db/", admin.site.urls),
    path("", include("zhizhi.accounts.urls")),
    path("", include("zhizhi.servicehall.urls")),
    path("", include("zhizhi.appeals.urls")),
    path("", include("zhizhi.web.urls")),
]

handler404 = "zhizhi.web.errors.page_not_found"
handler500 = "zhizhi.web.errors.server_error"
