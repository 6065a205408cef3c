"""`{{ value|mask:"phone" }}`: masked personal data in templates."""

from django import template

from zhizhi.core.masking import mask as mask_value

register = template.Library()


@register.filter(name="mask")
def mask(value: str | None, kind: str) -> str:
    """Mask a value as an id_number, phone, name or address."""
    return mask_value(kind, value)
