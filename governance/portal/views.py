"""The portal's own pages: the home dashboard and the user's notifications."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from governance.lib.registry import PANELS
from governance.portal import services
from governance.portal.models import Notification


@login_required
def home(request):
    """The dashboard: each app's panels, limited to what the user may see."""
    panels = []
    for panel in PANELS:
        if panel.permission and not request.user.has_perm(panel.permission):
            continue
        ctx = panel.render(request)
        if ctx:
            panels.append(
                {
                    "key": panel.key,
                    "chart_id": f"{panel.key}-chart",
                    "template": ctx.get("template", "lib/panel.html"),
                    **ctx,
                }
            )
    return render(request, "governance/portal/home.html", {"panels": panels})


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
