"""Forms of the account and organisation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhizhi.accounts.models import ApiScope, Department, Division, Role
from zhizhi.web.forms import Form


class LoginForm(Form):
    username = forms.CharField(label=_("用户名或手机号"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput)


class CodeForm(Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class RegisterForm(Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    password = forms.CharField(
        label=_("密码"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8位，不能全为数字"),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class DepartmentForm(Form):
    code = forms.CharField(label=_("部门代码"), max_length=40)
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    division = forms.ModelChoiceField(
        label=_("所属区划"), queryset=Division.objects.filter(level__in=["province", "city", "county"])
    )
    parent = forms.ModelChoiceField(label=_("上级部门"), queryset=Department.objects.all(), required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    address = forms.CharField(label=_("办公地址"), max_length=200, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=100_000, initial=100)


class StaffForm(Form):
    username = forms.RegexField(
        label=_("用户名"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]{3,}$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 _ . @ + -，至少3位")},
    )
    name = forms.CharField(label=_("姓名"), max_length=100)
    employee_no = forms.CharField(label=_("工号"), max_length=40)
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.filter(is_active=True))
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class MembershipForm(Form):
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.filter(is_active=True))
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class ApiClientForm(Form):
    name = forms.CharField(label=_("系统名称"), max_length=100)
    department = forms.ModelChoiceField(label=_("所属部门"), queryset=Department.objects.filter(is_active=True))
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_days = forms.IntegerField(label=_("有效期（天）"), min_value=1, max_value=1095, initial=365)
