import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from governance.lib.filters import ScopedFilterSet
from governance.lib.masking import looks_like_number
from governance.residents.choices import Gender, Registration
from governance.residents.models import Resident
from governance.territory.filters import AreaWithinFilter


def refuse_numbers(value: str) -> None:
    """A number typed here would travel in the URL (and the server's access log): it is refused."""
    if looks_like_number(value):
        raise ValidationError(
            _("ID and phone numbers are not searched here: use “Find by number”, which is logged."),
            code="number_in_url",
        )


class ResidentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name"), validators=[refuse_numbers])
    within = AreaWithinFilter()
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    registration = django_filters.ChoiceFilter(choices=Registration.choices, label=_("Registration"))

    class Meta:
        model = Resident
        fields = ["q", "within", "gender", "registration"]

    def search(self, qs, name, value):
        return qs.search(value)
