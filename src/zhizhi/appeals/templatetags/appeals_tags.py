"""Template helpers of the appeals hub pages: status badge colours, quality score colours, the viewer's 12345 role."""

from typing import Any

from django import template

from zhizhi.appeals.services import is_dispatcher

register = template.Library()

STATUS_TONES = {
    "received": "warn",
    "dispatched": "info",
    "returned": "bad",
    "handling": "info",
    "replied": "ok",
    "closed": "muted",
    "merged": "muted",
}


@register.filter
def appeal_tone(status: str) -> str:
    """The colour family of an appeal status badge."""
    return STATUS_TONES.get(status, "info")


@register.filter
def score_tone(score: float | None) -> str:
    """A reply quality score (0–100) as ok, warn or bad."""
    if score is None:
        return "muted"
    return "ok" if score >= 80 else "warn" if score >= 60 else "bad"


@register.simple_tag
def appeal_dispatcher(user: Any) -> bool:
    """Whether the viewer works at the 12345 dispatch centre (for showing the hotline and import links)."""
    return bool(getattr(user, "is_authenticated", False)) and is_dispatcher(user)
