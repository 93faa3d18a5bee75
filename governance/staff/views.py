"""Street-staff pages: departments, staff, portfolios, A/B posts and coverage, evaluations, age structure."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from governance.lib.excel import xlsx_response
from governance.lib.tables import Column
from governance.lib.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    PrintView,
    ScopedViewMixin,
    WorkflowDetailMixin,
    WorkflowMoveView,
    save_on_form,
)
from governance.staff import selectors, services
from governance.staff.choices import EvaluationStatus
from governance.staff.filters import EvaluationFilter, PortfolioFilter, PostFilter, StaffMemberFilter
from governance.staff.forms import (
    AbsenceForm,
    AgeForm,
    CoverageForm,
    DepartmentForm,
    EvaluationScoreForm,
    InChargeForm,
    InspectionForm,
    OpenQuarterForm,
    PortfolioForm,
    PostForm,
    SelfAssessmentForm,
    StaffMemberForm,
)
from governance.staff.models import (
    Absence,
    Department,
    Evaluation,
    FrontlineInspection,
    LeadershipPortfolio,
    Post,
    StaffMember,
)

STAFF = gettext_lazy("Street cadres")


def _crumbs(label, url_name):
    return [(STAFF, reverse("governance:staff-member-list")), (label, reverse(url_name))]


def _form_page(request, form, title, breadcrumbs=None, template="lib/object_form.html"):
    return render(request, template, {"form": form, "title": title, "breadcrumbs": breadcrumbs or []})


# ---------------------------------------------------------------------------------------- departments


class DepartmentListView(ObjectListView):
    model = Department
    title = pgettext_lazy("street office", "Departments")
    queryset = Department.objects.select_related("leader").annotate(
        member_count=Count("members", distinct=True), post_count=Count("posts", distinct=True)
    )
    columns = [
        Column("name", gettext_lazy("Name"), link=True, order_by="name"),
        Column("leader.name", gettext_lazy("Leader in charge")),
        Column("member_count", gettext_lazy("Staff")),
        Column("post_count", gettext_lazy("A/B posts")),
    ]
    create_url_name = "governance:staff-department-create"
    export_filename = "departments"
    default_ordering = ("name", "id")
    empty_hint = gettext_lazy("Add the street office's departments, then its staff and posts.")


class DepartmentDetailView(ObjectDetailView):
    model = Department
    queryset = Department.objects.select_related("leader", "area")
    template_name = "governance/staff/department_detail.html"

    def get_breadcrumbs(self):
        return _crumbs(pgettext_lazy("street office", "Departments"), "governance:staff-department-list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["members"] = self.object.members.order_by("name")
        ctx["posts"] = self.object.posts.select_related("holder_a", "holder_b")
        return ctx


class DepartmentFormMixin:
    model = Department
    form_class = DepartmentForm

    def save_form(self, form):
        data = form.cleaned_data
        if self.object is None:
            return services.department_create(
                area=data["area"], name=data["name"], description=data["description"], leader=data["leader"]
            )
        return services.department_update(
            department=self.object, **{k: data[k] for k in ("name", "description", "leader")}
        )


class DepartmentCreateView(DepartmentFormMixin, ObjectCreateView):
    title = gettext_lazy("Add a department")


class DepartmentUpdateView(DepartmentFormMixin, ObjectUpdateView):
    title = gettext_lazy("Edit department")


# ------------------------------------------------------------------------------------------------ staff


class StaffMemberListView(ObjectListView):
    model = StaffMember
    title = gettext_lazy("Staff")
    filterset_class = StaffMemberFilter
    queryset = StaffMember.objects.select_related("department", "area")
    columns = [
        Column("name", gettext_lazy("Full name"), link=True, order_by="name"),
        Column("gender", gettext_lazy("Gender")),
        Column("birth_date", gettext_lazy("Birth date"), order_by="birth_date"),
        Column("kind", gettext_lazy("Kind")),
        Column("department.name", pgettext_lazy("street office", "Department")),
        Column("area.name", gettext_lazy("Place of work")),
        Column("position", gettext_lazy("Job title")),
        Column("is_leadership", gettext_lazy("Leadership team")),
        Column("education", gettext_lazy("Education")),
        Column("political_status", gettext_lazy("Political status")),
        Column("hired_on", gettext_lazy("Hired on"), order_by="hired_on"),
        Column("left_on", gettext_lazy("Left on"), order_by="left_on"),
        Column("leave_reason", gettext_lazy("Reason for leaving")),
    ]
    create_url_name = "governance:staff-member-create"
    export_filename = "staff"
    default_ordering = ("name", "id")
    empty_hint = gettext_lazy("Add the street's cadres and community workers.")


class StaffMemberDetailView(ObjectDetailView):
    model = StaffMember
    queryset = StaffMember.objects.select_related("department", "area", "user")
    template_name = "governance/staff/member_detail.html"

    def get_breadcrumbs(self):
        return _crumbs(gettext_lazy("Staff"), "governance:staff-member-list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        staff = self.object
        today = timezone.localdate()
        user = self.request.user
        ctx.update(
            today_age=staff.age_on(today),
            posts_a=staff.posts_as_a.select_related("holder_b"),
            posts_b=staff.posts_as_b.select_related("holder_a"),
            portfolios=staff.portfolios.select_related("area"),
            absences=staff.absences.all()[:10],
            evaluations=Evaluation.objects.visible_to(user).filter(cadre=staff)[:8],
            inspections=FrontlineInspection.objects.visible_to(user)
            .filter(cadre=staff)
            .select_related("inspector", "area")[:10],
            history=staff.history.select_related("history_user")[:10],
        )
        return ctx


class StaffMemberFormMixin:
    model = StaffMember
    form_class = StaffMemberForm

    def save_form(self, form):
        if self.object is None:
            return services.staff_create(**form.cleaned_data)
        return services.staff_update(staff=self.object, **form.cleaned_data)


class StaffMemberCreateView(StaffMemberFormMixin, ObjectCreateView):
    title = gettext_lazy("Add a staff member")
    success_message = gettext_lazy("Staff record saved.")


class StaffMemberUpdateView(StaffMemberFormMixin, ObjectUpdateView):
    title = gettext_lazy("Edit staff record")
    success_message = gettext_lazy("Staff record saved.")


# ------------------------------------------------------------------------------------------- portfolios


class PortfolioListView(ObjectListView):
    model = LeadershipPortfolio
    title = gettext_lazy("Leadership portfolios")
    filterset_class = PortfolioFilter
    queryset = LeadershipPortfolio.objects.select_related("leader", "area")
    columns = [
        Column("leader.name", gettext_lazy("Leader"), order_by="leader__name"),
        Column("leader.position", gettext_lazy("Job title")),
        Column("work_line", gettext_lazy("Line of work"), order_by="work_line"),
        Column("area.name", gettext_lazy("Community or street")),
        Column("note", gettext_lazy("Note")),
    ]
    default_ordering = ("leader__name", "work_line", "area__path")
    export_filename = "portfolios"
    create_url_name = "governance:staff-portfolio-assign"
    template_name = "governance/staff/portfolio_list.html"
    empty_hint = gettext_lazy("Say which leader answers for which line of work in which community.")


class PortfolioAssignView(ScopedViewMixin, View):
    model = LeadershipPortfolio
    action = "add"

    def get(self, request):
        form = PortfolioForm(user=request.user, initial=request.GET.dict())
        return _form_page(
            request,
            form,
            gettext_lazy("Assign a portfolio"),
            _crumbs(gettext_lazy("Leadership portfolios"), "governance:staff-portfolio-list"),
        )

    def post(self, request):
        form = PortfolioForm(request.POST, user=request.user)
        if form.is_valid() and save_on_form(form, lambda: services.portfolio_assign(**form.cleaned_data)):
            messages.success(request, _("Portfolio saved."))
            return HttpResponseRedirect(reverse("governance:staff-portfolio-list"))
        return _form_page(request, form, gettext_lazy("Assign a portfolio"))


class InChargeView(ScopedViewMixin, View):
    """“Who is in charge of community X for topic Y?”: one community's lines of work and their leaders."""

    model = LeadershipPortfolio

    def get(self, request):
        form = InChargeForm(request.GET or None, user=request.user)
        rows = []
        area = work_line = None
        if form.is_valid() and form.cleaned_data["area"]:
            area = form.cleaned_data["area"]
            work_line = form.cleaned_data["work_line"]
            visible = LeadershipPortfolio.objects.visible_to(request.user)
            covering = selectors.portfolios_covering(area=area, queryset=visible)
            from governance.staff.choices import WorkLine

            for line, label in WorkLine.choices:
                if work_line and line != work_line:
                    continue
                found = next((p for p in covering if p.work_line == line), None)
                rows.append(
                    {
                        "line": label,
                        "portfolio": found,
                        "inherited": found is not None and found.area_id != area.pk,
                    }
                )
        return render(
            request,
            "governance/staff/in_charge.html",
            {
                "form": form,
                "area": area,
                "rows": rows,
                "title": gettext_lazy("Who is in charge"),
                "breadcrumbs": _crumbs(
                    gettext_lazy("Leadership portfolios"), "governance:staff-portfolio-list"
                ),
            },
        )


# ------------------------------------------------------------------------------------------ A/B posts


class PostListView(ObjectListView):
    model = Post
    title = gettext_lazy("A/B posts")
    filterset_class = PostFilter
    queryset = Post.objects.select_related("department", "holder_a", "holder_b")
    columns = [
        Column("name", gettext_lazy("Post"), link=True, order_by="name"),
        Column("department.name", pgettext_lazy("street office", "Department"), order_by="department__name"),
        Column("work_line", gettext_lazy("Line of work")),
        Column("holder_a.name", gettext_lazy("A holder")),
        Column(
            lambda p: p.holder_b.name if p.holder_b else _("none"),
            gettext_lazy("B holder"),
            tone=lambda p: "" if p.holder_b_id else "danger",
        ),
    ]
    default_ordering = ("department__name", "name")
    create_url_name = "governance:staff-post-create"
    export_filename = "ab-posts"
    empty_hint = gettext_lazy(
        "Every line of business needs a post with an A holder and a different B holder."
    )


class PostDetailView(ObjectDetailView):
    model = Post
    queryset = Post.objects.select_related("department", "holder_a", "holder_b")
    template_name = "governance/staff/post_detail.html"

    def get_breadcrumbs(self):
        return _crumbs(gettext_lazy("A/B posts"), "governance:staff-post-list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        away = selectors.absences_on(today)
        ctx["a_away"] = away.get(self.object.holder_a_id)
        ctx["b_away"] = away.get(self.object.holder_b_id) if self.object.holder_b_id else None
        ctx["history"] = self.object.history.select_related("history_user", "holder_a", "holder_b")[:10]
        return ctx


class PostFormMixin:
    model = Post
    form_class = PostForm

    def save_form(self, form):
        if self.object is None:
            return services.post_create(**form.cleaned_data)
        return services.post_update(post=self.object, **form.cleaned_data)


class PostCreateView(PostFormMixin, ObjectCreateView):
    title = gettext_lazy("Add an A/B post")
    success_message = gettext_lazy("Post saved.")


class PostUpdateView(PostFormMixin, ObjectUpdateView):
    title = gettext_lazy("Edit A/B post")
    success_message = gettext_lazy("Post saved.")


class AbsenceCreateView(ObjectCreateView):
    model = Absence
    form_class = AbsenceForm
    title = gettext_lazy("Record an absence")
    success_message = gettext_lazy("Absence recorded.")

    def get_initial(self):
        return {"staff": self.request.GET.get("staff")}

    def save_form(self, form):
        return services.absence_create(**form.cleaned_data)


class CoverageView(ScopedViewMixin, View):
    """A/B coverage on any date, and what moves to whom when a staffer goes away."""

    model = Post

    def get(self, request):
        form = CoverageForm(request.GET or None, user=request.user)
        day = timezone.localdate()
        handovers = staff = None
        if form.is_valid():
            day = form.cleaned_data["day"] or day
            staff = form.cleaned_data["staff"]
            if staff:
                until = form.cleaned_data["until"] or day
                handovers = selectors.handover_for(staff=staff, starts_on=day, ends_on=max(day, until))
        coverage = selectors.coverage_on(
            day=day,
            posts=Post.objects.visible_to(request.user),
            staff=StaffMember.objects.visible_to(request.user),
        )
        absences = Absence.objects.visible_to(request.user).on(day).select_related("staff")
        return render(
            request,
            "governance/staff/coverage.html",
            {
                "form": form,
                "day": day,
                "coverage": coverage,
                "absences": absences,
                "staff": staff,
                "handovers": handovers,
                "title": gettext_lazy("A/B coverage"),
                "breadcrumbs": _crumbs(gettext_lazy("A/B posts"), "governance:staff-post-list"),
            },
        )


# ---------------------------------------------------------------------------------------- evaluations

EVALUATION_COLUMNS = [
    Column("cadre.name", gettext_lazy("Cadre"), link=True, order_by="cadre__name"),
    Column("period", gettext_lazy("Quarter")),
    Column("cadre.position", gettext_lazy("Job title")),
    *[Column(f, Evaluation._meta.get_field(f).verbose_name) for f in Evaluation.SCORE_FIELDS],
    Column("total_score", gettext_lazy("Average score")),
    Column("grade", gettext_lazy("Grade")),
    Column("status", gettext_lazy("Status"), tone=True),
    Column("deadline", gettext_lazy("Deadline"), order_by="deadline"),
    Column(
        lambda e: "、".join(u.get_full_name() or u.username for u in e.evaluators.all()),
        gettext_lazy("Evaluators"),
    ),
]


class EvaluationListView(ObjectListView):
    model = Evaluation
    title = gettext_lazy("Quarterly evaluations")
    filterset_class = EvaluationFilter
    queryset = Evaluation.objects.select_related("cadre").prefetch_related("evaluators")
    columns = EVALUATION_COLUMNS
    default_ordering = ("-year", "-quarter", "cadre__name", "id")
    export_filename = "evaluations"
    template_name = "governance/staff/evaluation_list.html"
    empty_hint = gettext_lazy("Open a quarter to create an evaluation for every serving cadre.")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["open_form"] = OpenQuarterForm(
            user=self.request.user,
            initial=dict(zip(("year", "quarter"), services.quarter_of(timezone.localdate()), strict=True)),
        )
        return ctx


class EvaluationOpenQuarterView(ScopedViewMixin, View):
    model = Evaluation
    action = "add"

    def post(self, request):
        form = OpenQuarterForm(request.POST, user=request.user)
        if form.is_valid():
            created = services.evaluations_open_quarter(**form.cleaned_data)
            messages.success(request, _("%(n)d evaluations created.") % {"n": len(created)})
        else:
            messages.error(request, _("Give a year and a quarter."))
        return HttpResponseRedirect(reverse("governance:staff-evaluation-list"))


class EvaluationDetailView(WorkflowDetailMixin, ObjectDetailView):
    model = Evaluation
    queryset = Evaluation.objects.select_related("cadre__department", "cadre__user").prefetch_related(
        "evaluators", Prefetch("events")
    )
    template_name = "governance/staff/evaluation_detail.html"
    workflow = services.EVALUATION_WORKFLOW
    move_url_name = "governance:staff-evaluation-move"
    move_field = "to"  # the API's name for it; a move's name or its target status both work

    def get_breadcrumbs(self):
        return _crumbs(gettext_lazy("Quarterly evaluations"), "governance:staff-evaluation-list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        evaluation, user = self.object, self.request.user
        start, end = services.quarter_bounds(evaluation.year, evaluation.quarter)
        ctx.update(
            can_score=evaluation.status == EvaluationStatus.PENDING
            and services._is_evaluator(evaluation, user),
            can_self_assess=evaluation.status == EvaluationStatus.PENDING
            and evaluation.cadre.user_id == user.pk,
            events=evaluation.events.select_related("by"),
            inspections=FrontlineInspection.objects.visible_to(user)
            .filter(cadre=evaluation.cadre, inspected_on__range=(start, end))
            .select_related("inspector", "area"),
            scores=[
                (Evaluation._meta.get_field(f).verbose_name, getattr(evaluation, f))
                for f in Evaluation.SCORE_FIELDS
            ],
        )
        return ctx


class EvaluationPrintView(PrintView):
    """The quarterly evaluation sheet: the five scores, grade, comment, self-assessment and signature lines."""

    model = Evaluation
    queryset = Evaluation.objects.select_related("cadre__department").prefetch_related("evaluators")
    template_name = "governance/staff/evaluation_print.html"
    doc_title = gettext_lazy("Quarterly evaluation sheet")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        evaluation = self.object
        start, end = services.quarter_bounds(evaluation.year, evaluation.quarter)
        ctx["doc_number"] = _("%(year)s, quarter %(quarter)s") % {
            "year": evaluation.year,
            "quarter": evaluation.quarter,
        }
        ctx["scores"] = [
            (Evaluation._meta.get_field(f).verbose_name, getattr(evaluation, f))
            for f in Evaluation.SCORE_FIELDS
        ]
        ctx["inspections"] = (
            FrontlineInspection.objects.visible_to(self.request.user)
            .filter(cadre=evaluation.cadre, inspected_on__range=(start, end))
            .select_related("inspector", "area")
        )
        return ctx


class EvaluationScoreView(ObjectUpdateView):
    """The evaluator's form; “submit now” also moves the evaluation to submitted."""

    model = Evaluation
    form_class = EvaluationScoreForm
    action = "view"  # evaluators are named on the record; the service checks them
    template_name = "governance/staff/evaluation_form.html"

    def get_breadcrumbs(self):
        return [
            *_crumbs(gettext_lazy("Quarterly evaluations"), "governance:staff-evaluation-list"),
            (str(self.object), self.object.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Evaluate %(name)s, %(period)s") % {
            "name": self.object.cadre.name,
            "period": self.object.period,
        }
        return ctx

    def save_form(self, form):
        data = dict(form.cleaned_data)
        submit = data.pop("submit")
        evaluation = services.evaluation_fill(evaluation=self.object, user=self.request.user, **data)
        if submit:
            evaluation = services.evaluation_move(
                evaluation=evaluation, to_status=EvaluationStatus.SUBMITTED, user=self.request.user
            )
        return evaluation

    @property
    def success_message(self):
        return _("Evaluation saved.")


class EvaluationSelfAssessView(ScopedViewMixin, View):
    model = Evaluation

    def _evaluation(self, pk):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(self.get_queryset().select_related("cadre"), pk=pk)

    def get(self, request, pk):
        evaluation = self._evaluation(pk)
        form = SelfAssessmentForm(user=request.user, initial={"text": evaluation.self_assessment})
        return _form_page(request, form, _("Self-assessment, %(period)s") % {"period": evaluation.period})

    def post(self, request, pk):
        evaluation = self._evaluation(pk)
        form = SelfAssessmentForm(request.POST, user=request.user)
        if form.is_valid() and save_on_form(
            form,
            lambda: services.evaluation_self_assess(
                evaluation=evaluation, user=request.user, text=form.cleaned_data["text"]
            ),
        ):
            messages.success(request, _("Self-assessment saved."))
            return HttpResponseRedirect(evaluation.get_absolute_url())
        return _form_page(request, form, _("Self-assessment, %(period)s") % {"period": evaluation.period})


class EvaluationMoveView(WorkflowMoveView):
    model = Evaluation
    detail_view = EvaluationDetailView


class EvaluationQuarterExportView(ScopedViewMixin, View):
    """One quarter's results as a workbook: every cadre, the five scores, the average, grade and status."""

    model = Evaluation

    def get(self, request):
        try:
            year = int(request.GET["year"])
            quarter = int(request.GET["quarter"])
        except (KeyError, ValueError):
            year, quarter = services.quarter_of(timezone.localdate())
        qs = (
            self.get_queryset()
            .of_quarter(year, quarter)
            .select_related("cadre")
            .prefetch_related("evaluators")
            .order_by("cadre__name", "id")
        )
        headers = [str(c.label) for c in EVALUATION_COLUMNS] + [str(gettext_lazy("Self-assessment"))]
        rows = [[c.excel(e) for c in EVALUATION_COLUMNS] + [e.self_assessment] for e in qs]
        return xlsx_response(f"evaluations-{year}-Q{quarter}", [(f"{year}Q{quarter}", headers, rows)])


class InspectionCreateView(ObjectCreateView):
    model = FrontlineInspection
    form_class = InspectionForm
    title = gettext_lazy("Record a frontline inspection")
    success_message = gettext_lazy("Inspection recorded.")

    def get_initial(self):
        return {"cadre": self.request.GET.get("cadre"), "inspected_on": timezone.localdate()}

    def save_form(self, form):
        return services.inspection_create(inspector=self.request.user, **form.cleaned_data)


# ------------------------------------------------------------------------------------ age and turnover


class AgeStructureView(ScopedViewMixin, View):
    """Age structure of the leadership and of all cadres on any date, its yearly trend, and turnover."""

    model = StaffMember

    def get(self, request):
        form = AgeForm(request.GET or None, user=request.user)
        today = timezone.localdate()
        day, threshold, year = today, None, today.year - 1
        if form.is_valid():
            day = form.cleaned_data["day"] or today
            threshold = form.cleaned_data["threshold"]
            year = form.cleaned_data["year"] or year
        staff = StaffMember.objects.visible_to(request.user)
        leadership = selectors.age_structure(day=day, staff=staff, leadership_only=True, threshold=threshold)
        everyone = selectors.age_structure(day=day, staff=staff, threshold=threshold)
        trend_l = selectors.age_trend(until=day, staff=staff, leadership_only=True)
        trend_all = dict(selectors.age_trend(until=day, staff=staff))
        turnover = selectors.turnover(year=year, staff=staff)
        turnover_years = selectors.turnover_by_year(until=day, staff=staff)
        chart = {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": [_("Leadership team"), _("All cadres")]},
            "xAxis": {"type": "category", "data": [str(y) for y, _a in trend_l]},
            "yAxis": {"type": "value", "name": _("Average age"), "min": 30},
            "series": [
                {
                    "name": _("Leadership team"),
                    "type": "line",
                    "data": [a for _y, a in trend_l],
                    "label": {"show": True},
                },
                {"name": _("All cadres"), "type": "line", "data": [trend_all.get(y) for y, _a in trend_l]},
            ],
        }
        return render(
            request,
            "governance/staff/age.html",
            {
                "form": form,
                "day": day,
                "leadership": leadership,
                "everyone": everyone,
                "trend": trend_l,
                "chart": chart,
                "turnover": turnover,
                "turnover_years": turnover_years,
                "title": gettext_lazy("Age structure and turnover"),
                "breadcrumbs": [(STAFF, reverse("governance:staff-member-list"))],
            },
        )
