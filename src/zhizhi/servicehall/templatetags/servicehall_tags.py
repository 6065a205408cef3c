"""Template filters of the service hall pages: labels for codes, ratings as bar shares, masked form values."""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from zhizhi.accounts.models import Role
from zhizhi.core.masking import mask
from zhizhi.servicehall.form_schema import form_field_mask_kind
from zhizhi.servicehall.forms import OUTCOME_LABELS
from zhizhi.servicehall.models import RatingLevel

register = template.Library()

ROLE_LABELS: dict[str, Any] = {**dict(Role.choices), "applicant": _("申请人")}
STATUS_TONES = {
    "submitted": "info",
    "processing": "info",
    "correction": "warn",
    "approved": "ok",
    "denied": "bad",
    "refused": "bad",
    "withdrawn": "muted",
}


@register.filter
def outcome_label(outcome: str) -> str:
    """受理, 要求补正 … for a task outcome code."""
    return str(OUTCOME_LABELS.get(outcome, outcome))


@register.filter
def role_label(role: str) -> str:
    """The Chinese name of the role a task waits for."""
    return str(ROLE_LABELS.get(role, role))


@register.filter
def rating_label(level: int | None) -> str:
    """非常满意 … 非常不满意."""
    if level is None:
        return ""
    try:
        return str(RatingLevel(int(level)).label)
    except ValueError:
        return str(level)


@register.filter
def status_tone(status: str) -> str:
    """The colour family of an application status badge."""
    return STATUS_TONES.get(status, "info")


@register.filter
def rating_share(average: float | None) -> float | None:
    """An average rating (1–5) as a share of the best one, for a bar."""
    return None if average is None else average / 5


@register.filter
def form_value(value: Any) -> str:
    """A form value as the applicant would read it."""
    if value is True:
        return str(_("是"))
    if value is False:
        return str(_("否"))
    if value in (None, ""):
        return "—"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


@register.filter
def masked_form_value(value: Any, key: str) -> str:
    """A form value for a viewer who may not see personal data: names, numbers, phones and addresses masked."""
    kind = form_field_mask_kind(key)
    text = form_value(value)
    if kind is None or text == "—":
        return text
    return mask(kind, text)
