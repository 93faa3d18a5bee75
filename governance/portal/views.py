"""The portal's own pages: the home dashboard, the user's notifications and the error pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from governance.lib import dashcache
from governance.lib.lockout import lockout_retry_at
from governance.lib.masking import looks_like_number, may_see_personal_data
from governance.lib.registry import PANELS, QUICK_ACTIONS, WORK_CARDS
from governance.lib.routers import reads_from_replica
from governance.lib.tokens import token_revoke
from governance.portal import selectors, services
from governance.portal.models import Notification


class LogoutView(auth_views.LogoutView):
    """Django's logout, which also revokes the user's API token (it must not outlive the session)."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            token_revoke(user=request.user)
        return super().post(request, *args, **kwargs)


@login_required
@reads_from_replica
def home(request):
    """The home page of each role: their own work first (cards and big buttons), then the panels they use.

    A grid worker sees what he recorded and owns; a secretary what waits for her; street staff and leaders the
    street's panels. Each app registers its cards, buttons and panels with the roles they serve.
    """
    from governance.territory.selectors import user_roles

    user = request.user
    roles = user_roles(user)
    work = []
    for entry in WORK_CARDS:
        if (roles & entry.roles or (user.is_superuser and not roles)) and (
            entry.permission is None or user.has_perm(entry.permission)
        ):
            work.extend(entry.render(request))
    quick = [
        q
        for q in QUICK_ACTIONS
        if (roles & q.roles or (user.is_superuser and not roles)) and user.has_perm(q.permission)
    ]
    panels = []
    signature = dashcache.scope_signature(request.user)
    for panel in PANELS:
        if panel.permission and not request.user.has_perm(panel.permission):
            continue
        if not panel.shown_to(roles):
            continue
        ctx = dashcache.cached_render(panel, request, signature)
        if ctx:
            panels.append(
                {
                    "key": panel.key,
                    "chart_id": f"{panel.key}-chart",
                    "template": ctx.get("template", "lib/panel.html"),
                    **ctx,
                }
            )
    return render(request, "governance/portal/home.html", {"panels": panels, "work": work, "quick": quick})


@login_required
def search(request):
    """The header's one search box: residents, needs, cases, meetings, actions, staff and units, grouped.

    The box posts, so that a number typed into it never lands in a URL (nor in the web server's log): a
    name is sent on to `?q=` (a page one can link to); a number is looked up at once, as residents' ID card
    or phone numbers, and only for roles that may see numbers (each resident found is a logged showing).
    """
    text = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or ""
    text = text.strip()[:100]
    notice = ""
    groups = []
    if looks_like_number(text):
        if request.method != "POST":
            notice = _("Numbers are not searched from a link. Type the number into the search box again.")
        elif not may_see_personal_data(request.user):
            notice = _(
                "Your role may not find residents by ID card or phone number, so nothing was searched. "
                "Search by name instead."
            )
        else:
            groups = _residents_by_number(request, text)
            if not groups:
                notice = _("No resident in your area has this number.")
        text = ""  # the number is not written back into the page
    elif request.method == "POST":
        return redirect(reverse("governance:search") + "?" + urlencode({"q": text}))
    else:
        groups = selectors.search_everything(request.user, text)
    return render(
        request,
        "governance/portal/search.html",
        {"title": _("Search"), "search_text": text, "groups": groups, "notice": notice},
    )


def _residents_by_number(request, number: str) -> list[dict]:
    """Residents whose ID or phone is exactly `number`, through the residents' logged service."""
    from django.core.exceptions import ValidationError

    from governance.residents.models import Resident
    from governance.residents.services import residents_find_by_number
    from governance.residents.views import NUMBER_SEARCH_SESSION_KEY

    try:
        found = residents_find_by_number(
            user=request.user, residents=Resident.objects.visible_to(request.user), number=number
        )
    except ValidationError:
        return []
    if not found:
        return []
    request.session[NUMBER_SEARCH_SESSION_KEY] = [r.pk for r in found]
    return [
        {
            "key": "residents",
            "label": _("Residents"),
            "hits": [(r.name, r.masked_id_number, r.get_absolute_url()) for r in found],
            "more_url": reverse("governance:resident-list") + "?found=1",
        }
    ]


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "governance/portal/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_read(request, pk=None):
    services.notification_mark_read(user=request.user, notification_id=pk)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("governance:notification-list")


# ------------------------------------------------------------------------------------------ error pages
# Pages answer in the portal's frame with a way home; anything under /api/ keeps the API's one JSON shape.
ERRORS = {
    400: (
        "bad_request",
        _("Bad request"),
        _("The portal could not understand this request. Go back and try again."),
    ),
    403: (
        "permission_denied",
        _("No access"),
        _("You may not open this page. If your work needs it, ask your street administrator for the role."),
    ),
    404: (
        "not_found",
        _("Page not found"),
        _(
            "This page does not exist, or what it shows lies outside your area. Check the link or start again from "
            "the home page."
        ),
    ),
    500: (
        "server_error",
        _("Something went wrong"),
        _(
            "The portal could not finish this request; the error has been recorded. Try again in a moment, and "
            "if it happens again tell your street administrator."
        ),
    ),
}


def error_response(
    request, status: int, *, title=None, message=None, code=None, retry_at=None, render_frame=True
):
    """The one error answer: JSON `{"error": ...}` under /api/, otherwise the Chinese page in the frame."""
    default_code, default_title, default_message = ERRORS[status] if status in ERRORS else ERRORS[400]
    title, message, code = title or default_title, message or default_message, code or default_code
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": str(message), "fields": {}}}, status=status)
    context = {
        "status": status,
        "title": title,
        "error_title": title,
        "error_message": message,
        "retry_at": retry_at,
        "show_login": not getattr(getattr(request, "user", None), "is_authenticated", False),
        "street_name": settings.JIEDAO_STREET_NAME,
    }
    if not render_frame:
        # The server error page must not need the database: no request, so no menu and no user.
        html = loader.get_template("governance/portal/error.html").render({**context, "show_login": True})
        return HttpResponse(html, status=status)
    return render(request, "governance/portal/error.html", context, status=status)


def bad_request(request, exception):
    return error_response(request, 400)


def permission_denied(request, exception):
    return error_response(request, 403)


def page_not_found(request, exception):
    return error_response(request, 404)


def server_error(request):
    return error_response(request, 500, render_frame=False)


def csrf_failure(request, reason=""):
    """A form sent from a page that has expired (or from another site): say how to recover."""
    return error_response(
        request,
        403,
        code="csrf_failed",
        title=_("The form has expired"),
        message=_(
            "This form was open too long or came from another page, so it was not saved. Go back, reload the "
            "page and send it again."
        ),
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (HTTP 429): when to try again and whom to ask."""
    retry_at = lockout_retry_at(request, credentials)
    return error_response(
        request,
        429,
        code="locked_out",
        title=_("Logging in is paused"),
        message=_(
            "There were too many wrong passwords for this account, so logging in is paused for a while. If you "
            "have forgotten your password, ask your street administrator to reset it and unlock your account."
        ),
        retry_at=date_format(timezone.localtime(retry_at), "DATETIME_FORMAT") if retry_at else None,
    )
