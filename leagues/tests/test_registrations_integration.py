"""Two registrations of one driver at the same moment, on PostgreSQL."""

import datetime as dt
import threading

import pytest
from django.db import connection

from leagues.exceptions import RuleViolation
from leagues.models import Registration
from leagues.services.registrations import register_driver
from leagues.tests.factories import DriverFactory, SeasonFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_registrations_at_once_end_with_one_and_a_clear_refusal():
    driver, season = DriverFactory(), SeasonFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def register():
        try:
            barrier.wait()
            register_driver(
                driver=driver, season=season, now=dt.datetime(2024, 4, 10, tzinfo=dt.UTC)
            )
            outcomes.append("registered")
        except RuleViolation as error:
            outcomes.append(str(error.message))
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "registered"
    assert "already registered" in sorted(outcomes)[0]
    assert Registration.objects.filter(driver=driver, season=season).count() == 1
