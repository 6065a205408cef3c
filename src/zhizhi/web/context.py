"""Template context every page gets: the site name, the viewer's areas and unread count."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from zhizhi.accounts.access import is_sysadmin, staff_of
from zhizhi.notify.selectors import notification_unread_count


def shell(request: HttpRequest) -> dict[str, Any]:
    """Which areas the header offers to this viewer."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_name": settings.SITE_NAME, "is_staff_member": False, "is_admin": False, "unread": 0}
    return {
        "site_name": settings.SITE_NAME,
        "is_staff_member": staff_of(user) is not None,
        "is_admin": is_sysadmin(user),
        "unread": notification_unread_count(recipient=user),
    }
