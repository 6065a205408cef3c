"""Tables in and out of the appeals hub: CSV (UTF-8, with or without BOM; GB18030 accepted) and Excel files read
into rows of named columns, for bulk import of appeals and for the category tree."""

import csv
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from zhizhi.core.errors import InvalidInput

MAX_ROWS = 20_000
MAX_FILE_BYTES = 20 * 1024 * 1024

# Chinese headers an operator's spreadsheet may carry, mapped to our column names.
HEADER_ALIASES = {
    "外部编号": "external_id",
    "登记时间": "received_at",
    "诉求类型": "kind",
    "标题": "subject",
    "诉求内容": "detail",
    "内容": "detail",
    "区划代码": "division_code",
    "地址": "address",
    "纬度": "latitude",
    "经度": "longitude",
    "诉求人": "contact_name",
    "联系电话": "contact_phone",
    "匿名": "anonymous",
    "分类": "category",
}


def _header(cell: Any) -> str:
    name = str(cell or "").strip().lstrip("\ufeff")
    return HEADER_ALIASES.get(name, name.lower())


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(_("无法识别文件编码，请使用 UTF-8 编码的 CSV 或 Excel 文件"))


def _rows_csv(raw: bytes) -> list[dict[str, str]]:
    text = _decode(raw)
    if "\x00" in text:
        raise InvalidInput(_("文件不是文本格式的 CSV"))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        lines = list(reader)
    except csv.Error as error:
        raise InvalidInput(_("CSV 格式有误：%(error)s") % {"error": error}) from error
    if not lines:
        raise InvalidInput(_("文件是空的"))
    header = [_header(cell) for cell in lines[0]]
    return [dict(zip(header, (cell.strip() for cell in line), strict=False)) for line in lines[1:] if any(line)]


def _rows_excel(raw: bytes) -> list[dict[str, str]]:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(_("无法读取 Excel 文件：%(error)s") % {"error": type(error).__name__}) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        raise InvalidInput(_("文件是空的"))
    header = [_header(cell) for cell in first]
    found = []
    for row in rows:
        if row is None or not any(cell not in (None, "") for cell in row):
            continue
        values = ["" if cell is None else str(cell).strip() for cell in row]
        found.append(dict(zip(header, values, strict=False)))
        if len(found) > MAX_ROWS:
            break
    workbook.close()
    return found


def rows_read(*, name: str, raw: bytes, required: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of an uploaded CSV or Excel file, checked for size and the required columns."""
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidInput(_("文件过大：上限 %(n)d MB") % {"n": MAX_FILE_BYTES // 1024 // 1024})
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows = _rows_excel(raw)
    elif lower.endswith((".csv", ".txt")):
        rows = _rows_csv(raw)
    else:
        raise InvalidInput(_("只支持 CSV 或 Excel（.xlsx）文件"), extra={"name": name[:100]})
    if len(rows) > MAX_ROWS:
        raise InvalidInput(_("一次最多导入 %(n)d 行") % {"n": MAX_ROWS})
    columns = set(rows[0]) if rows else set()
    missing = [c for c in required if c not in columns]
    if not rows or missing:
        raise InvalidInput(
            _("文件缺少必需的列：%(columns)s") % {"columns": "、".join(missing or required)},
            extra={"missing": missing or list(required)},
        )
    return rows
