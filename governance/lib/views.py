"""Page base classes: every page goes through `visible_to(user)` and model permissions.

List pages get filters, sorting, pagination and an Excel export of the same columns; form pages call
a service and show its ValidationError beside the fields, keeping everything the user typed.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from governance.lib.excel import columns_export
from governance.lib.forms import add_service_errors, form_error_messages
from governance.lib.keyset import AFTER, BEFORE, KeysetPage, keyset_ordering
from governance.lib.masking import log_showing, may_see_personal_data
from governance.lib.tables import rows_for_page
from governance.lib.workflow import Move, Workflow


class ScopedViewMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Login, the model permission for `action`, and a queryset limited to the user's scope."""

    model = None
    queryset = None
    action = "view"
    raise_exception = False

    def get_permission_required(self):
        if self.permission_required:
            return super().get_permission_required()
        opts = self.model._meta
        return [f"{opts.app_label}.{self.action}_{opts.model_name}"]

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    def base_queryset(self):
        if self.queryset is not None:
            return self.queryset.all()
        return self.model._default_manager.all()

    def get_queryset(self):
        return self.base_queryset().visible_to(self.request.user)

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = self.get_breadcrumbs()
        opts = self.model._meta
        ctx["opts"] = opts
        ctx["can_add"] = self.request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        ctx["can_change"] = self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        return ctx


class ScopedFileView(ScopedViewMixin, generic.View):
    """Serves an uploaded file only to a user who may view its record (scope and model permission).

    Uploads are never under a public URL: the web server does not serve MEDIA_ROOT, and every link points
    here. Out of scope answers 404, like the record itself.
    """

    file_field = "file"
    as_attachment = True  # a download; photos shown in a page set this to False

    def filename(self, obj) -> str:
        return getattr(obj, self.file_field).name.rsplit("/", 1)[-1]

    def get(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            handle = getattr(obj, self.file_field).open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=self.as_attachment, filename=self.filename(obj))
        response["Cache-Control"] = "private, no-store"
        # Shown by itself, an uploaded file may run no script and load nothing.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response


def list_filters(request) -> str:
    """The query string of a list's filters without its page, cursor and sort: what its links carry over and
    what its cached summary varies by."""
    query = request.GET.copy()
    for name in ("page", AFTER, BEFORE, "sort"):
        query.pop(name, None)
    return query.urlencode()


class ObjectListView(ScopedViewMixin, generic.ListView):
    """A filtered, sortable, paginated list with `?export=xlsx` giving the same columns as a workbook."""

    template_name = "lib/object_list.html"
    filterset_class = None
    columns: list = []
    paginate_by = 50
    title = ""
    create_url_name = ""
    export_filename = ""
    empty_hint = ""
    default_ordering: tuple = ()
    # Batch actions (governance/lib/batch.py): the rows get checkboxes and the list a button per action.
    batch_url_name = ""
    batch_actions: list = []

    def get_filterset(self, queryset):
        if self.filterset_class is None:
            return None
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def sortable(self) -> dict:
        return {c.order_by: c for c in self.columns if c.order_by}

    def get_queryset(self):
        queryset = super().get_queryset()
        self.filterset = self.get_filterset(queryset)
        if self.filterset is not None:
            queryset = (
                self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else queryset
            )
        sort = self.request.GET.get("sort", "")
        key = sort.lstrip("-")
        if key and key in self.sortable():
            queryset = queryset.order_by(sort, "pk")
        elif self.default_ordering:
            queryset = queryset.order_by(*self.default_ordering)
        return queryset

    def paginate_queryset(self, queryset, page_size):
        """Keyset pages (constant cost at any depth, a bounded count) where the order allows, else numbers."""
        ordering = keyset_ordering(queryset)
        if ordering is None:
            return super().paginate_queryset(queryset, page_size)
        page = KeysetPage(queryset, ordering, self.request.GET, page_size)
        return None, page, page.object_list, page.has_other_pages

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_filename:
            queryset = self.get_queryset().iterator(chunk_size=2000)
            return columns_export(self.export_filename, str(self.title), self.columns, queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        sort = self.request.GET.get("sort", "")
        ctx.update(
            title=self.title,
            filter=self.filterset,
            columns=[c for c in self.columns if c.page],
            rows=rows_for_page(self.columns, ctx["object_list"]),
            create_url_name=self.create_url_name,
            export_enabled=bool(self.export_filename),
            querystring=list_filters(self.request),
            sort=sort,
            empty_hint=self.empty_hint,
            total=self._total(ctx),
            total_is_bounded=getattr(ctx.get("page_obj"), "count_is_bounded", False),
            batch=self._batch(),
        )
        return ctx

    def _batch(self):
        opts = self.model._meta
        user = self.request.user
        actions = [
            a
            for a in self.batch_actions
            if user.has_perm(f"{opts.app_label}.{a.permission}_{opts.model_name}")
        ]
        return {"url": reverse(self.batch_url_name), "actions": actions} if actions else None

    @staticmethod
    def _total(ctx) -> int:
        if ctx.get("paginator"):
            return ctx["paginator"].count
        page = ctx.get("page_obj")
        return page.count if getattr(page, "is_keyset", False) else len(ctx["object_list"])


class ObjectDetailView(ScopedViewMixin, generic.DetailView):
    pass


class PrintView(ObjectDetailView):
    """A record as an A4 document (`templates/lib/print.html`), with the scope and permission of its page.

    Personal data is masked as on screen: a printed sheet leaves the portal, so it never carries more.
    """

    doc_title = ""

    def get_doc_title(self) -> str:
        return str(self.doc_title)

    def get_back_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            doc_title=self.get_doc_title(),
            back_url=self.get_back_url(),
            printed_on=timezone.localdate(),
        )
        return ctx


def save_on_form(form: forms.BaseForm, fn):
    """Run the service `fn()` in a transaction; its ValidationError lands on `form` (None is returned)."""
    try:
        with transaction.atomic():
            return fn()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


class ServiceFormMixin:
    """Form pages whose `save_form(form)` calls a service; its ValidationError lands on the form."""

    template_name = "lib/object_form.html"
    success_message = ""
    title = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def save_form(self, form):
        raise ImproperlyConfigured(f"{type(self).__name__} must call a service in save_form()")

    def form_valid(self, form):
        saved = save_on_form(form, lambda: self.save_form(form))
        if form.errors:
            return self.form_invalid(form)
        self.object = saved
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        return ctx


class ObjectCreateView(ServiceFormMixin, ScopedViewMixin, generic.CreateView):
    action = "add"

    def get_object(self, queryset=None):
        return None


class ObjectUpdateView(ServiceFormMixin, ScopedViewMixin, generic.UpdateView):
    action = "change"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if getattr(self.model, "personal_data", None) and may_see_personal_data(request.user):
            # The form carries the full values to a permitted role (others get "leave blank to keep"):
            # opening it is a showing, logged like a reveal.
            log_showing(user=request.user, obj=self.object, channel="form")
        return response


class ObjectActionView(ScopedViewMixin, generic.detail.SingleObjectMixin, generic.View):
    """A POST-only action on one record that is not a workflow move (those go through `WorkflowMoveView`);
    errors come back as a message."""

    action = "change"
    http_method_names = ["post"]

    def perform(self, obj):
        raise ImproperlyConfigured

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            with transaction.atomic():
                self.perform(self.object)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()


@dataclass
class MoveButton:
    """One move offered on a detail page: its form (if it takes one) posted to `url`."""

    move: Move
    url: str
    form: forms.BaseForm | None = None
    field: str = ""  # when set, the move's name is posted in this field instead of sitting in the URL


class WorkflowDetailMixin:
    """A detail page whose record has a workflow: `moves` in the context are the buttons allowed now.

    `move_forms` gives the form a move takes (its fields are the service's arguments); `move_url_name` is
    the URL of the `WorkflowMoveView`, with the move's name in the URL or, with `move_field`, in the POST.
    """

    workflow: Workflow = None
    move_forms: dict = {}
    move_url_name = ""
    move_field = ""
    prefix_move_forms = True  # each move's form fields are named "<move>-<field>"
    bound_move_forms: dict = {}  # the posted form of a refused move, shown again with its errors

    def move_initial(self, move: Move) -> dict:
        return {}

    def move_form(self, move: Move):
        if move.name in self.bound_move_forms:
            return self.bound_move_forms[move.name]
        form_class = self.move_forms.get(move.name)
        if form_class is None:
            return None
        return form_class(
            user=self.request.user, prefix=self.move_prefix(move), initial=self.move_initial(move)
        )

    @classmethod
    def move_prefix(cls, move: Move) -> str | None:
        return move.name if cls.prefix_move_forms else None

    def move_url(self, move: Move) -> str:
        args = [self.object.pk] if self.move_field else [self.object.pk, move.name]
        return reverse(self.move_url_name, args=args)

    def get_moves(self) -> list[MoveButton]:
        return [
            MoveButton(move, self.move_url(move), self.move_form(move), self.move_field)
            for move in self.workflow.allowed_moves(self.object, self.request.user)
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["moves"] = self.get_moves()
        return ctx


class WorkflowMoveView(ScopedViewMixin, generic.detail.SingleObjectMixin, generic.View):
    """The one POST view for every state machine's moves, dispatched from the workflow's table.

    The record must be visible (else 404), the move must exist (else 404) and the user must hold the model
    permission the move declares (else 403). The move's form is validated, the domain service runs; a
    refusal shows the detail page again (400) with the message and the form as it was posted.
    """

    detail_view: type[WorkflowDetailMixin] = None
    http_method_names = ["post"]

    def get_move_name(self) -> str:
        field = self.detail_view.move_field or "move"
        return self.kwargs.get("move") or self.request.POST.get(field, "")

    def post(self, request, *args, **kwargs):
        self.object = obj = self.get_object()
        workflow = self.detail_view.workflow
        name = self.get_move_name()
        move = workflow.resolve(getattr(obj, workflow.status_field), name)
        if move is None and name not in workflow.statuses.values:
            raise Http404
        if move is not None and not workflow.may(request.user, obj, move):
            raise PermissionDenied
        form = None
        try:
            if move is None:  # a status this record cannot go to from here
                raise workflow.illegal(obj, name, None)
            form_class = self.detail_view.move_forms.get(move.name)
            data = {}
            if form_class is not None:
                prefix = self.detail_view.move_prefix(move)
                form = form_class(request.POST, request.FILES, user=request.user, prefix=prefix)
                if not form.is_valid():
                    raise ValidationError(form_error_messages(form))
                data = form.cleaned_data
            with transaction.atomic():
                workflow.run(obj, move, user=request.user, **data)
        except ValidationError as exc:
            if form is not None and form.is_bound and not form.errors:
                add_service_errors(form, exc)
            for message in exc.messages:
                messages.error(request, message)
            return self.show_again(move, form)
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def show_again(self, move, form):
        view = self.detail_view(bound_move_forms={move.name: form} if form is not None else {})
        view.setup(self.request, pk=self.object.pk)
        response = view.get(self.request, pk=self.object.pk)
        response.status_code = 400
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()
