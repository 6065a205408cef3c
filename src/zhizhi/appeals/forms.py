"""Forms of the appeals hub's pages. They only parse what was typed (and refuse NUL characters); the services check
lengths, places, coordinates and phones and say what is wrong, and the pages put those messages next to the fields.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhizhi.appeals.models import AppealKind, Satisfaction
from zhizhi.appeals.services import MAX_DETAIL, MAX_NOTE, MAX_REPLY, MAX_SUBJECT, MIN_DETAIL
from zhizhi.web.forms import Form


@dataclass(frozen=True)
class PlaceChoices:
    """The place selects' options: districts, the chosen district's streets, the chosen street's communities."""

    districts: list[tuple[str, str]] = field(default_factory=list)
    streets: list[tuple[str, str]] = field(default_factory=list)
    communities: list[tuple[str, str]] = field(default_factory=list)


NUMBER = re.compile(r"[A-Za-z0-9-]{1,30}")
RESOLVED_CHOICES = [("yes", _("已解决")), ("no", _("未解决"))]


def _text(label: Any, *, required: bool = False, maxlength: int | None = None, **attrs: Any) -> forms.CharField:
    """A text input; `maxlength` only helps the browser, the service names the limit when it is passed."""
    if maxlength:
        attrs["maxlength"] = maxlength
    return forms.CharField(label=label, required=required, widget=forms.TextInput(attrs=attrs))


def _area(label: Any, *, rows: int = 5, maxlength: int | None = None, **attrs: Any) -> forms.CharField:
    if maxlength:
        attrs["maxlength"] = maxlength
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows, **attrs}))


class AppealForm(Form):
    """The citizen's 我要反映 form (web and mobile)."""

    kind = forms.ChoiceField(label=_("诉求类型"), choices=AppealKind.choices, initial=AppealKind.COMPLAINT)
    district = forms.ChoiceField(label=_("区县"), required=False)
    street = forms.ChoiceField(label=_("街道（乡镇）"), required=False)
    community = forms.ChoiceField(label=_("社区（村）"), required=False)
    subject = _text(_("标题"), maxlength=MAX_SUBJECT, placeholder=_("一句话概括，例如：小区门口路灯不亮"))
    detail = _area(
        _("诉求内容"),
        rows=8,
        maxlength=MAX_DETAIL,
        placeholder=_("请写明什么时间、什么地点、发生了什么问题，以及您的诉求"),
    )
    division_code = _text(_("或填写区划代码"), maxlength=12, inputmode="numeric", autocomplete="off")
    address = _text(_("详细地址"), maxlength=200, placeholder=_("例如：解放路12号北门"))
    latitude = _text(_("纬度"), maxlength=20, inputmode="decimal", autocomplete="off")
    longitude = _text(_("经度"), maxlength=20, inputmode="decimal", autocomplete="off")
    anonymous = forms.BooleanField(label=_("匿名反映（不留姓名和电话，将无法收到回访）"), required=False)
    contact_phone = _text(_("联系电话"), maxlength=20, inputmode="tel", autocomplete="tel")

    def __init__(self, *args: Any, places: "PlaceChoices", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices, empty in (
            ("district", places.districts, _("请选择区县")),
            ("street", places.streets, _("请选择街道")),
            ("community", places.communities, _("请选择社区")),
        ):
            self.fields[name].choices = [("", empty), *choices]  # type: ignore[attr-defined]
        self.fields["subject"].help_text = _("可不填，将取诉求内容的第一句")
        self.fields["detail"].help_text = _("必填，%(min)d 至 %(max)d 字") % {"min": MIN_DETAIL, "max": MAX_DETAIL}
        self.fields["division_code"].help_text = _("12 位街道、社区代码或 6 位区县代码，填写后以此为准")
        self.fields["latitude"].help_text = _("可选，十进制度数，例如 26.074508")
        self.fields["contact_phone"].help_text = _("默认为您账号的手机号；工作人员可能通过此电话回访")

    def division_code_chosen(self) -> str:
        """The place's division: a typed code, else the most specific of the chosen community, street, district."""
        data = self.cleaned_data
        return str(
            data.get("division_code") or data.get("community") or data.get("street") or data.get("district") or ""
        ).strip()


class HotlineForm(AppealForm):
    """The hotline operator's form: the caller first, in the order of the call."""

    field_order = [
        "contact_phone",
        "contact_name",
        "anonymous",
        "kind",
        "district",
        "street",
        "community",
        "division_code",
        "address",
        "subject",
        "detail",
        "latitude",
        "longitude",
    ]
    contact_name = _text(_("来电人姓名"), maxlength=50, autocomplete="off")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].label = _("来电号码")
        self.fields["contact_phone"].help_text = ""
        self.fields["anonymous"].label = _("来电人要求匿名")
        self.fields["subject"].help_text = _("可不填，将取诉求内容的第一句")
        shortcuts = {
            "contact_phone": "p",
            "contact_name": "n",
            "anonymous": "m",
            "kind": "k",
            "district": "q",
            "address": "a",
            "subject": "t",
            "detail": "d",
        }
        for name, key in shortcuts.items():
            self.fields[name].widget.attrs["accesskey"] = key
        self.fields["contact_phone"].widget.attrs["autofocus"] = True
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "off"
        self.fields["detail"].widget.attrs["placeholder"] = _("按来电人所述记录：时间、地点、问题、诉求")


class FollowUpForm(Form):
    """回访: the appellant's rating of the reply."""

    satisfaction = forms.ChoiceField(
        label=_("您对答复是否满意"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = _area(_("意见和建议"), rows=3, maxlength=MAX_NOTE)


class UnmaskForm(Form):
    purpose = forms.CharField(
        label=_("查看目的"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("例如：电话核实诉求地点")}),
        help_text=_("查看未脱敏的联系方式将记入审计日志"),
    )


class DispatchForm(Form):
    """派单 with the full category choice; the one-click suggestion buttons post only `category`."""

    category = forms.ChoiceField(label=_("诉求分类"))
    department = forms.ChoiceField(label=_("主办部门"), required=False, help_text=_("不选则为分类对应的承办部门"))
    co_departments = forms.MultipleChoiceField(
        label=_("协办部门"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("可多选（按住 Ctrl 键）"),
    )
    note = _area(_("派单说明"), rows=2, maxlength=MAX_NOTE)

    def __init__(
        self, *args: Any, categories: list[tuple[str, str]], departments: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("请选择分类")), *categories]  # type: ignore[attr-defined]
        self.fields["department"].choices = [("", _("按分类默认")), *departments]  # type: ignore[attr-defined]
        self.fields["co_departments"].choices = departments  # type: ignore[attr-defined]


class ReasonForm(Form):
    reason = _area(_("退单理由"), rows=3, maxlength=MAX_NOTE, placeholder=_("例如：不属于本部门职责，应由××负责"))


class EscalateForm(Form):
    reason = _area(_("督办事由"), rows=2, maxlength=MAX_NOTE)
    days = forms.IntegerField(
        label=_("督办时限（工作日）"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("可不填；填写后答复时限不晚于此"),
    )


class CloseForm(Form):
    resolved = forms.ChoiceField(label=_("办结结果"), choices=RESOLVED_CHOICES, widget=forms.RadioSelect)
    note = _area(_("办结说明"), rows=2, maxlength=MAX_NOTE)


class CallFollowUpForm(FollowUpForm):
    """回访 recorded by the hotline centre after calling the appellant."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["satisfaction"].label = _("诉求人评价")
        self.fields["note"].label = _("回访记录")


class ReplyForm(Form):
    text = _area(_("答复内容"), rows=8, maxlength=MAX_REPLY)
    confirmed = forms.BooleanField(label=_("仍然发送（已知晓上述质量提示）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "请写明诉求的地点和对象、采取的措施、依据、办理结果和联系人电话；可先“检查答复质量”"
        )


class NumbersField(forms.MultipleChoiceField):
    """Appeal numbers ticked in a list; whether each may be read is checked against the actor's appeals."""

    def valid_value(self, value: Any) -> bool:
        return bool(NUMBER.fullmatch(str(value)))


class MergeForm(Form):
    duplicates = NumbersField(
        label=_("重复诉求"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择要合并的重复诉求")},
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("诉求数据文件"),
        help_text=_("CSV（UTF-8 或 GB18030）或 Excel（.xlsx）；第一行为列名，须有“外部编号”和“诉求内容”列"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
