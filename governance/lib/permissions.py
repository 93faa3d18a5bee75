"""API permission classes (a module of their own: DRF imports them while its views module loads)."""

from rest_framework import permissions


class ModelPermissions(permissions.DjangoModelPermissions):
    """Django model permissions, reading included: a role without `view_x` cannot list x."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }
