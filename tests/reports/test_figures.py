"""The figure registry: periods, the previous period, and every figure answering for an empty place."""

import datetime

import pytest

from governance.lib.figures import FIGURES, SECTIONS, Period, evaluate, format_value


@pytest.mark.parametrize(
    ("text", "start", "end", "previous"),
    [
        ("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "2025"),
        ("2026Q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "2025Q4"),
        ("2026q3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "2026Q2"),
        ("2026Q4", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), "2026Q3"),
    ],
)
def test_periods(text, start, end, previous):
    period = Period.parse(text)
    assert (period.start, period.end, period.previous().code) == (start, end, previous)
    assert period.end_at - period.start_at == datetime.timedelta(days=(end - start).days + 1)


@pytest.mark.parametrize("text", ["", "26", "2026Q5", "2026-3", "Q3"])
def test_a_bad_period_is_refused(text):
    with pytest.raises(ValueError):
        Period.parse(text)


def test_every_figure_belongs_to_a_section_and_answers_for_an_empty_community(territory):
    assert {f.section for f in FIGURES.values()} <= {key for key, _label in SECTIONS}
    values = {v.figure.key: v for v in evaluate(territory.community_b, Period(2026))}
    assert set(values) == set(FIGURES)
    # Nothing happened in the empty community: counts are 0, rates have no data ("—"), money is 0.00.
    assert values["volunteers.person_times"].value == 0
    assert values["volunteers.response_rate"].value is None
    assert format_value(values["property.collection_rate"].value, 1) == "—"
    assert format_value(values["property.subsidies"].value, 2) == "0.00"
    assert values["enforcement.cases"].change == 0


def test_format_value():
    assert format_value(1234567) == "1,234,567"
    assert format_value(None) == "—"
    assert format_value(44.456, 1) == "44.5"
