"""The catalogue's interchange format (JSON, and the same content as an Excel workbook) for import and export.

JSON: one document {"format": FORMAT, "certificate_types": [...], "themes": [...], "items": [...], "bundles": [...]}.
Excel: one sheet per list; scalar fields are columns, list and object fields are JSON text in their cell.
"""

import io
import json
from typing import Any, Literal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from zhizhi.core.errors import InvalidInput

FORMAT = "zhizhi.servicehall.catalogue/1"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CertificateFieldIn(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label: str = Field(min_length=1, max_length=60)


class CertificateTypeIn(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")
    name: str = Field(min_length=1, max_length=100)
    holder: Literal["person", "enterprise"]
    issuer_department: str = Field(min_length=1, max_length=40)
    validity_years: int | None = Field(default=None, ge=1, le=100)
    fields: list[CertificateFieldIn] = Field(max_length=40)


class ThemeIn(_Strict):
    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")
    name: str = Field(min_length=1, max_length=60)
    audience: Literal["person", "enterprise"]
    kind: Literal["theme", "life_event"] = "theme"


class FeeIn(_Strict):
    item: str = Field(max_length=200)
    standard: str = Field(max_length=300)
    basis: str = Field(default="", max_length=500)
    waivable: bool = False


class MaterialIn(_Strict):
    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")
    name: str = Field(min_length=1, max_length=200)
    requirement: Literal["required", "conditional"]
    condition: str = Field(default="", max_length=300)
    form: Literal["electronic", "paper", "both"] = "electronic"
    source: Literal["applicant", "government", "agency", "other"] = "applicant"
    copies: int = Field(default=1, ge=0, le=100)
    blank_form: str = Field(default="", max_length=200)
    sample: str = Field(default="", max_length=200)
    notes: str = Field(default="", max_length=500)
    certificate_type: str | None = None


class FaqIn(_Strict):
    q: str = Field(min_length=1, max_length=300)
    a: str = Field(min_length=1, max_length=2000)


class IssuesCertificateIn(_Strict):
    type: str
    validity_years: int | None = Field(default=None, ge=1, le=100)


ItemKindCode = Literal[
    "licensing", "confirmation", "adjudication", "benefit", "reward", "filing", "other_power", "public_service"
]


class ItemIn(_Strict):
    implementation_code: str = Field(pattern=r"^[A-Za-z0-9-]{4,60}$")
    basic_code: str = Field(default="", max_length=40)
    name: str = Field(min_length=1, max_length=200)
    item_kind: ItemKindCode
    department: str = Field(min_length=1, max_length=40)
    legal_basis: str = Field(default="", max_length=20000)
    acceptance_conditions: str = Field(default="", max_length=20000)
    process_description: str = Field(default="", max_length=20000)
    statutory_limit_days: int = Field(ge=0, le=3650)
    promised_limit_days: int = Field(ge=0, le=3650)
    limit_notes: str = Field(default="", max_length=500)
    handling_kind: Literal["immediate", "promised"]
    service_objects: list[Literal["person", "enterprise"]] = Field(min_length=1, max_length=2)
    onsite_visits: int = Field(default=0, ge=0, le=10)
    fees: list[FeeIn] = Field(default_factory=list, max_length=50)
    place: str = Field(default="", max_length=300)
    hours: str = Field(default="", max_length=200)
    consult_phone: str = Field(default="", max_length=60)
    complaint_phone: str = Field(default="", max_length=60)
    online_depth: int = Field(default=4, ge=1, le=4)
    materials: list[MaterialIn] = Field(default_factory=list, max_length=60)
    faq: list[FaqIn] = Field(default_factory=list, max_length=50)
    themes: list[str] = Field(default_factory=list, max_length=20)
    keywords: list[str] = Field(default_factory=list, max_length=50)
    process: str = Field(default="standard", max_length=60)
    joint_departments: list[str] = Field(default_factory=list, max_length=10)
    form_schema: dict[str, Any]
    issues_certificate: IssuesCertificateIn | None = None


class BundleIn(_Strict):
    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")
    name: str = Field(min_length=1, max_length=100)
    audience: Literal["person", "enterprise"]
    theme: str | None = None
    description: str = Field(default="", max_length=5000)
    items: list[str] = Field(min_length=2, max_length=20)
    promised_limit_days: int = Field(default=0, ge=0, le=3650)


class CatalogueDocument(_Strict):
    format: Literal["zhizhi.servicehall.catalogue/1"]
    certificate_types: list[CertificateTypeIn] = Field(default_factory=list)
    themes: list[ThemeIn] = Field(default_factory=list)
    items: list[ItemIn] = Field(default_factory=list)
    bundles: list[BundleIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _codes_unique(self) -> "CatalogueDocument":
        _unique("certificate_types", [c.code for c in self.certificate_types])
        _unique("themes", [t.code for t in self.themes])
        _unique("items", [i.implementation_code for i in self.items])
        _unique("bundles", [b.code for b in self.bundles])
        for item in self.items:
            _unique(f"{item.implementation_code}.materials", [m.code for m in item.materials])
        for bundle in self.bundles:
            _unique(f"{bundle.code}.items", bundle.items)
        return self


def _unique(where: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"{where}: duplicate code {code!r}")
        seen.add(code)


def _invalid(error: ValidationError) -> InvalidInput:
    problems = [
        {"where": ".".join(str(part) for part in problem["loc"]), "problem": problem["msg"]}
        for problem in error.errors()[:50]
    ]
    return InvalidInput(_("事项目录文件内容有误"), extra={"problems": problems})


def document_parse(data: Any) -> CatalogueDocument:
    """Check a decoded catalogue document against the format."""
    try:
        return CatalogueDocument.model_validate(data)
    except ValidationError as error:
        raise _invalid(error) from error


def document_from_json(raw: bytes) -> CatalogueDocument:
    """Parse a JSON catalogue file."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(_("事项目录文件过大"), extra={"limit": MAX_DOCUMENT_BYTES})
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(_("事项目录文件不是有效的 JSON：%(error)s") % {"error": error}) from error
    return document_parse(data)


_SHEETS: dict[str, type[BaseModel]] = {
    "certificate_types": CertificateTypeIn,
    "themes": ThemeIn,
    "items": ItemIn,
    "bundles": BundleIn,
}


# Columns whose cells hold JSON text (lists and objects); every other column is a plain value.
_STRUCTURED = frozenset(
    {"fields", "fees", "materials", "faq", "themes", "keywords", "joint_departments", "form_schema"}
    | {"issues_certificate", "service_objects", "items"}
)


def document_to_workbook(document: CatalogueDocument) -> bytes:
    """The document as an .xlsx workbook: a sheet per list, JSON text in cells that hold lists or objects."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, model in _SHEETS.items():
        sheet = workbook.create_sheet(sheet_name)
        columns = list(model.model_fields)
        sheet.append(columns)
        for row in getattr(document, sheet_name):
            values = row.model_dump(mode="json")
            sheet.append(
                [json.dumps(values[c], ensure_ascii=False) if c in _STRUCTURED else values[c] for c in columns]
            )
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def document_from_workbook(raw: bytes) -> CatalogueDocument:
    """Parse an .xlsx workbook written in the layout of `document_to_workbook`."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(_("事项目录文件过大"), extra={"limit": MAX_DOCUMENT_BYTES})
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(_("事项目录文件不是有效的 Excel 工作簿")) from error
    data: dict[str, Any] = {"format": FORMAT}
    for sheet_name, model in _SHEETS.items():
        if sheet_name not in workbook.sheetnames:
            continue
        rows = list(workbook[sheet_name].iter_rows(values_only=True))
        if not rows:
            continue
        header = [str(h) if h is not None else "" for h in rows[0]]
        records = []
        for number, row in enumerate(rows[1:], start=2):
            if all(cell is None for cell in row):
                continue
            record: dict[str, Any] = {}
            for column, cell in zip(header, row, strict=False):
                if not column or column not in model.model_fields or cell is None:
                    continue
                if column in _STRUCTURED and isinstance(cell, str):
                    try:
                        record[column] = json.loads(cell)
                    except json.JSONDecodeError as error:
                        raise InvalidInput(
                            _("工作表 %(sheet)s 第 %(row)s 行“%(column)s”不是有效的 JSON")
                            % {"sheet": sheet_name, "row": number, "column": column}
                        ) from error
                else:
                    record[column] = cell
            records.append(record)
        data[sheet_name] = records
    return document_parse(data)


def item_row(item: Any) -> dict[str, Any]:
    """An item's current version as an interchange row (materials, themes and joint departments prefetched)."""
    v = item.current
    return {
        "implementation_code": item.implementation_code,
        "basic_code": item.basic_code,
        "name": v.name,
        "item_kind": v.item_kind,
        "department": item.department.code,
        "legal_basis": v.legal_basis,
        "acceptance_conditions": v.acceptance_conditions,
        "process_description": v.process_description,
        "statutory_limit_days": v.statutory_limit_days,
        "promised_limit_days": v.promised_limit_days,
        "limit_notes": v.limit_notes,
        "handling_kind": v.handling_kind,
        "service_objects": v.service_objects,
        "onsite_visits": v.onsite_visits,
        "fees": v.fees,
        "place": v.place,
        "hours": v.hours,
        "consult_phone": v.consult_phone,
        "complaint_phone": v.complaint_phone,
        "online_depth": v.online_depth,
        "materials": [
            {
                "code": m.code,
                "name": m.name,
                "requirement": m.requirement,
                "condition": m.condition,
                "form": m.form,
                "source": m.source,
                "copies": m.copies,
                "blank_form": m.blank_form,
                "sample": m.sample,
                "notes": m.notes,
                "certificate_type": m.certificate_type.code if m.certificate_type else None,
            }
            for m in v.materials.all()
        ],
        "faq": v.faq,
        "themes": [t.code for t in item.themes.all()],
        "keywords": v.keywords,
        "process": v.process.key,
        "joint_departments": [d.code for d in v.joint_departments.all()],
        "form_schema": v.form_schema,
        "issues_certificate": (
            {"type": v.issues_certificate.code, "validity_years": v.certificate_validity_years}
            if v.issues_certificate
            else None
        ),
    }
