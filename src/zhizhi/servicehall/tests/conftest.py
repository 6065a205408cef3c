"""A small service hall for tests: four departments' items, a joint review, a bundle of four, certificates in the
registers, a citizen who is also an enterprise's legal representative. Built through the real catalogue import."""

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhizhi.accounts.models import Role
from zhizhi.accounts.tests.factories import DepartmentFactory, EnterpriseFactory, PersonFactory, UserFactory
from zhizhi.accounts.tests.factories import staff_with_role as _staff_with_role
from zhizhi.servicehall import services
from zhizhi.servicehall.interchange import document_parse
from zhizhi.servicehall.models import Certificate, CertificateType, ServiceItem

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    + "1f15c4890000000d49444154789c6300010000050001"
    + "0d0a2db40000000049454e44ae426082"
)

PHONE_FIELD = {"title": "联系电话", "type": "string", "pattern": "^1[3-9]\\d{9}$", "maxLength": 11}


def _schema(extra: dict[str, Any] | None = None, required: list[str] | None = None) -> dict[str, Any]:
    properties = {
        "applicant_name": {
            "title": "申请人姓名",
            "type": "string",
            "maxLength": 50,
            "x-from": {"certificate": "resident_id", "field": "name"},
        },
        "contact_phone": PHONE_FIELD,
        **(extra or {}),
    }
    return {
        "type": "object",
        "required": ["applicant_name", "contact_phone", *(required or [])],
        "properties": properties,
    }


def _item(code: str, name: str, department: str, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "implementation_code": code,
        "basic_code": "000100",
        "name": name,
        "item_kind": "licensing",
        "department": department,
        "legal_basis": "《中华人民共和国行政许可法》",
        "acceptance_conditions": "符合条件的申请人",
        "process_description": "申请、受理、审查、决定、办结",
        "statutory_limit_days": 20,
        "promised_limit_days": 5,
        "handling_kind": "promised",
        "service_objects": ["person"],
        "onsite_visits": 0,
        "materials": [
            {"code": "m1", "name": "申请书", "requirement": "required", "form": "electronic"},
            {
                "code": "m2",
                "name": "身份证明",
                "requirement": "required",
                "form": "electronic",
                "source": "government",
                "certificate_type": "resident_id",
            },
        ],
        "faq": [{"q": "需要到现场吗？", "a": "全程网办，无需到现场。"}],
        "themes": ["p-start"],
        "keywords": [],
        "process": "standard",
        "form_schema": _schema(),
    }
    row.update(overrides)
    return row


def catalogue_document() -> dict[str, Any]:
    """The test catalogue in the interchange format."""
    shared = {
        "enterprise_name": {"title": "企业名称", "type": "string", "maxLength": 100},
        "contact_phone": PHONE_FIELD,
    }
    return {
        "format": "zhizhi.servicehall.catalogue/1",
        "certificate_types": [
            {
                "code": "resident_id",
                "name": "居民身份证",
                "holder": "person",
                "issuer_department": "359900-GAJ",
                "validity_years": 20,
                "fields": [{"key": "name", "label": "姓名"}, {"key": "id_number", "label": "公民身份号码"}],
            },
            {
                "code": "business_license",
                "name": "营业执照",
                "holder": "enterprise",
                "issuer_department": "359900-SCJ",
                "validity_years": None,
                "fields": [
                    {"key": "name", "label": "名称"},
                    {"key": "uscc", "label": "统一社会信用代码"},
                    {"key": "legal_representative", "label": "法定代表人"},
                    {"key": "registered_on", "label": "成立日期"},
                ],
            },
            {
                "code": "food_business_license",
                "name": "食品经营许可证",
                "holder": "person",
                "issuer_department": "359900-SCJ",
                "validity_years": 5,
                "fields": [
                    {"key": "name", "label": "经营者"},
                    {"key": "shop_name", "label": "店名"},
                    {"key": "business_kind", "label": "经营项目"},
                ],
            },
        ],
        "themes": [
            {"code": "p-start", "name": "就业创业", "audience": "person"},
            {"code": "e-open", "name": "开办企业", "audience": "enterprise", "kind": "life_event"},
        ],
        "items": [
            _item(
                "11359900SCJ0001",
                "食品经营许可证核发",
                "359900-SCJ",
                keywords=["开饭店", "小吃店", "餐馆"],
                form_schema=_schema(
                    {
                        "shop_name": {"title": "店名", "type": "string", "maxLength": 60},
                        "business_kind": {"title": "经营项目", "type": "string", "enum": ["餐饮服务", "食品销售"]},
                    },
                    required=["shop_name", "business_kind"],
                ),
                issues_certificate={"type": "food_business_license", "validity_years": 5},
            ),
            _item(
                "11359900JYJ0001",
                "民办学校办学许可",
                "359900-JYJ",
                process="joint_review",
                joint_departments=["359900-JYJ", "359900-GAJ"],
                keywords=["办学校", "培训机构"],
            ),
            *[
                _item(
                    f"11359900{dept.split('-')[1]}OPEN",
                    name,
                    dept,
                    service_objects=["person", "enterprise"],
                    item_kind="filing",
                    themes=["e-open"],
                    materials=[{"code": "m1", "name": "申请表", "requirement": "required"}],
                    form_schema={
                        "type": "object",
                        "required": ["enterprise_name", "contact_phone"],
                        "properties": {**shared, **extra},
                    },
                    issues_certificate={"type": "business_license"} if dept == "359900-SCJ" else None,
                )
                for dept, name, extra in (
                    ("359900-SCJ", "企业设立登记", {"capital": {"title": "注册资本（万元）", "type": "integer"}}),
                    ("359900-GAJ", "公章刻制备案", {"seal_count": {"title": "印章数量", "type": "integer"}}),
                    ("359900-SWUJ", "发票申领", {}),
                    ("359900-RSJ", "单位参保登记", {}),
                )
            ],
        ],
        "bundles": [
            {
                "code": "open-business",
                "name": "开办企业一件事",
                "audience": "enterprise",
                "theme": "e-open",
                "items": ["11359900SCJOPEN", "11359900GAJOPEN", "11359900SWUJOPEN", "11359900RSJOPEN"],
                "promised_limit_days": 3,
            }
        ],
    }


class Hall:
    """The test service hall: org departments plus GAJ/SWUJ/RSJ, staff for each role, a citizen with certificates."""

    def __init__(self, org: Any) -> None:
        self.org = org
        city = org.city
        self.gaj = DepartmentFactory(code="359900-GAJ", name="公安局", division=city)
        self.swuj = DepartmentFactory(code="359900-SWUJ", name="税务局", division=city)
        self.rsj = DepartmentFactory(code="359900-RSJ", name="人力资源和社会保障局", division=city)
        self.reviewer_a = _staff_with_role(org.a, Role.REVIEWER, user__username="reviewer_a", name="钱审核")
        self.reviewer_b = _staff_with_role(org.b, Role.REVIEWER, user__username="reviewer_b", name="孙审核")
        self.head_b = _staff_with_role(org.b, Role.DEPARTMENT_HEAD, user__username="head_b", name="周局长")
        self.reviewer_gaj = _staff_with_role(self.gaj, Role.REVIEWER, user__username="reviewer_gaj", name="吴审核")
        self.clerks = {
            dept.code: _staff_with_role(dept, Role.WINDOW_CLERK, user__username=f"clerk_{dept.code[-4:]}")
            for dept in (self.gaj, self.swuj, self.rsj)
        }
        self.heads = {
            dept.code: _staff_with_role(dept, Role.DEPARTMENT_HEAD, user__username=f"head_{dept.code[-4:]}")
            for dept in (self.gaj, self.swuj, self.rsj)
        }
        self.reviewers = {
            dept.code: _staff_with_role(dept, Role.REVIEWER, user__username=f"rev_{dept.code[-4:]}")
            for dept in (self.swuj, self.rsj)
        }
        services.catalogue_import(actor=org.admin.user, document=document_parse(catalogue_document()))
        self.food = ServiceItem.objects.get(implementation_code="11359900SCJ0001")
        self.school = ServiceItem.objects.get(implementation_code="11359900JYJ0001")
        self.citizen = UserFactory(username="citizen1", phone="13800000001", name="张三")
        self.person = PersonFactory(user=self.citizen, name="张三", phone="13800000001")
        self.other_citizen = UserFactory(username="citizen2", phone="13800000002", name="李四")
        self.other_person = PersonFactory(user=self.other_citizen, name="李四", phone="13800000002")
        self.enterprise = EnterpriseFactory(name="示范市张三餐饮有限公司", legal_representative=self.person)
        self.id_card = services.certificate_create(
            type=CertificateType.objects.get(code="resident_id"),
            person=self.person,
            enterprise=None,
            data={"name": self.person.name, "id_number": self.person.id_number},
            issued_on=date(2020, 5, 1),
        )

    def reviewer_for(self, department_code: str) -> Any:
        return {"359900-SCJ": self.reviewer_a, "359900-JYJ": self.reviewer_b, "359900-GAJ": self.reviewer_gaj}.get(
            department_code
        ) or self.reviewers[department_code]

    def head_for(self, department_code: str) -> Any:
        return {"359900-SCJ": self.org.head_a, "359900-JYJ": self.head_b}.get(department_code) or self.heads[
            department_code
        ]

    def clerk_for(self, department_code: str) -> Any:
        return {"359900-SCJ": self.org.clerk_a, "359900-JYJ": self.org.clerk_b}.get(department_code) or self.clerks[
            department_code
        ]


@pytest.fixture
def hall(org: Any, settings: Any, tmp_path: Any) -> Hall:
    settings.MEDIA_ROOT = tmp_path / "files"
    return Hall(org)


def pdf_upload(name: str = "申请书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def food_form() -> dict[str, Any]:
    return {"contact_phone": "13900001111", "shop_name": "张三小吃", "business_kind": "餐饮服务"}


def certificate_count() -> int:
    return Certificate.objects.count()
