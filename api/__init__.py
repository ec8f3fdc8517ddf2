"""The JSON API (v1) on django-ninja: one ``NinjaAPI`` (``api.main``), a router per area in
``api.routers``, the shapes as pydantic schemas, so the OpenAPI document is generated."""
