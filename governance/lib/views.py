"""Page base classes: every page goes through `visible_to(user)` and model permissions.

List pages get filters, sorting, pagination and an Excel export of the same columns; form pages call
a service and show its ValidationError beside the fields, keeping everything the user typed.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import generic

from governance.lib.excel import columns_export
from governance.lib.tables import rows_for_page


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

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_filename:
            queryset = self.get_queryset().iterator(chunk_size=2000)
            return columns_export(self.export_filename, str(self.title), self.columns, queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        sort = self.request.GET.get("sort", "")
        query.pop("sort", None)
        ctx.update(
            title=self.title,
            filter=self.filterset,
            columns=[c for c in self.columns if c.page],
            rows=rows_for_page(self.columns, ctx["object_list"]),
            create_url_name=self.create_url_name,
            export_enabled=bool(self.export_filename),
            querystring=query.urlencode(),
            sort=sort,
            empty_hint=self.empty_hint,
            total=ctx["paginator"].count if ctx.get("paginator") else len(ctx["object_list"]),
        )
        return ctx


class ObjectDetailView(ScopedViewMixin, generic.DetailView):
    pass


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
        try:
            with transaction.atomic():
                self.object = self.save_form(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
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


class ObjectActionView(ScopedViewMixin, generic.detail.SingleObjectMixin, generic.View):
    """A POST-only action on one record (a state-machine move); errors come back as a message."""

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
