"""Appeals hub pages (being written)."""

from django.http import Http404, HttpRequest, HttpResponse


def _missing(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


appeal_new = public_statistics = my_appeals = my_appeal = workbench_appeals = hotline_form = _missing
appeals_import = appeal_workbench = hotspots = hotspot = routing_models = _missing
