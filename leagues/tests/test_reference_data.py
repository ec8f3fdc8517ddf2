import re
from collections import Counter

import pytest

from leagues.models import Country, MainArea, SecondaryArea
from leagues.models.choices import Region
from leagues.reference_data import (
    AREAS,
    COUNTRIES,
    MAIN_CODE_MAX_LENGTH,
    REGIONS,
    SECONDARY_CODE_MAX_LENGTH,
    areas_for,
)

ALL_AREAS = {code: areas_for(code, name) for code, name, _, _ in COUNTRIES}
MAIN_CODES = [main for mains in ALL_AREAS.values() for main, _, _ in mains]
SECONDARY_CODES = [
    code for mains in ALL_AREAS.values() for _, _, secondaries in mains for code, _ in secondaries
]
REGION_OF = {code: region for code, _, region, _ in COUNTRIES}
AGE_OF = {code: age for code, _, _, age in COUNTRIES}


def duplicates(codes):
    return [code for code, count in Counter(codes).items() if count > 1]


def test_the_regions_are_the_models_regions():
    assert set(REGIONS) == set(Region.values)


def test_every_region_has_countries():
    assert set(REGION_OF.values()) == set(REGIONS)


def test_every_iso_3166_country_is_there_once():
    codes = [code for code, _, _, _ in COUNTRIES]
    assert len(codes) == 249
    assert duplicates(codes) == []
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)


def test_country_names_are_unique_and_fit_the_model():
    names = [name for _, name, _, _ in COUNTRIES]
    assert duplicates(names) == []
    assert all(0 < len(name) <= 80 for name in names)


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("US", "NA"),
        ("CA", "NA"),
        ("MX", "CSA"),
        ("BR", "CSA"),
        ("PR", "CSA"),
        ("GB", "EMEA"),
        ("RU", "EMEA"),
        ("TR", "EMEA"),
        ("IL", "EMEA"),
        ("AE", "EMEA"),
        ("ZA", "EMEA"),
        ("KZ", "EMEA"),
        ("JP", "ASIA"),
        ("KR", "ASIA"),
        ("IN", "ASIA"),
        ("TH", "ASIA"),
        ("AU", "OCE"),
        ("NZ", "OCE"),
        ("FJ", "OCE"),
    ],
)
def test_a_known_country_is_in_its_region(code, region):
    assert REGION_OF[code] == region


def test_south_korea_comes_of_age_at_19_and_most_countries_at_18():
    assert AGE_OF["KR"] == 19
    assert AGE_OF["JP"] == 18
    assert AGE_OF["US"] == 18
    assert set(AGE_OF.values()) <= {18, 19, 20, 21}
    assert Counter(AGE_OF.values()).most_common(1)[0][0] == 18


def test_every_country_has_a_main_area_with_a_secondary_area():
    for code, mains in ALL_AREAS.items():
        assert mains, code
        for main_code, _, secondaries in mains:
            assert secondaries, main_code


def test_area_codes_are_unique_and_fit_the_model():
    assert duplicates(MAIN_CODES + SECONDARY_CODES) == []
    assert max(map(len, MAIN_CODES)) <= MAIN_CODE_MAX_LENGTH == 16
    assert max(map(len, SECONDARY_CODES)) <= SECONDARY_CODE_MAX_LENGTH == 24
    assert all(re.fullmatch(r"[A-Z]{2}-[A-Z0-9]+(-[A-Z0-9]+)?", c) for c in SECONDARY_CODES)


def test_an_area_code_starts_with_its_parents_code_and_its_name_fits():
    for country, mains in ALL_AREAS.items():
        for main_code, main_name, secondaries in mains:
            assert main_code.startswith(f"{country}-")
            assert 0 < len(main_name) <= 80
            for code, name in secondaries:
                assert code.startswith(f"{main_code}-")
                assert 0 < len(name) <= 80


def test_the_large_countries_have_detailed_areas():
    assert len(AREAS["US"]) == 51
    assert len(AREAS["CA"]) == 13
    assert len(AREAS["JP"]) == 47
    assert {"US-CA-LA", "JP-13-WRD", "GB-LDN-IN", "FR-IDF-75"} <= set(SECONDARY_CODES)
    assert set(AREAS) <= set(REGION_OF)


def test_a_country_without_details_gets_one_area_covering_it_all():
    assert areas_for("AD", "Andorra") == (
        ("AD-ALL", "Andorra (all)", (("AD-ALL-ALL", "Andorra (all)"),)),
    )


@pytest.mark.django_db
def test_the_migration_loads_every_country_and_area():
    assert Country.objects.count() == len(COUNTRIES)
    assert MainArea.objects.count() == len(MAIN_CODES)
    assert SecondaryArea.objects.count() == len(SECONDARY_CODES)
    japan = Country.objects.get(code="JP")
    assert (japan.name, japan.region, japan.age_of_majority) == ("Japan", "ASIA", 18)
    tokyo = japan.main_areas.get(code="JP-13")
    assert tokyo.secondary_areas.filter(code="JP-13-WRD").exists()
    assert Country.objects.get(code="KR").age_of_majority == 19
    assert SecondaryArea.objects.get(code="AD-ALL-ALL").main_area.country_id == "AD"
