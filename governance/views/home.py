from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from governance.lib.registry import PANELS


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
    return render(request, "governance/home.html", {"panels": panels})
