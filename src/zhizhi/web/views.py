"""The shell's pages: public portal, staff workbench, administration home, health, audit log, inbox."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhizhi.accounts import selectors as org
from zhizhi.accounts.access import staff_of
from zhizhi.core.audit import audit_list, audit_verify
from zhizhi.core.health import health_report
from zhizhi.notify import selectors as inbox
from zhizhi.notify import services as inbox_services
from zhizhi.web.guards import admin_required, login_required, staff_required, user_of
from zhizhi.web.paging import page_of

PAGE_SIZE = 25


def home(request: HttpRequest) -> HttpResponse:
    """The public portal: who we are, the department directory, and the way in."""
    q = request.GET.get("q", "").strip()
    departments = page_of(request, org.department_list(q=q), size=PAGE_SIZE)
    return render(request, "web/home.html", {"departments": departments, "q": q})


@staff_required
def workbench(request: HttpRequest) -> HttpResponse:
    """The staff workbench: my roles and departments, my unread messages."""
    staff = staff_of(request.user)
    memberships = org.memberships_of(staff=staff) if staff else []
    notifications = inbox.notification_list(recipient=user_of(request))[:10]
    context = {"staff": staff, "memberships": memberships, "notifications": notifications}
    return render(request, "web/workbench.html", context)


@login_required
def notification_inbox(request: HttpRequest) -> HttpResponse:
    """Everyone's inbox, paged."""
    page = page_of(request, inbox.notification_list(recipient=user_of(request)), size=PAGE_SIZE)
    return render(request, "web/inbox.html", {"page": page})


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every message read."""
    inbox_services.notification_mark_read(recipient=user_of(request))
    return redirect("web:inbox")


@admin_required
def admin_home(request: HttpRequest) -> HttpResponse:
    """The administration area's front page."""
    return render(request, "web/admin_home.html", {"health": health_report()})


@admin_required
def admin_health(request: HttpRequest) -> HttpResponse:
    """Database, queue and worker status."""
    report = health_report()
    return render(request, "web/health.html", {"health": report}, status=200 if report.ok else 503)


@admin_required
def admin_audit(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, filterable by action, with an on-demand chain check."""
    action = request.GET.get("action", "").strip()
    page = page_of(request, audit_list(action_prefix=action), size=50)
    report = audit_verify() if request.GET.get("verify") else None
    return render(request, "web/audit.html", {"page": page, "action": action, "report": report})
