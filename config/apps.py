"""Third-party apps under our own AppConfig where theirs cannot be translated."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes, named in the admin through our catalogue: the library leaves its verbose_name untranslated."""

    verbose_name = _("Axes")
