"""The admin site: a login that asks for the second factor, and a view-on-site shortcut that checks permission.

Outside the `alliances.admin` package on purpose: Django makes `admin.site` from this class the
first time anything registers a model, and importing that package registers the register's models.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from .accounts import second_factor_passed, second_factor_required, second_factor_verify


class SecondFactorLoginForm(AdminAuthenticationForm):
    """Username, password and, for an account that has or needs one, the code of its second factor.

    A wrong code counts as a failed login (django-axes locks out the account and the address).
    """

    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=40,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
        help_text=_("The 6-digit code your authenticator app shows, or one of your recovery codes."),
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is None or not second_factor_required(user):
            return cleaned_data
        if not user_has_device(user):
            raise ValidationError(
                _(
                    "This account must log in with a second factor, and has none yet. "
                    "Ask an administrator to run: manage.py second_factor --username %(username)s"
                ),
                code="second_factor_missing",
                params={"username": user.get_username()},
            )
        code = cleaned_data.get("otp_token")
        if not code:
            raise ValidationError(
                _("Enter the code your authenticator app shows (or one of your recovery codes)."),
                code="second_factor_required",
            )
        device = second_factor_verify(user=user, code=code)
        if device is None:
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            raise ValidationError(
                _("That code is not right. Codes change every 30 seconds: enter the one your app shows now."),
                code="second_factor_wrong",
            )
        # django-otp's user_logged_in receiver marks the session as verified by this device.
        user.otp_device = device
        return cleaned_data


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login while its account or address is locked out (AXES_LOCKOUT_CALLABLE)."""
    context = {
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return TemplateResponse(request, "admin/alliances/locked_out.html", context, status=429).render()


class RegisterAdminSite(admin.AdminSite):
    """`admin.site` (see RegisterAdminConfig): staff who need a second factor reach it only after giving one."""

    site_header = _("Alliance Tracker")
    site_title = _("Alliance Tracker: curators")
    index_title = _("The register")
    login_form = SecondFactorLoginForm
    login_template = "admin/alliances/login.html"

    def has_permission(self, request):
        return super().has_permission(request) and second_factor_passed(request)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        shortcut = path(
            "r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"
        )
        return [shortcut, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut to a record's public address, for those who may view that kind of record."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_permission(request):
            raise PermissionDenied
        return contenttype_views.shortcut(request, content_type_id, object_id)
