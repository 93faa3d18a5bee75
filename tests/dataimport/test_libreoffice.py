"""The templates opened by LibreOffice (Debian's libreoffice-calc, headless) and files it saved, imported."""

import io

import pytest
from openpyxl import load_workbook

from governance.models import ImportBatch
from tests.dataimport.helpers import headers, upload, xlsx_bytes
from tests.dataimport.test_residents import BAD_ROW, good_rows


def test_the_template_survives_libreoffice(territory, secretary_a, client_as, convert):
    original = client_as(secretary_a).get("/imports/residents/template/").content
    saved = load_workbook(io.BytesIO(convert(original, "template.xlsx", "xlsx")))
    before = load_workbook(io.BytesIO(original))
    assert saved.sheetnames == before.sheetnames == ["数据", "选项", "填写说明"]
    for title in saved.sheetnames:
        values = [[c.value for c in row] for row in saved[title].iter_rows() if any(c.value for c in row)]
        expected = [[c.value for c in row] for row in before[title].iter_rows() if any(c.value for c in row)]
        assert values == expected, title
    data = saved["数据"]
    id_col = headers("residents").index("身份证号") + 1
    assert data.cell(row=2, column=id_col).number_format == "@"  # still text: 18 digits stay 18 digits
    lists = {str(v.sqref).split(":")[0] for v in data.data_validations.dataValidation if v.type == "list"}
    assert {"B2", "F2", "H2", "I2", "J2", "L2", "M2"} <= lists  # every drop-down kept
    assert saved["选项"].sheet_state == "hidden"


@pytest.mark.parametrize(
    ("to", "name"),
    [
        ("xls", "居民.xls"),
        ("xlsx", "居民.xlsx"),
        # LibreOffice's CSV takes the locale's encoding (ASCII under C): ask for UTF-8 (76) as a user would.
        ("csv:Text - txt - csv (StarCalc):44,34,76", "居民.csv"),
    ],
    ids=["xls", "xlsx", "csv"],
)
def test_a_file_saved_by_libreoffice_imports_with_the_same_result(
    territory, secretary_a, client_as, convert, to, name
):
    filled = xlsx_bytes(headers("residents"), [*good_rows(), BAD_ROW])
    for row in load_workbook(io.BytesIO(filled)).active.iter_rows(min_row=2):
        assert isinstance(row[3].value, str)
    converted = convert(filled, "filled.xlsx", to)
    if to == "xls":
        assert converted[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    upload(client_as(secretary_a), "residents", name, converted)
    batch = ImportBatch.objects.get()
    assert (batch.new_count, batch.refused_count) == (3, 1), batch.report
    assert batch.report["refused"] == [{"row": 5, "reasons": ["身份证号校验位不正确。"]}]
