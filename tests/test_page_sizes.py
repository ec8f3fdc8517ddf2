"""Every list has a maximum: table pages clamp ``?per_page``, the API refuses a bigger limit."""

import pytest
from django.urls import reverse

from api.main import api
from leagues.models import Driver
from leagues.selectors.paging import MAX_PAGE_SIZE, PAGE_SIZE
from leagues.tests.factories import DriverFactory

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
SPEC = api.get_openapi_schema(path_prefix=PREFIX + "/")
SIZE_PARAMETERS = [
    (path, parameter["name"])
    for path, methods in SPEC["paths"].items()
    for parameter in methods.get("get", {}).get("parameters", [])
    if parameter["name"] in {"limit", "page_size"}
]


@pytest.fixture
def many_drivers():
    DriverFactory(online_id="first_driver")
    template = Driver.objects.get()
    Driver.objects.bulk_create(
        Driver(
            online_id=f"driver_{n:05d}",
            display_name=f"Driver {n}",
            birth_date=template.birth_date,
            country=template.country,
            main_area=template.main_area,
            secondary_area=template.secondary_area,
        )
        for n in range(MAX_PAGE_SIZE + 20)
    )


@pytest.mark.parametrize(
    ("per_page", "rows"),
    [("1000000000", MAX_PAGE_SIZE), ("0", PAGE_SIZE), ("-5", 1), ("10", 10), ("x", PAGE_SIZE)],
)
def test_the_driver_directory_clamps_the_page_size(client, many_drivers, per_page, rows):
    response = client.get(reverse("leagues:driver_list"), {"per_page": per_page})
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == rows


def test_a_page_past_the_end_shows_the_last_page(client, many_drivers):
    response = client.get(reverse("leagues:driver_list"), {"page": "10" * 20})
    assert response.status_code == 200
    assert response.context["table"].page.number == response.context["table"].paginator.num_pages


def test_every_api_list_documents_and_enforces_the_maximum(client):
    assert len(SIZE_PARAMETERS) >= 6
    for path, name in SIZE_PARAMETERS:
        schema = next(
            p["schema"] for p in SPEC["paths"][path]["get"]["parameters"] if p["name"] == name
        )
        assert schema["maximum"] == MAX_PAGE_SIZE, path
        url = path.format(season="2024", number=1, league="GT1", tier="gold", scope="EMEA")
        response = client.get(url, {name: MAX_PAGE_SIZE + 1})
        assert response.status_code == 400, (url, response.content[:300])
        assert name in response.json()["error"] and str(MAX_PAGE_SIZE) in response.json()["error"]
