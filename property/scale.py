"""The large street's property fees: every building of the generated community, month by month."""

import datetime
from decimal import Decimal

from governance.lib.bulk import insert_rows, reserve_ids
from governance.lib.registry import scale_seeder
from property import services
from property.choices import CompanyKind
from property.models import FeeRecord


def _months(first: datetime.date, last: datetime.date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


@scale_seeder("property", order=60)
def scale_property(ctx: dict) -> None:
    rng, n = ctx["rng"], ctx["index"]
    company = services.company_create(
        user=None,
        name=f"生成{n:02d}物业服务有限公司",
        credit_code=f"91370203SCALE{n:05d}",
        kind=CompanyKind.OUTSOURCED,
        area=ctx["community"],
    )
    months = list(
        _months(
            ctx["now"].date() - datetime.timedelta(days=31 * ctx["size"]["fee_months"]), ctx["now"].date()
        )
    )
    months = months[-ctx["size"]["fee_months"] :]
    ids = iter(reserve_ids(FeeRecord, len(months) * len(ctx["buildings"])))
    rows = []
    for building in ctx["buildings"]:
        billed = Decimal(rng.randint(3000, 9000))
        for month in months:
            collected = (billed * Decimal(rng.uniform(0.6, 1.0))).quantize(Decimal("0.01"))
            rows.append(
                {
                    "id": next(ids),
                    "area_id": building.pk,
                    "company_id": company.pk,
                    "period": month,
                    "billed": billed,
                    "collected": collected,
                    "updated_by_id": ctx["secretary"].pk,
                }
            )
    insert_rows(FeeRecord, rows)
