"""Application forms defined by a JSON Schema (Draft 2020-12): checking an administrator's schema, the fields to
render, cleaning what an applicant sends, merging the forms of a bundle (一件事) and prefilling from certificates.

A form schema is a flat object: each property is one field with a title, a simple type (string, integer, number,
boolean) and a few constraints. Two extensions: "x-widget": "textarea" for long text and "x-from":
{"certificate": <certificate type code>, "field": <key in its face data>} for prefilling from an e-certificate.
An absent boolean means False, as an unchecked HTML checkbox is not sent at all.
"""

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import SchemaError

from zhizhi.core.errors import InvalidInput
from zhizhi.core.masking import mask

FieldKind = Literal["text", "textarea", "date", "select", "integer", "number", "boolean"]

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
MAX_PROPERTIES = 60
MAX_VALUE_CHARS = 5000
# JSON numbers beyond this lose precision in browsers and most JSON parsers.
MAX_SAFE_INTEGER = 2**53 - 1

PROPERTY_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SCHEMA_KEYWORDS = frozenset(
    {"$schema", "type", "properties", "required", "title", "description", "additionalProperties"}
)
# Each property keyword and the property types it applies to.
PROPERTY_KEYWORDS: dict[str, frozenset[str]] = {
    "title": frozenset({"string", "integer", "number", "boolean"}),
    "description": frozenset({"string", "integer", "number", "boolean"}),
    "type": frozenset({"string", "integer", "number", "boolean"}),
    "x-from": frozenset({"string", "integer", "number", "boolean"}),
    "format": frozenset({"string"}),
    "enum": frozenset({"string"}),
    "minLength": frozenset({"string"}),
    "maxLength": frozenset({"string"}),
    "pattern": frozenset({"string"}),
    "x-widget": frozenset({"string"}),
    "minimum": frozenset({"integer", "number"}),
    "maximum": frozenset({"integer", "number"}),
}
PROPERTY_TYPES = ("string", "integer", "number", "boolean")

_TRUE = frozenset({"on", "true", "1", "yes", "是"})
_FALSE = frozenset({"off", "false", "0", "no", "否"})
_INTEGER_TEXT = re.compile(r"^[+-]?[0-9]+$")
_NUMBER_TEXT = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
_DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# When one field breaks several rules, the applicant hears about the most basic one.
_ERROR_PRIORITY = ("type", "required", "enum", "format", "minLength", "maxLength", "pattern", "minimum", "maximum")


@dataclass(frozen=True)
class FormField:
    """One field of an application form, as a page renders it."""

    key: str
    label: str
    kind: FieldKind
    required: bool
    choices: tuple[str, ...]
    help: str
    max_length: int | None
    pattern: str | None
    minimum: float | None
    maximum: float | None
    source: tuple[str, str] | None  # (certificate type code, field key) to prefill from


# Schema checks


def _schema_refuse(message: str, *, key: str | None, reason: str, **extra: Any) -> InvalidInput:
    return InvalidInput(message, extra={"property": key, "reason": reason, **extra})


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _property_check(*, key: str, spec: Any) -> None:
    """Refuse a property that is not one simple field with a title, a type and constraints that fit it."""
    if not isinstance(key, str) or not PROPERTY_KEY.fullmatch(key):
        raise _schema_refuse(
            _("申请表字段名“%(key)s”不合规：应以小写字母开头，只含小写字母、数字和下划线，最长 40 个字符")
            % {"key": key},
            key=key,
            reason="key",
        )
    if not isinstance(spec, dict):
        raise _schema_refuse(_("申请表字段“%(key)s”的定义应为 JSON 对象") % {"key": key}, key=key, reason="property")
    kind = spec.get("type")
    if kind not in PROPERTY_TYPES:
        raise _schema_refuse(
            _("申请表字段“%(key)s”的类型应为 string、integer、number 或 boolean") % {"key": key},
            key=key,
            reason="type",
        )
    for keyword in spec:
        if keyword not in PROPERTY_KEYWORDS:
            raise _schema_refuse(
                _("申请表字段“%(key)s”含有不支持的关键字“%(keyword)s”") % {"key": key, "keyword": keyword},
                key=key,
                reason="keyword",
                keyword=keyword,
            )
        if kind not in PROPERTY_KEYWORDS[keyword]:
            raise _schema_refuse(
                _("申请表字段“%(key)s”的关键字“%(keyword)s”不适用于 %(type)s 类型")
                % {"key": key, "keyword": keyword, "type": kind},
                key=key,
                reason="keyword",
                keyword=keyword,
            )
    title = spec.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 100:
        raise _schema_refuse(
            _("申请表字段“%(key)s”缺少标题（title），或标题超过 100 个字") % {"key": key}, key=key, reason="title"
        )
    if not isinstance(spec.get("description", ""), str):
        raise _schema_refuse(
            _("申请表字段“%(key)s”的说明（description）应为文字") % {"key": key}, key=key, reason="description"
        )
    if "format" in spec and spec["format"] != "date":
        raise _schema_refuse(_("申请表字段“%(key)s”的格式只能是 date") % {"key": key}, key=key, reason="format")
    if "x-widget" in spec and spec["x-widget"] != "textarea":
        raise _schema_refuse(
            _("申请表字段“%(key)s”的 x-widget 只能是 textarea") % {"key": key}, key=key, reason="widget"
        )
    _choices_check(key=key, spec=spec)
    _limits_check(key=key, spec=spec)
    _source_check(key=key, spec=spec)


def _choices_check(*, key: str, spec: dict[str, Any]) -> None:
    if "enum" not in spec:
        return
    choices = spec["enum"]
    if (
        not isinstance(choices, list)
        or not choices
        or len(choices) > 200
        or not all(isinstance(choice, str) and choice.strip() for choice in choices)
        or len(set(choices)) != len(choices)
    ):
        raise _schema_refuse(
            _("申请表字段“%(key)s”的可选项（enum）应为不重复、不为空的文字列表（最多 200 项）") % {"key": key},
            key=key,
            reason="enum",
        )


def _limits_check(*, key: str, spec: dict[str, Any]) -> None:
    """Refuse length limits, ranges and patterns that are malformed or cannot be met."""
    lengths = [spec[keyword] for keyword in ("minLength", "maxLength") if keyword in spec]
    if not all(_is_count(n) and n <= MAX_VALUE_CHARS for n in lengths) or (
        len(lengths) == 2 and lengths[0] > lengths[1]
    ):
        raise _schema_refuse(
            _("申请表字段“%(key)s”的长度限制应为不大于 %(max)d 的非负整数，且最小值不超过最大值")
            % {"key": key, "max": MAX_VALUE_CHARS},
            key=key,
            reason="length",
        )
    bounds = [spec[keyword] for keyword in ("minimum", "maximum") if keyword in spec]
    if not all(_is_number(n) for n in bounds) or (len(bounds) == 2 and bounds[0] > bounds[1]):
        raise _schema_refuse(
            _("申请表字段“%(key)s”的取值范围应为数字，且最小值不超过最大值") % {"key": key},
            key=key,
            reason="range",
        )
    if "pattern" in spec:
        pattern = spec["pattern"]
        try:
            if not isinstance(pattern, str) or len(pattern) > 500:
                raise ValueError(_("应为不超过 500 个字符的文字"))
            re.compile(pattern, re.ASCII)  # as form_data_clean applies it
        except (re.error, ValueError) as error:
            raise _schema_refuse(
                _("申请表字段“%(key)s”的格式规则（pattern）不是有效的正则表达式：%(error)s")
                % {"key": key, "error": error},
                key=key,
                reason="pattern",
            ) from error


def _source_check(*, key: str, spec: dict[str, Any]) -> None:
    if "x-from" not in spec:
        return
    source = spec["x-from"]
    if (
        not isinstance(source, dict)
        or set(source) != {"certificate", "field"}
        or not all(isinstance(value, str) and value for value in source.values())
    ):
        raise _schema_refuse(
            _("申请表字段“%(key)s”的 x-from 应为 {certificate: 证照类型代码, field: 照面信息项}") % {"key": key},
            key=key,
            reason="source",
        )


def form_schema_check(schema: Any) -> dict[str, Any]:
    """Refuse an administrator's form schema unless it is a flat Draft 2020-12 object schema we can render."""
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise _schema_refuse(_("申请表定义应为 JSON 对象，且 type 为 object"), key=None, reason="not_object")
    for keyword in schema:
        if keyword not in SCHEMA_KEYWORDS:
            raise _schema_refuse(
                _("申请表定义含有不支持的关键字“%(keyword)s”") % {"keyword": keyword},
                key=None,
                reason="keyword",
                keyword=keyword,
            )
    if schema.get("$schema", DRAFT_2020_12) != DRAFT_2020_12:
        raise _schema_refuse(
            _("申请表定义应使用 JSON Schema 2020-12（$schema 为 %(uri)s）") % {"uri": DRAFT_2020_12},
            key=None,
            reason="draft",
        )
    if not isinstance(schema.get("additionalProperties", True), bool):
        raise _schema_refuse(_("申请表定义的 additionalProperties 只能是 true 或 false"), key=None, reason="keyword")
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        raise _schema_refuse(_("申请表定义的 properties 应为 JSON 对象"), key=None, reason="properties")
    if len(properties) > MAX_PROPERTIES:
        raise _schema_refuse(
            _("申请表最多 %(max)d 个字段，现有 %(count)d 个") % {"max": MAX_PROPERTIES, "count": len(properties)},
            key=None,
            reason="too_many",
        )
    for key, spec in properties.items():
        _property_check(key=key, spec=spec)
    required = schema.get("required", [])
    if not isinstance(required, list) or len(set(map(str, required))) != len(required):
        raise _schema_refuse(_("申请表定义的 required 应为不重复的字段名列表"), key=None, reason="required")
    for key in required:
        if key not in properties:
            raise _schema_refuse(_("必填字段“%(key)s”不在申请表字段中") % {"key": key}, key=str(key), reason="required")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        path = list(error.path)
        raise _schema_refuse(
            _("申请表定义不是有效的 JSON Schema"),
            key=str(path[1]) if len(path) > 1 and path[0] == "properties" else None,
            reason="invalid_schema",
            detail=error.message,
        ) from error
    return schema


# Fields


_TYPE_KINDS: dict[str, FieldKind] = {"integer": "integer", "number": "number", "boolean": "boolean"}


def _field_kind(spec: Mapping[str, Any]) -> FieldKind:
    if spec.get("type") in _TYPE_KINDS:
        return _TYPE_KINDS[spec["type"]]
    if spec.get("format") == "date":
        return "date"
    if "enum" in spec:
        return "select"
    if spec.get("x-widget") == "textarea":
        return "textarea"
    return "text"


def form_fields(schema: Mapping[str, Any]) -> list[FormField]:
    """The fields of a checked form schema in property order, ready to render."""
    required = set(schema.get("required", []))
    fields = []
    for key, spec in schema.get("properties", {}).items():
        source = spec.get("x-from")
        fields.append(
            FormField(
                key=key,
                label=spec.get("title", key),
                kind=_field_kind(spec),
                required=key in required,
                choices=tuple(spec.get("enum", ())),
                help=spec.get("description", ""),
                max_length=spec.get("maxLength"),
                pattern=spec.get("pattern"),
                minimum=spec.get("minimum"),
                maximum=spec.get("maximum"),
                source=(source["certificate"], source["field"]) if isinstance(source, dict) else None,
            )
        )
    return fields


# Cleaning


class _Absent:
    """A field the applicant left empty."""


_ABSENT = _Absent()


def _date_format_check(instance: object) -> bool:
    """A calendar date written as YYYY-MM-DD."""
    if not isinstance(instance, str):
        return True
    return bool(_DATE_TEXT.fullmatch(instance)) and isinstance(date.fromisoformat(instance), date)


# Only "date" is checked: the one format a form schema may use.
_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date", raises=ValueError)(_date_format_check)


def _pattern_ascii(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """`pattern` with ECMA-262 classes: \\d is 0-9 only, as in a browser, so full-width digits do not pass."""
    if validator.is_type(instance, "string") and not re.search(pattern, instance, re.ASCII):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_FormValidator = validators.extend(Draft202012Validator, {"pattern": _pattern_ascii})


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text_tidy(value: str) -> str | _Absent:
    """Unify line breaks (browsers send CRLF) and trim; empty text means the field was left empty."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value or _ABSENT


def _value_coerce(*, spec: Mapping[str, Any], value: Any) -> Any:
    """Turn what a form or an API sent into the JSON type the schema expects, where it unambiguously can."""
    kind = spec.get("type")
    if isinstance(value, str):
        value = _text_tidy(value)
    elif isinstance(value, date) and spec.get("format") == "date":
        value = value.isoformat()
    if value is None or value is _ABSENT:
        return False if kind == "boolean" else _ABSENT
    if kind == "boolean" and isinstance(value, str):
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        return value
    if kind in ("integer", "number") and isinstance(value, str):
        text = unicodedata.normalize("NFKC", value)  # full-width digits typed with a Chinese input method
        pattern = _INTEGER_TEXT if kind == "integer" else _NUMBER_TEXT
        if pattern.fullmatch(text):
            try:
                return float(text) if "." in text else int(text)
            except ValueError:  # more digits than Python converts
                return value
        return value
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number_problem(*, spec: Mapping[str, Any], label: str, value: Any) -> str | None:
    """What JSON Schema cannot say about numbers: not finite, or beyond what JSON carries exactly."""
    if isinstance(value, float) and not math.isfinite(value):
        return _type_message(spec=spec, label=label)
    if isinstance(value, int | float) and not isinstance(value, bool) and spec.get("type") in ("integer", "number"):
        if value > MAX_SAFE_INTEGER:
            return _("%(label)s不能大于%(n)s") % {"label": label, "n": MAX_SAFE_INTEGER}
        if value < -MAX_SAFE_INTEGER:
            return _("%(label)s不能小于%(n)s") % {"label": label, "n": -MAX_SAFE_INTEGER}
    return None


def _type_message(*, spec: Mapping[str, Any], label: str) -> str:
    if spec.get("format") == "date":
        return _("%(label)s应为日期（年-月-日）") % {"label": label}
    messages = {
        "integer": _("%(label)s应为整数"),
        "number": _("%(label)s应为数字"),
        "boolean": _("%(label)s应为是或否"),
    }
    return messages.get(spec.get("type", ""), _("%(label)s应为文字")) % {"label": label}


def _error_message(*, error: ValidationError, spec: Mapping[str, Any], label: str) -> str:
    """The applicant-facing message for one failed rule of one field."""
    rule, limit = error.validator, error.validator_value
    if rule == "type":
        return _type_message(spec=spec, label=label)
    if rule == "maxLength":
        return _("%(label)s不能超过%(n)d个字") % {"label": label, "n": limit}
    if rule == "minLength":
        return _("%(label)s不能少于%(n)d个字") % {"label": label, "n": limit}
    if rule == "pattern":
        return _("%(label)s格式不正确") % {"label": label}
    if rule == "enum":
        return _("%(label)s请从列表中选择") % {"label": label}
    if rule == "minimum":
        return _("%(label)s不能小于%(n)s") % {"label": label, "n": _number_text(limit)}
    if rule == "maximum":
        return _("%(label)s不能大于%(n)s") % {"label": label, "n": _number_text(limit)}
    if rule == "format":
        return _("%(label)s应为日期（年-月-日）") % {"label": label}
    return _("%(label)s填写有误") % {"label": label}


def form_data_clean(*, schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """Coerce and validate an application form against its checked schema; one InvalidInput lists every bad field."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    labels = {key: str(spec.get("title") or key) for key, spec in properties.items()}
    cleaned: dict[str, Any] = {}
    problems: dict[str, tuple[int, str]] = {}
    for key, spec in properties.items():
        raw = data.get(key) if key in data else None
        if isinstance(raw, str) and len(raw) > MAX_VALUE_CHARS:
            problems[key] = (-1, _("%(label)s不能超过%(n)d个字") % {"label": labels[key], "n": MAX_VALUE_CHARS})
            continue
        value = _value_coerce(spec=spec, value=raw)
        if value is _ABSENT:
            continue
        problem = _number_problem(spec=spec, label=labels[key], value=value)
        if problem is not None:
            problems[key] = (-1, problem)
        else:
            cleaned[key] = value
    validator = _FormValidator(schema, format_checker=_FORMATS)
    for error in validator.iter_errors(cleaned):
        rank = _ERROR_PRIORITY.index(error.validator) if error.validator in _ERROR_PRIORITY else len(_ERROR_PRIORITY)
        if error.validator == "required":
            failed = [(key, _("请填写%(label)s") % {"label": labels.get(key, key)}) for key in error.validator_value]
            failed = [(key, message) for key, message in failed if key not in cleaned]
        elif error.relative_path and error.relative_path[0] in properties:
            key = str(error.relative_path[0])
            failed = [(key, _error_message(error=error, spec=properties[key], label=labels[key]))]
        else:  # a checked schema has no other whole-form rules
            continue
        for key, message in failed:
            if key not in problems or rank < problems[key][0]:
                problems[key] = (rank, message)
    if problems:
        raise InvalidInput(
            _("申请表填写有误，请按提示修改"),
            extra={"fields": {key: problems[key][1] for key in properties if key in problems}},
        )
    return cleaned


# Bundles and prefill


def form_schema_merge(schemas: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One form for a bundle (一件事): the union of its parts' fields; a key must mean the same in every part."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for schema in schemas:
        for key, spec in schema.get("properties", {}).items():
            if key in properties and properties[key] != spec:
                raise InvalidInput(
                    _("一件事中各事项对申请表字段“%(key)s”的定义不一致") % {"key": key},
                    extra={"property": key, "reason": "conflict"},
                )
            properties.setdefault(key, spec)
        required.extend(key for key in schema.get("required", []) if key not in required)
    return {"type": "object", "required": required, "properties": properties}


def form_data_for(*, schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a bundle's cleaned form data that one item's schema declares."""
    return {key: data[key] for key in schema.get("properties", {}) if key in data}


def _prefill_value(*, spec: Mapping[str, Any], value: Any) -> Any:
    """A certificate value in the field's JSON type, or None when it does not fit."""
    kind = spec.get("type")
    if kind == "string":
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        return None
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    coerced = _value_coerce(spec=spec, value=value)
    if isinstance(coerced, bool) or not isinstance(coerced, int | float):
        return None
    return coerced if kind == "number" or isinstance(coerced, int) else None


def form_prefill(*, schema: Mapping[str, Any], certificates: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """Values for the fields whose x-from names a certificate the applicant holds; the first certificate wins."""
    held = list(certificates)
    filled: dict[str, Any] = {}
    for key, spec in schema.get("properties", {}).items():
        source = spec.get("x-from")
        if not isinstance(source, Mapping) or not isinstance(source.get("field"), str):
            continue
        for code, face in held:
            if code != source.get("certificate") or face.get(source["field"]) in (None, ""):
                continue
            value = _prefill_value(spec=spec, value=face[source["field"]])
            if value is not None:
                filled[key] = value
                break
    return filled


def form_field_mask_kind(key: str) -> str | None:
    """Which personal-data mask a form field gets from its key: id_number, phone, address, name, or None."""
    key = key.lower()
    if "id_number" in key or "idcard" in key or key.endswith("_id_no"):
        return "id_number"
    if "phone" in key or "mobile" in key or key.endswith("_tel"):
        return "phone"
    if "address" in key or key.endswith("_addr"):
        return "address"
    names = ("name", "applicant_name", "contact_name", "person_name", "legal_representative", "guardian_name")
    if key in names or key.endswith("_person"):
        return "name"
    return None


def form_data_masked(data: Mapping[str, Any]) -> dict[str, Any]:
    """Form data as a viewer without the right to personal data sees it: names, numbers, phones, addresses masked."""
    masked: dict[str, Any] = {}
    for key, value in data.items():
        kind = form_field_mask_kind(key)
        masked[key] = mask(kind, value) if kind is not None and isinstance(value, str) and value else value
    return masked
