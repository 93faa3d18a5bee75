import django_filters
from django.utils.translation import gettext_lazy as _

from governance.lib.filters import ScopedFilterSet
from governance.residents.choices import Gender, Registration
from governance.residents.models import Resident
from governance.territory.filters import AreaWithinFilter


class ResidentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, ID or phone"))
    within = AreaWithinFilter()
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    registration = django_filters.ChoiceFilter(choices=Registration.choices, label=_("Registration"))

    class Meta:
        model = Resident
        fields = ["q", "within", "gender", "registration"]

    def search(self, qs, name, value):
        return qs.search(value)
