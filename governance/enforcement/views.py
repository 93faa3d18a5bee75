"""Pages of joint enforcement: the case board, raising a case (phone-first), a case's timeline, the scorecard."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from governance.enforcement import selectors, services
from governance.enforcement.choices import CASE_STATUS_TONES, CaseStatus
from governance.enforcement.filters import CaseFilter, DepartmentFilter
from governance.enforcement.forms import (
    CaseDropForm,
    CasePhotoForm,
    CaseRaiseForm,
    CaseSendBackForm,
    SummonForm,
    SummonsStepForm,
)
from governance.enforcement.models import (
    CaseCategory,
    CasePhoto,
    EnforcementCase,
    EnforcementDepartment,
    Summons,
)
from governance.lib import dashcache
from governance.lib.tables import Column
from governance.lib.views import (
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    PrintView,
    ScopedFileView,
    ScopedViewMixin,
    WorkflowDetailMixin,
    WorkflowMoveView,
)


def case_breadcrumbs():
    return [(gettext_lazy("Joint enforcement cases"), reverse("governance:enforcement-case-list"))]


def share_text(share) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


DURATION_COLUMNS = ("respond_median", "respond_p90", "act_median", "act_p90")


def duration_unit(values) -> str:
    """One unit for a whole column (minutes, hours or days): the one its typical (median) wait reads in."""
    known = sorted(v for v in values if v is not None)
    typical = known[len(known) // 2] if known else 0
    return "min" if typical < 60 else "h" if typical < 24 * 60 else "days"


def duration_in(minutes, unit: str) -> str:
    """A wait in the column's unit, so that one column never mixes minutes, hours and days."""
    if minutes is None:
        return "—"
    if unit == "min":
        return _("%(n)s min") % {"n": f"{round(minutes):g}"}
    if unit == "h":
        return _("%(n).1f h") % {"n": minutes / 60}
    return _("%(n).1f days") % {"n": minutes / (24 * 60)}


def _longest_text(longest) -> list:
    longest = list(longest)
    unit = duration_unit(m for _c, m in longest)
    return [(c, duration_in(m, unit)) for c, m in longest]


def delay_rows_text(rows) -> list[dict]:
    """The delay table's rows as display text (the selector keeps the numbers), one unit per column."""
    rows = list(rows)
    units = {key: duration_unit(getattr(r, key) for r in rows) for key in DURATION_COLUMNS}
    return [
        {
            "label": r.label,
            "summonses": r.summonses,
            **{key: duration_in(getattr(r, key), units[key]) for key in DURATION_COLUMNS},
            "arrive_share": share_text(r.arrive_share),
            "act_share": share_text(r.act_share),
            "overdue_open": r.overdue_open,
        }
        for r in rows
    ]


CASE_COLUMNS = [
    Column("pk", gettext_lazy("No."), order_by="id"),
    Column("title", gettext_lazy("Title"), link=True),
    Column("status", gettext_lazy("Status"), tone=True, order_by="status"),
    Column("category.name", gettext_lazy("Category")),
    Column("urgency", gettext_lazy("Urgency"), order_by="urgency"),
    Column("area.short_label", gettext_lazy("Place")),
    Column("source_kind", gettext_lazy("Source")),
    Column("raised_at", gettext_lazy("Raised at"), order_by="raised_at"),
]


class CaseListView(ObjectListView):
    """The street's case board: counts per status above the filtered list."""

    model = EnforcementCase
    title = gettext_lazy("Joint enforcement cases")
    filterset_class = CaseFilter
    columns = CASE_COLUMNS
    queryset = EnforcementCase.objects.select_related("area__parent", "category")
    create_url_name = "governance:enforcement-case-create"
    export_filename = "enforcement-cases"
    default_ordering = ("-raised_at", "-id")
    empty_hint = gettext_lazy("No cases yet. When a matter needs departments to act, raise a case.")
    template_name = "governance/enforcement/case_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user

        def figures():
            return {
                "counts": selectors.case_status_counts(EnforcementCase.objects.visible_to(user)),
                "overdue": selectors.overdue_summonses(Summons.objects.visible_to(user)).count(),
            }

        # Counted over the whole scope (a scan that grows with the cases): kept per scope until a case moves.
        found = dashcache.cached_figures(
            "case-list", self.request, ("governance.EnforcementCase", "governance.Summons"), figures
        )
        ctx["status_counts"] = [
            (s, CaseStatus(s).label, found["counts"][s], CASE_STATUS_TONES[s]) for s in CaseStatus.values
        ]
        ctx["overdue_count"] = found["overdue"]
        return ctx


class CaseCreateView(ObjectCreateView):
    model = EnforcementCase
    form_class = CaseRaiseForm
    title = gettext_lazy("Raise a case")
    success_message = gettext_lazy("Case raised.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def get_breadcrumbs(self):
        return case_breadcrumbs()

    def save_form(self, form):
        data = form.cleaned_data
        return services.case_raise(
            user=self.request.user,
            area=data["area"],
            category=data["category"],
            title=data["title"],
            description=data["description"],
            urgency=data["urgency"],
            source_kind=data["source_kind"],
            source_ref=data["source_ref"],
            photos=data["photos"],
        )


class CaseDetailView(WorkflowDetailMixin, ObjectDetailView):
    """Status, the moves allowed now, who is waiting on whom, the summonses and the timeline."""

    model = EnforcementCase
    queryset = EnforcementCase.objects.select_related("area__parent__parent", "category", "raised_by")
    template_name = "governance/enforcement/case_detail.html"
    workflow = services.CASE_WORKFLOW
    move_forms = {"send_back": CaseSendBackForm, "drop": CaseDropForm}
    move_url_name = "governance:enforcement-case-move"
    move_field = "to_status"  # the API's name for it; a move's name or its target status both work

    def get_breadcrumbs(self):
        return case_breadcrumbs()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        case = self.object
        user = self.request.user
        summonses = list(
            case.summonses.select_related(
                "department", "acknowledged_by", "arrived_by", "acted_by"
            ).prefetch_related("department__contacts")
        )
        can_summon = user.has_perm("governance.add_summons") and case.status in services.SUMMONABLE
        ctx.update(
            summonses=summonses,
            waiting=selectors.waiting_on(case, summonses),
            events=case.events.select_related("actor", "summons__department"),
            photos=case.photos.all(),
            can_record=user.has_perm("governance.change_summons") and case.is_open,
            can_summon=can_summon,
            summon_form=SummonForm(user=user) if can_summon else None,
            photo_form=CasePhotoForm()
            if case.is_open and user.has_perm("governance.add_casephoto")
            else None,
        )
        return ctx


class CasePrintView(PrintView):
    """The case sheet: the facts, the summoned departments with their times, the timeline, signatures."""

    model = EnforcementCase
    queryset = EnforcementCase.objects.select_related("area__parent__parent", "category", "raised_by")
    template_name = "governance/enforcement/case_print.html"
    doc_title = gettext_lazy("Joint enforcement case sheet")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["doc_number"] = _("Case No. %(number)s") % {"number": self.object.pk}
        ctx["summonses"] = self.object.summonses.select_related(
            "department", "acknowledged_by", "arrived_by", "acted_by"
        )
        ctx["events"] = self.object.events.select_related("actor", "summons__department")
        return ctx


class CaseMoveView(WorkflowMoveView):
    model = EnforcementCase
    detail_view = CaseDetailView


class CaseSummonView(ObjectActionView):
    model = EnforcementCase
    permission_required = "governance.add_summons"

    def perform(self, obj):
        form = SummonForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.case_summon(
            user=self.request.user,
            case=obj,
            departments=form.cleaned_data["departments"],
            note=form.cleaned_data["note"],
        )


class CasePhotoAddView(ObjectActionView):
    model = EnforcementCase
    permission_required = "governance.add_casephoto"

    def perform(self, obj):
        form = CasePhotoForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            raise ValidationError(_("Choose a photo."))
        services.case_photo_add(user=self.request.user, case=obj, upload=form.cleaned_data["image"])


class SummonsStepView(ObjectActionView):
    """Record a department's acknowledgement, arrival or action (often reported by phone, so a time may be given)."""

    model = Summons
    queryset = Summons.objects.select_related("case", "department")

    def perform(self, obj):
        form = SummonsStepForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose what the department did."))
        data = form.cleaned_data
        at = data.get("at")
        if at is not None and timezone.is_naive(at):
            at = timezone.make_aware(at)
        fn = services.SUMMONS_STEPS[data["step"]]
        kwargs = {"user": self.request.user, "summons": obj, "at": at, "note": data.get("note", "")}
        fn(**kwargs)


class CasePhotoView(ScopedFileView):
    """Serves a case photo only to users who may see the case (shown in the case page, not downloaded)."""

    model = CasePhoto
    file_field = "image"
    as_attachment = False


class DepartmentListView(ObjectListView):
    model = EnforcementDepartment
    title = gettext_lazy("Enforcement departments")
    filterset_class = DepartmentFilter
    queryset = EnforcementDepartment.objects.prefetch_related("contacts")
    columns = [
        Column("name", gettext_lazy("Name"), link=True, order_by="name"),
        Column("duty_phone", gettext_lazy("Duty phone")),
        Column(lambda d: "、".join(c.name for c in d.contacts.all()), gettext_lazy("Contacts")),
        Column("is_active", gettext_lazy("Active")),
    ]
    export_filename = "enforcement-departments"
    default_ordering = ("name",)
    empty_hint = gettext_lazy("No departments yet: an administrator adds them in the admin.")


def _period(request):
    """The scorecard's period from ?since=&until= (dates), default the last 365 days."""
    today = timezone.localdate()
    try:
        since = datetime.date.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        since = today - datetime.timedelta(days=365)
    try:
        until = datetime.date.fromisoformat(request.GET.get("until", ""))
    except ValueError:
        until = today
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return since, until, start, end


class DepartmentDetailView(ObjectDetailView):
    model = EnforcementDepartment
    queryset = EnforcementDepartment.objects.prefetch_related("contacts__user")
    template_name = "governance/enforcement/department_detail.html"

    def get_breadcrumbs(self):
        return [(gettext_lazy("Enforcement departments"), reverse("governance:enforcement-department-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        summonses = Summons.objects.visible_to(self.request.user).filter(department=self.object)
        tables = selectors.delay_tables(summonses, ("month", "category"))
        ctx["by_month"] = delay_rows_text(tables["month"])
        ctx["by_category"] = delay_rows_text(tables["category"])
        ctx["waiting"] = summonses.waiting().select_related("case")[:50]
        return ctx


class ScorecardView(ScopedViewMixin, View):
    """Delay analytics: per department, category and month; dropped cases; longest waits; whistle rate."""

    model = Summons

    def get(self, request):
        since, until, start, end = _period(request)
        summonses = Summons.objects.visible_to(request.user).filter(
            summoned_at__gte=start, summoned_at__lt=end
        )
        cases = EnforcementCase.objects.visible_to(request.user)

        def figures():
            tables = selectors.delay_tables(summonses)
            return {
                "by_department": delay_rows_text(tables["department"]),
                "by_category": delay_rows_text(tables["category"]),
                "by_month": delay_rows_text(tables["month"]),
                "dropped": selectors.dropped_reasons(cases.filter(raised_at__gte=start, raised_at__lt=end)),
                "longest": _longest_text(selectors.longest_waiting(cases)),
                "whistle": selectors.whistle_rates(request.user, since=start, until=end),
            }

        # Every summons and case of the period, and the residents per community: kept per scope and period
        # until one of them changes.
        watches = (
            "governance.Summons",
            "governance.EnforcementCase",
            "governance.Resident",
            "governance.Department",
            "governance.CaseCategory",
        )
        found = dashcache.cached_figures("scorecard", request, watches, figures, vary=f"{start}|{end}")
        ctx = {
            "title": _("Department scorecard"),
            "since": since,
            "until": until,
            **found,
            "breadcrumbs": case_breadcrumbs(),
            "categories": CaseCategory.objects.all(),
        }
        return render(request, "governance/enforcement/scorecard.html", ctx)
