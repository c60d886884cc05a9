"""A URL configuration without any page (tests/core/test_handler.py)."""

urlpatterns: list = []
