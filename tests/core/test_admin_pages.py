"""Every model is in the admin, and its list, add and change pages answer for a superuser."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"performance", "improvement", "options"}


def _domain_models():
    return [model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS]


def test_every_domain_model_is_registered_in_the_admin():
    from django.apps import apps

    registered = set(admin.site._registry)
    missing = [
        m.__name__
        for label in DOMAIN_APPS
        for m in apps.get_app_config(label).get_models()
        if not m.__name__.startswith("Historical") and m not in registered and not m._meta.auto_created
    ]
    assert missing == []


def test_every_admin_list_add_and_change_page_answers_200_for_a_superuser(client, superuser, report_content):
    client.force_login(superuser)
    for model in _domain_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        request = RequestFactory().get(changelist)
        request.user = superuser
        if not admin.site._registry[model].has_add_permission(request):
            continue  # a record written only by the app (e.g. import previews): its list is enough
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(add).status_code == 200, add
        first = model._default_manager.order_by("pk").first()
        assert first is not None, f"the fixtures hold no {opts.verbose_name}"
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        assert client.get(change).status_code == 200, change
