"""Tests for zhizhi.servicehall.form_schema: schema checks, fields, cleaning, bundles and prefill."""

import copy
import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhizhi.core.errors import InvalidInput
from zhizhi.servicehall.form_schema import (
    FormField,
    form_data_clean,
    form_data_for,
    form_fields,
    form_prefill,
    form_schema_check,
    form_schema_merge,
)

EXAMPLE: dict[str, Any] = {
    "type": "object",
    "required": ["name", "phone"],
    "properties": {
        "name": {
            "title": "经营者姓名",
            "type": "string",
            "maxLength": 50,
            "x-from": {"certificate": "resident_id", "field": "name"},
        },
        "phone": {"title": "联系电话", "type": "string", "pattern": "^1[3-9]\\d{9}$", "maxLength": 11},
        "start": {"title": "开业日期", "type": "string", "format": "date"},
        "scope": {"title": "经营范围", "type": "string", "maxLength": 500, "x-widget": "textarea"},
        "kind": {"title": "类型", "type": "string", "enum": ["餐饮服务", "食品销售"]},
        "staff": {"title": "从业人数", "type": "integer", "minimum": 0, "maximum": 100000},
        "chain": {"title": "是否连锁", "type": "boolean"},
    },
}


def schema_with(**properties: Any) -> dict[str, Any]:
    """The example schema with properties added or replaced."""
    schema = copy.deepcopy(EXAMPLE)
    schema["properties"].update(properties)
    return schema


def refusal(schema: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        form_schema_check(schema)
    return refused.value


def clean_errors(data: dict[str, Any], schema: dict[str, Any] = EXAMPLE) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        form_data_clean(schema=schema, data=data)
    assert str(refused.value.message) == "申请表填写有误，请按提示修改"
    return refused.value.extra["fields"]


# Checking a schema


def test_the_example_schema_is_accepted_as_it_is():
    assert form_schema_check(EXAMPLE) is EXAMPLE


def test_a_schema_may_name_draft_2020_12_and_carry_a_title():
    schema = {**EXAMPLE, "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "食品经营许可申请表"}
    assert form_schema_check(schema) is schema


def test_sixty_properties_are_allowed():
    properties = {f"f{i}": {"title": f"字段{i}", "type": "string"} for i in range(60)}
    form_schema_check({"type": "object", "properties": properties})


@pytest.mark.parametrize("schema", [None, [], "{}", 42, {}, {"type": "array"}, {"properties": {}}])
def test_a_schema_that_is_not_an_object_schema_is_refused(schema):
    assert refusal(schema).extra == {"property": None, "reason": "not_object"}


@pytest.mark.parametrize("keyword", ["$ref", "if", "$defs", "allOf", "patternProperties", "unevaluatedProperties"])
def test_an_unknown_keyword_at_the_top_is_refused(keyword):
    refused = refusal({**EXAMPLE, keyword: {}})
    assert refused.extra["reason"] == "keyword" and refused.extra["keyword"] == keyword
    assert keyword in str(refused.message)


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ({"title": "姓名", "type": "string", "$ref": "#/$defs/name"}, "keyword"),
        ({"title": "姓名", "type": "string", "if": {"maxLength": 3}, "then": {}}, "keyword"),
        ({"title": "姓名", "type": "string", "default": "张三"}, "keyword"),
        ({"title": "姓名", "type": "string", "minimum": 1}, "keyword"),
        ({"title": "人数", "type": "integer", "maxLength": 3}, "keyword"),
        ({"title": "是否", "type": "boolean", "enum": ["是"]}, "keyword"),
        ({"title": "姓名", "type": "array"}, "type"),
        ({"title": "姓名", "type": "object"}, "type"),
        ({"title": "姓名", "type": ["string", "null"]}, "type"),
        ({"title": "姓名"}, "type"),
        ({"type": "string"}, "title"),
        ({"title": "  ", "type": "string"}, "title"),
        ({"title": "邮箱", "type": "string", "format": "email"}, "format"),
        ({"title": "电话", "type": "string", "pattern": "([0-9"}, "pattern"),
        ({"title": "电话", "type": "string", "pattern": "(?u)\\d+"}, "pattern"),
        ({"title": "电话", "type": "string", "pattern": 11}, "pattern"),
        ({"title": "类型", "type": "string", "enum": [1, 2]}, "enum"),
        ({"title": "类型", "type": "string", "enum": []}, "enum"),
        ({"title": "类型", "type": "string", "enum": ["甲", "甲"]}, "enum"),
        ({"title": "姓名", "type": "string", "maxLength": -1}, "length"),
        ({"title": "姓名", "type": "string", "maxLength": 5.5}, "length"),
        ({"title": "姓名", "type": "string", "maxLength": 100000}, "length"),
        ({"title": "姓名", "type": "string", "minLength": 10, "maxLength": 5}, "length"),
        ({"title": "人数", "type": "integer", "minimum": 10, "maximum": 5}, "range"),
        ({"title": "人数", "type": "integer", "minimum": "0"}, "range"),
        ({"title": "人数", "type": "integer", "maximum": True}, "range"),
        ({"title": "说明", "type": "string", "x-widget": "richtext"}, "widget"),
        ({"title": "说明", "type": "string", "description": ["不是文字"]}, "description"),
        ({"title": "姓名", "type": "string", "x-from": {"certificate": "resident_id"}}, "source"),
        ({"title": "姓名", "type": "string", "x-from": "resident_id.name"}, "source"),
        ("string", "property"),
    ],
)
def test_a_property_outside_what_forms_support_is_refused_by_name(spec, reason):
    refused = refusal(schema_with(extra_field=spec))
    assert refused.extra["property"] == "extra_field"
    assert refused.extra["reason"] == reason
    assert "“extra_field”" in str(refused.message)


@pytest.mark.parametrize("key", ["Name", "1st", "a" * 41, "名字", "shop-name", "name\n", "_name", ""])
def test_a_badly_named_property_is_refused(key):
    schema = {"type": "object", "properties": {key: {"title": "字段", "type": "string"}}}
    refused = refusal(schema)
    assert refused.extra == {"property": key, "reason": "key"}


def test_a_required_key_that_is_not_a_property_is_refused():
    refused = refusal({**EXAMPLE, "required": ["name", "phone", "email"]})
    assert refused.extra == {"property": "email", "reason": "required"}
    assert str(refused.message) == "必填字段“email”不在申请表字段中"


def test_more_than_sixty_properties_are_refused():
    properties = {f"f{i}": {"title": f"字段{i}", "type": "string"} for i in range(61)}
    assert refusal({"type": "object", "properties": properties}).extra == {"property": None, "reason": "too_many"}


def test_another_draft_is_refused():
    refused = refusal({**EXAMPLE, "$schema": "http://json-schema.org/draft-07/schema#"})
    assert refused.extra["reason"] == "draft"


# Fields for rendering


def test_fields_come_in_property_order_with_their_kind_and_limits():
    fields = form_fields(EXAMPLE)

    assert [(f.key, f.kind, f.required) for f in fields] == [
        ("name", "text", True),
        ("phone", "text", True),
        ("start", "date", False),
        ("scope", "textarea", False),
        ("kind", "select", False),
        ("staff", "integer", False),
        ("chain", "boolean", False),
    ]
    assert fields[0] == FormField(
        key="name",
        label="经营者姓名",
        kind="text",
        required=True,
        choices=(),
        help="",
        max_length=50,
        pattern=None,
        minimum=None,
        maximum=None,
        source=("resident_id", "name"),
    )
    assert fields[1].pattern == "^1[3-9]\\d{9}$"
    assert fields[4].choices == ("餐饮服务", "食品销售")
    assert (fields[5].minimum, fields[5].maximum) == (0, 100000)


# Cleaning


def test_html_form_strings_are_coerced_and_unknown_keys_dropped():
    data = {
        "name": "  张三 ",
        "phone": "13800000000",
        "start": "2025-03-01",
        "scope": "热食类食品制售\r\n冷食类食品制售\r\n",
        "kind": "餐饮服务",
        "staff": "12",
        "chain": "on",
        "csrfmiddlewaretoken": "abc",
        "is_admin": "true",
    }

    cleaned = form_data_clean(schema=EXAMPLE, data=data)

    assert cleaned == {
        "name": "张三",
        "phone": "13800000000",
        "start": "2025-03-01",
        "scope": "热食类食品制售\n冷食类食品制售",
        "kind": "餐饮服务",
        "staff": 12,
        "chain": True,
    }
    assert list(cleaned) == list(EXAMPLE["properties"])


def test_json_typed_input_is_accepted_and_cleaning_twice_changes_nothing():
    data = {"name": "张三", "phone": "13800000000", "staff": 12.0, "chain": False, "start": datetime.date(2025, 3, 1)}
    cleaned = form_data_clean(schema=EXAMPLE, data=data)
    assert cleaned == {"name": "张三", "phone": "13800000000", "start": "2025-03-01", "staff": 12, "chain": False}
    assert form_data_clean(schema=EXAMPLE, data=cleaned) == cleaned


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({}, False),
        ({"chain": ""}, False),
        ({"chain": "off"}, False),
        ({"chain": "false"}, False),
        ({"chain": "1"}, True),
    ],
)
def test_an_unchecked_or_absent_boolean_is_false(sent, expected):
    cleaned = form_data_clean(schema=EXAMPLE, data={"name": "张三", "phone": "13800000000", **sent})
    assert cleaned["chain"] is expected


def test_empty_and_blank_strings_count_as_not_filled():
    cleaned = form_data_clean(
        schema=EXAMPLE, data={"name": "张三", "phone": "13800000000", "start": "", "staff": "  ", "kind": ""}
    )
    assert cleaned == {"name": "张三", "phone": "13800000000", "chain": False}


def test_full_width_digits_count_as_numbers_but_not_as_phone_digits():
    cleaned = form_data_clean(schema=EXAMPLE, data={"name": "张三", "phone": "13800000000", "staff": "１２"})
    assert cleaned["staff"] == 12
    assert clean_errors({"name": "张三", "phone": "1380000000０"}) == {"phone": "联系电话格式不正确"}


def test_every_bad_field_is_reported_at_once():
    schema = schema_with(
        licence_no={"title": "许可证号", "type": "string", "minLength": 6},
        capital={"title": "注册资本（万元）", "type": "number", "maximum": 1000},
        rate={"title": "比例", "type": "number"},
        floors={"title": "楼层数", "type": "integer", "minimum": 1},
    )
    data = {
        "phone": "12345",
        "start": "2025-02-30",
        "scope": "经" * 501,
        "kind": "其他",
        "staff": "十二",
        "chain": "也许",
        "licence_no": "abc",
        "capital": "1000.5",
        "rate": "abc",
        "floors": "0",
    }

    assert clean_errors(data, schema) == {
        "name": "请填写经营者姓名",
        "phone": "联系电话格式不正确",
        "start": "开业日期应为日期（年-月-日）",
        "scope": "经营范围不能超过500个字",
        "kind": "类型请从列表中选择",
        "staff": "从业人数应为整数",
        "chain": "是否连锁应为是或否",
        "licence_no": "许可证号不能少于6个字",
        "capital": "注册资本（万元）不能大于1000",
        "rate": "比例应为数字",
        "floors": "楼层数不能小于1",
    }


def test_a_field_breaking_several_rules_gets_the_most_basic_message():
    assert clean_errors({"name": "张三", "phone": "138000000001234"}) == {"phone": "联系电话不能超过11个字"}


@pytest.mark.parametrize("value", [True, [1], {"a": 1}, 1.5, float("nan"), float("inf"), "1e3", "0x10"])
def test_a_value_that_is_not_an_integer_is_refused(value):
    assert clean_errors({"name": "张三", "phone": "13800000000", "staff": value}) == {"staff": "从业人数应为整数"}


def test_numbers_beyond_what_json_carries_exactly_are_refused():
    schema = schema_with(count={"title": "数量", "type": "integer"})
    errors = clean_errors({"name": "张三", "phone": "13800000000", "count": "9" * 20}, schema)
    assert errors == {"count": "数量不能大于9007199254740991"}


def test_text_longer_than_5000_characters_is_refused_whatever_the_schema_says():
    schema = schema_with(notes={"title": "备注", "type": "string", "x-widget": "textarea"})
    errors = clean_errors({"name": "张三", "phone": "13800000000", "notes": "字" * 5001}, schema)
    assert errors == {"notes": "备注不能超过5000个字"}
    cleaned = form_data_clean(schema=schema, data={"name": "张三", "phone": "13800000000", "notes": "字" * 5000})
    assert len(cleaned["notes"]) == 5000


def test_a_wrong_json_type_for_text_is_refused():
    assert clean_errors({"name": ["张三"], "phone": 13800000000}) == {
        "name": "经营者姓名应为文字",
        "phone": "联系电话应为文字",
    }


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=60),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@given(
    st.dictionaries(
        st.sampled_from(list(EXAMPLE["properties"])) | st.text(max_size=10),
        st.text(max_size=80) | JSON_VALUES,
        max_size=10,
    )
)
def test_cleaning_arbitrary_input_only_ever_refuses_with_invalid_input(data):
    try:
        cleaned = form_data_clean(schema=EXAMPLE, data=data)
    except InvalidInput as refused:
        assert set(refused.extra["fields"]) <= set(EXAMPLE["properties"])
        assert all(isinstance(message, str) and message for message in refused.extra["fields"].values())
    else:
        assert set(cleaned) <= set(EXAMPLE["properties"])
        assert form_data_clean(schema=EXAMPLE, data=cleaned) == cleaned


# Bundles


PART_A = {
    "type": "object",
    "required": ["enterprise_name", "phone"],
    "properties": {
        "enterprise_name": {"title": "企业名称", "type": "string", "maxLength": 100},
        "phone": EXAMPLE["properties"]["phone"],
        "capital": {"title": "注册资本（万元）", "type": "integer"},
    },
}
PART_B = {
    "type": "object",
    "required": ["phone", "seal_count"],
    "properties": {
        "phone": EXAMPLE["properties"]["phone"],
        "seal_count": {"title": "印章数量", "type": "integer", "minimum": 1},
    },
}


def test_a_bundle_form_is_the_union_of_its_parts():
    merged = form_schema_merge([PART_A, PART_B])

    assert list(merged["properties"]) == ["enterprise_name", "phone", "capital", "seal_count"]
    assert merged["required"] == ["enterprise_name", "phone", "seal_count"]
    assert form_schema_check(merged) is merged


def test_a_key_defined_differently_in_two_parts_is_refused_by_name():
    other = copy.deepcopy(PART_B)
    other["properties"]["phone"]["maxLength"] = 20
    with pytest.raises(InvalidInput) as refused:
        form_schema_merge([PART_A, other])
    assert refused.value.extra == {"property": "phone", "reason": "conflict"}
    assert "“phone”" in str(refused.value.message)


def test_each_part_gets_only_the_data_its_schema_declares():
    merged = form_schema_merge([PART_A, PART_B])
    cleaned = form_data_clean(
        schema=merged, data={"enterprise_name": "示范公司", "phone": "13800000000", "capital": "100", "seal_count": "2"}
    )

    assert form_data_for(schema=PART_A, data=cleaned) == {
        "enterprise_name": "示范公司",
        "phone": "13800000000",
        "capital": 100,
    }
    assert form_data_for(schema=PART_B, data=cleaned) == {"phone": "13800000000", "seal_count": 2}


# Prefill


def test_fields_are_prefilled_from_the_certificate_their_x_from_names():
    schema = schema_with(
        licence_no={
            "title": "许可证号",
            "type": "string",
            "x-from": {"certificate": "food_licence", "field": "number"},
        },
        staff={"title": "从业人数", "type": "integer", "x-from": {"certificate": "food_licence", "field": "staff"}},
        chain={"title": "是否连锁", "type": "boolean", "x-from": {"certificate": "food_licence", "field": "chain"}},
    )
    certificates = [
        ("business_licence", {"name": "示范公司"}),
        ("resident_id", {"name": "", "id_number": "359902198001010011"}),
        ("resident_id", {"name": "张三"}),
        ("food_licence", {"number": 35990201, "staff": "12", "chain": "不是布尔值"}),
    ]

    filled = form_prefill(schema=schema, certificates=iter(certificates))

    assert filled == {"name": "张三", "licence_no": "35990201", "staff": 12}
    cleaned = form_data_clean(schema=schema, data={**filled, "phone": "13800000000"})
    assert cleaned["name"] == "张三" and cleaned["staff"] == 12


def test_nothing_is_prefilled_without_a_matching_certificate():
    assert form_prefill(schema=EXAMPLE, certificates=[("business_licence", {"name": "示范公司"})]) == {}
    assert form_prefill(schema=EXAMPLE, certificates=[]) == {}
