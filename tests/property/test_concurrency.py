import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from property import services
from property.choices import ServiceLevel
from property.models import ServiceContract
from tests.property.factories import make_company

D = datetime.date


@pytest.mark.realservices
def test_concurrent_overlapping_signings_one_wins(real_postgres, transactional_db, territory):
    """B signs while A's overlapping contract is written but not committed: the community's row lock makes
    B wait for A and then see A's contract; without the lock B would not see it and both would be saved."""
    first, second = make_company(territory.street), make_company(territory.street)
    signed = threading.Event()
    outcome = {}

    def sign(company, area):
        return services.contract_create(
            user=None,
            company=company,
            area=area,
            starts_on=D(2020, 1, 1),
            ends_on=D(2020, 12, 31),
            fee_standard=Decimal("1.20"),
            service_level=ServiceLevel.STANDARD,
        )

    def a():
        try:
            with transaction.atomic():
                sign(first, territory.community_a)
                signed.set()
                time.sleep(1.0)  # hold the transaction (and the lock) open while B tries
            outcome["a"] = "saved"
        finally:
            connection.close()

    def b():
        signed.wait(5)
        try:
            sign(second, territory.building_a)
            outcome["b"] = "saved"
        except ValidationError as exc:
            outcome["b"] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert outcome["a"] == "saved"
    assert outcome["b"].startswith("梁家屯社区已由")
    assert ServiceContract.objects.count() == 1
