"""The base of every form in the UI: labels without a trailing colon (our templates lay labels out above fields)."""

from typing import Any

from django import forms


class Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
