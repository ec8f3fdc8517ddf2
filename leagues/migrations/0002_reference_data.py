"""Reference data: countries with their region and age of majority, main and secondary areas.

The rows come from ``leagues.reference_data``; after this migration they are
data that staff edit in the admin.
"""

from django.db import migrations

from leagues.reference_data import COUNTRIES, areas_for


def load_reference_data(apps, schema_editor):
    Country = apps.get_model("leagues", "Country")
    MainArea = apps.get_model("leagues", "MainArea")
    SecondaryArea = apps.get_model("leagues", "SecondaryArea")
    db = schema_editor.connection.alias

    Country.objects.using(db).bulk_create(
        Country(code=code, name=name, region=region, age_of_majority=age)
        for code, name, region, age in COUNTRIES
    )
    areas = {code: areas_for(code, name) for code, name, _, _ in COUNTRIES}
    MainArea.objects.using(db).bulk_create(
        (
            MainArea(code=main_code, country_id=country, name=main_name)
            for country, mains in areas.items()
            for main_code, main_name, _ in mains
        ),
        batch_size=500,
    )
    # Not every backend returns primary keys from bulk_create: read them back.
    main_ids = dict(MainArea.objects.using(db).values_list("code", "id"))
    SecondaryArea.objects.using(db).bulk_create(
        (
            SecondaryArea(code=code, main_area_id=main_ids[main_code], name=name)
            for mains in areas.values()
            for main_code, _, secondaries in mains
            for code, name in secondaries
        ),
        batch_size=500,
    )


def unload_reference_data(apps, schema_editor):
    codes = [code for code, _, _, _ in COUNTRIES]
    db = schema_editor.connection.alias
    apps.get_model("leagues", "SecondaryArea").objects.using(db).filter(
        main_area__country__in=codes
    ).delete()
    apps.get_model("leagues", "MainArea").objects.using(db).filter(country__in=codes).delete()
    apps.get_model("leagues", "Country").objects.using(db).filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("leagues", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, unload_reference_data)]
