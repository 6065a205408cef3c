"""`{{ share|percent }}` and `<i class="{{ share|bar_class }}">`: shares (0–1) as percentages and CSS bars."""

from django import template

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.853 -> 85%; nothing to show -> —."""
    if share is None:
        return "—"
    return f"{share * 100:.0f}%"


@register.filter
def bar_class(share: float | None) -> str:
    """A width class in 5% steps for a CSS bar (inline styles are not allowed by our CSP)."""
    if share is None:
        return "w-0"
    step = max(0, min(100, round(share * 20) * 5))
    return f"w-{step}"
