"""Pages about the site itself: robots.txt and the friendly error pages."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from ..api.exceptions import API_NOT_FOUND, api_error, is_api_address


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /language/",
        "Disallow: /search/",
        "Disallow: /ru/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def choose_language(request, code):
    """The language switch: to the page in `code` (?next=), remembering the choice for the admin.

    The admin has no /ru/ twin: it reads the language cookie this sets (config/admin_language.py).
    A link, not a form, so that the pages carry no CSRF token and stay shareable; the cookie only
    says which language a person reads, so a GET setting it harms nothing. Never shared or kept.
    """
    if code not in dict(settings.LANGUAGES) or not check_for_language(code):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(translate_url(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite="Lax",
        secure=request.is_secure(),
    )
    add_never_cache_headers(response)
    return response


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
