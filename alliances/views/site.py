"""Pages about the site itself: robots.txt and the friendly error pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt

from ..api.exceptions import API_NOT_FOUND, api_error, is_api_address


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /search/",
        "Disallow: /ru/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@csrf_exempt  # it changes nothing, and a POST to a wrong address should hear that it is wrong, not "CSRF"
def api_address_unknown(request, rest=""):
    """Any address under /api/ that the API does not have: its JSON 404, also where DEBUG would show Django's page."""
    return api_error(404, API_NOT_FOUND)


def page_not_found(request, exception):
    if is_api_address(request):
        return api_error(404, API_NOT_FOUND)
    return render(request, "404.html", status=404)


def server_error(request):
    # No database access here: the error may be that the database is down.
    if is_api_address(request):
        return api_error(500, "The server failed to answer; the failure is logged. Please try again later.")
    return render(request, "500.html", status=500)


def bad_request(request, exception):
    if is_api_address(request):
        return api_error(400, "The request could not be read (for example, a host name the site does not serve).")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_address(request):
        return api_error(403, str(exception) or "You may not do this here.")
    return defaults.permission_denied(request, exception)
