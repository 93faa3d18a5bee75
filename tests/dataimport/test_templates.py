"""Templates: instructions filled in, number columns as text, drop-downs from the user's scope, no example row."""

import io

import pytest
from openpyxl import load_workbook

from governance.lib import importing


def _template(client, key):
    response = client.get(f"/imports/{key}/template/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_resident_template(territory, secretary_a, client_as):
    wb = _template(client_as(secretary_a), "residents")
    data, options, notes = wb["数据"], wb["选项"], wb["填写说明"]
    headers = [c.value for c in data[1]]
    assert headers == [c.header for c in importing.ROSTERS["residents"].columns]
    assert data.max_row == 1 or all(c.value is None for row in data.iter_rows(min_row=2) for c in row)
    id_col = headers.index("身份证号") + 1
    assert data.cell(row=2, column=id_col).number_format == "@"
    assert data.cell(row=2001, column=id_col).number_format == "@"
    ranges = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    community_letter = "F"
    assert f"{community_letter}2:{community_letter}2001" in ranges
    community_options = [options.cell(row=r, column=2).value for r in range(2, options.max_row + 1)]
    assert options.cell(row=1, column=2).value == "社区"
    assert [v for v in community_options if v] == ["梁家屯社区"]  # the secretary's own scope, not 西岗社区
    assert options.sheet_state == "hidden"
    text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "填写说明：居民与住户" in text and "红色表头为必填" in text and "一户只有一位户主" in text


def test_street_admin_sees_every_community_in_the_drop_down(territory, street_admin, client_as):
    options = _template(client_as(street_admin), "residents")["选项"]
    assert [options.cell(row=r, column=2).value for r in range(2, 4)] == ["梁家屯社区", "西岗社区"]


@pytest.mark.parametrize("key", sorted(importing.ROSTERS))
def test_every_roster_has_a_template_from_the_import_page(key, territory, street_admin, client_as):
    client = client_as(street_admin)
    page = client.get("/imports/").content.decode()
    assert f"/imports/{key}/template/" in page and f'data-testid="roster-{key}"' in page
    wb = _template(client, key)
    roster = importing.ROSTERS[key]
    data = wb["数据"]
    assert [c.value for c in data[1]] == [c.header for c in roster.columns]
    assert all(
        c.value is None for row in data.iter_rows(min_row=2, max_row=20) for c in row
    )  # no example row
    for i, column in enumerate(roster.columns, start=1):
        if column.kind in (importing.DIGITS, importing.PHONE):
            assert data.cell(row=2, column=i).number_format == "@", column.header
    notes = [c.value for c in wb["填写说明"]["A"] if c.value]
    assert notes[0] == f"填写说明：{roster.title}" and len(notes) >= len(roster.columns) + 4
    choice_columns = [c for c in roster.columns if c.choices and c.allowed(street_admin)]
    assert len(data.data_validations.dataValidation) == len(choice_columns)
