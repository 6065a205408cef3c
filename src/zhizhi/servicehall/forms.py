"""Forms of the service hall's pages: the fixed ones as Django forms, the applicant's generated form as field views.

An application form is defined by its item's JSON Schema (`form_schema.form_fields`); the service cleans what the
applicant typed, so the page only renders the fields (with HTML5 hints) and shows the service's messages again.
"""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from zhizhi.servicehall.form_schema import FormField
from zhizhi.servicehall.models import Certificate, MaterialSpec, RatingLevel
from zhizhi.web.forms import Form

# What a task outcome means, as the completion form offers it.
OUTCOME_LABELS: dict[str, Any] = {
    "accept": _("受理"),
    "correction": _("要求补正"),
    "refuse": _("不予受理"),
    "pass": _("审查通过"),
    "return": _("退回"),
    "agree": _("同意"),
    "object": _("提出意见"),
    "approve": _("准予"),
    "deny": _("不予许可"),
    "done": _("已提交补正"),
}
# Uploads the browser offers by default; the server checks every file by its content anyway.
MATERIAL_ACCEPT = ".pdf,.jpg,.jpeg,.png,.ofd,.docx,.xlsx"
KEY_PATTERN = r"^[a-z][a-z0-9_]{1,59}$"


# -- the generated application form ------------------------------------------------------------------------------


@dataclass
class FieldView:
    """One generated form field with what the applicant typed and the service's message about it."""

    field: FormField
    value: Any
    error: str = ""

    @property
    def id(self) -> str:
        return f"f_{self.field.key}"

    @property
    def name(self) -> str:
        return self.field.key

    @property
    def label(self) -> str:
        return self.field.label

    @property
    def is_checkbox(self) -> bool:
        return self.field.kind == "boolean"

    def widget(self) -> SafeString:
        """The input element with the HTML5 attributes the schema allows (escaped by Django's widgets)."""
        f = self.field
        attrs: dict[str, Any] = {"id": self.id}
        described = [f"{self.id}_help"] if f.help else []
        if self.error:
            attrs["aria-invalid"] = "true"
            described.append(f"{self.id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        if f.required and f.source is None and f.kind != "boolean":
            attrs["required"] = True
        if f.kind in ("text", "textarea") and f.max_length:
            attrs["maxlength"] = f.max_length
        if f.kind == "text" and f.pattern:
            attrs["pattern"] = f.pattern
        if f.kind in ("integer", "number"):
            if f.minimum is not None:
                attrs["min"] = _number_text(f.minimum)
            if f.maximum is not None:
                attrs["max"] = _number_text(f.maximum)
            attrs["step"] = "1" if f.kind == "integer" else "any"
            attrs["inputmode"] = "numeric" if f.kind == "integer" else "decimal"
        widget: forms.Widget
        value = self.value
        if f.kind == "textarea":
            widget = forms.Textarea(attrs={"rows": 4})
        elif f.kind == "date":
            widget = forms.DateInput(attrs={"type": "date"})
        elif f.kind in ("integer", "number"):
            widget = forms.NumberInput()
        elif f.kind == "select":
            widget = forms.Select(choices=[("", _("请选择")), *[(c, c) for c in f.choices]])
        elif f.kind == "boolean":
            widget = forms.CheckboxInput()
            value = value in (True, "on", "true", "1")
        else:
            widget = forms.TextInput()
        return widget.render(self.name, value, attrs=attrs)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def field_views(fields: list[FormField], *, values: dict[str, Any], errors: dict[str, str]) -> list[FieldView]:
    """The generated form's fields with their values and messages."""
    return [FieldView(field=f, value=values.get(f.key, ""), error=str(errors.get(f.key, ""))) for f in fields]


@dataclass
class MaterialView:
    """One material to supply: a file input, and the applicant's certificates that may stand in for it."""

    spec: MaterialSpec
    key: str  # "<material code>" or, in a bundle, "<implementation code>/<material code>"
    certificates: list[Certificate] = field(default_factory=list)
    reuse: str = ""  # the chosen certificate id, as posted
    error: str = ""

    @property
    def file_name(self) -> str:
        return f"material_{self.key}"

    @property
    def reuse_name(self) -> str:
        return f"reuse_{self.key}"

    @property
    def id(self) -> str:
        return "m_" + self.key.replace("/", "__")

    @property
    def accept(self) -> str:
        return MATERIAL_ACCEPT


# -- fixed forms -------------------------------------------------------------------------------------------------


class RatingForm(Form):
    level = forms.TypedChoiceField(
        label=_("评价等级"), choices=RatingLevel.choices, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("评价内容"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskCompleteForm(Form):
    outcome = forms.ChoiceField(label=_("办理结果"), widget=forms.RadioSelect)
    opinion = forms.CharField(
        label=_("办理意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("要求补正、不予受理、退回、提出意见和不予许可时必须说明理由"),
    )

    def __init__(self, *args: Any, outcomes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, OUTCOME_LABELS.get(o, o)) for o in outcomes]  # type: ignore[attr-defined]


class VerifyForm(Form):
    number = forms.CharField(label=_("证照编号"), max_length=60)
    digest = forms.CharField(
        label=_("SM3 校验码"),
        max_length=64,
        help_text=_("证照上印制的 64 位十六进制校验码"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ProcessUploadForm(Form):
    key = forms.RegexField(
        label=_("流程标识"),
        regex=KEY_PATTERN,
        max_length=60,
        help_text=_("小写字母开头，只含小写字母、数字和下划线，例如 standard"),
        error_messages={"invalid": _("流程标识只能包含小写字母、数字和下划线，以字母开头，至少 2 位")},
    )
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    file = forms.FileField(
        label=_("BPMN 文件"),
        help_text=_("BPMN 2.0 XML（UTF-8），不超过 1 MB；不能包含脚本任务或脚本"),
        widget=forms.ClearableFileInput(attrs={"accept": ".bpmn,.xml"}),
    )


class CatalogueImportForm(Form):
    file = forms.FileField(
        label=_("事项目录文件"),
        help_text=_("导出的 JSON 文件或 Excel 工作簿（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )
