"""Batch actions on a list: tick rows, see what will happen, confirm, get a result for every row.

A list names its `BatchAction`s; one `BatchView` serves them all. The rows come from the list's own scoped
queryset (`visible_to(user)`), so a row outside the user's area is never touched: it is reported as not
found, and a batch none of whose rows is visible answers 404. The model permission is asked once, like any
page; each row then goes through the domain's own service in a transaction of its own, so the business
rules (the state machine, "someone other than the reporter confirms") decide row by row, and one refusal
does not undo the rows that succeeded.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from governance.lib.views import ScopedViewMixin

BATCH_MAX_ROWS = 200  # a page of a list is 50; a batch is a few pages at most

NOT_FOUND = gettext_lazy("Not found, or outside the area you answer for; nothing was done.")


@dataclass(frozen=True)
class BatchAction:
    """One action offered on the ticked rows of a list.

    `perform(obj, user, **data)` carries it out on one row by calling the domain's service (a refusal is a
    ValidationError); `check(obj, user)` says beforehand whether a row can take it (raising the same error),
    so the confirmation page names the rows that will be skipped. `form_class` asks what the action needs
    (an assignee, a closing note); `explain` says in words what will happen.
    """

    name: str
    label: str
    explain: str
    perform: Callable
    check: Callable | None = None
    form_class: type | None = None
    permission: str = "change"
    tone: str = "primary"


@dataclass
class BatchRow:
    obj: object
    ok: bool
    messages: list


def _refusal(exc: ValidationError) -> list[str]:
    return list(exc.messages)


class BatchView(ScopedViewMixin, generic.View):
    """POST-only: the list's form sends `batch` (the action's name) and `ids`; `confirm` carries it out."""

    actions: list[BatchAction] = []
    list_url_name = ""
    template_name = "lib/batch.html"
    http_method_names = ["get", "post"]

    def get_action(self) -> BatchAction:
        name = self.request.POST.get("batch", "")
        action = next((a for a in self.actions if a.name == name), None)
        if action is None:
            raise Http404
        return action

    def get_permission_required(self):
        opts = self.model._meta
        name = self.request.POST.get("batch", "")
        action = next((a for a in self.actions if a.name == name), None)
        verb = action.permission if action is not None else "change"
        return [f"{opts.app_label}.{verb}_{opts.model_name}"]

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse(self.list_url_name))

    def row_label(self, obj) -> str:
        return str(obj)

    def post(self, request, *args, **kwargs):
        action = self.get_action()
        ids = []
        for raw in request.POST.getlist("ids")[:BATCH_MAX_ROWS]:
            if raw.isdigit() and int(raw) not in ids:
                ids.append(int(raw))
        found = {obj.pk: obj for obj in self.get_queryset().filter(pk__in=ids)}
        if not found:
            raise Http404
        form = None
        if action.form_class is not None:
            bound = "confirm" in request.POST
            form = action.form_class(request.POST if bound else None, user=request.user, prefix="batch")
        if "confirm" in request.POST and (form is None or form.is_valid()):
            data = form.cleaned_data if form is not None else {}
            rows = [self._perform(action, found.get(pk), data) for pk in ids]
            return self._render(action, ids, rows, form, done=True)
        rows = [self._check(action, found.get(pk)) for pk in ids]
        return self._render(action, ids, rows, form, done=False)

    def _check(self, action: BatchAction, obj) -> BatchRow:
        if obj is None:
            return BatchRow(None, False, [str(NOT_FOUND)])
        if action.check is not None:
            try:
                action.check(obj, self.request.user)
            except ValidationError as exc:
                return BatchRow(obj, False, _refusal(exc))
        return BatchRow(obj, True, [])

    def _perform(self, action: BatchAction, obj, data: dict) -> BatchRow:
        if obj is None:
            return BatchRow(None, False, [str(NOT_FOUND)])
        try:
            with transaction.atomic():
                if action.check is not None:
                    action.check(obj, self.request.user)
                action.perform(obj, self.request.user, **data)
        except ValidationError as exc:
            return BatchRow(obj, False, _refusal(exc))
        return BatchRow(obj, True, [_("Done.")])

    def _render(self, action, ids, rows, form, *, done: bool):
        ok = sum(1 for r in rows if r.ok)
        context = {
            "title": action.label,
            "action": action,
            "ids": ids,
            "rows": [(r, self.row_label(r.obj) if r.obj is not None else "") for r in rows],
            "form": form,
            "done": done,
            "ok_count": ok,
            "refused_count": len(rows) - ok,
            "list_url": reverse(self.list_url_name),
            "breadcrumbs": [(self.model._meta.verbose_name_plural, reverse(self.list_url_name))],
        }
        return render(self.request, self.template_name, context, status=200)
