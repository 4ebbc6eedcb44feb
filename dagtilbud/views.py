from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def health(request):
    """For load balancers and monitoring: the web process answers. Touches no database."""
    return HttpResponse("ok", content_type="text/plain")
