"""Which renderer answers: an unknown `?format=` is a 400 naming the formats the address has, an
unknown Accept header a 406 naming its media types; both as JSON (DRF's defaults: a 404, a 406 that names nothing)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class NamingContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            media_types = ", ".join(dict.fromkeys(renderer.media_type for renderer in renderers))
            raise NotAcceptable(
                _("This address answers only these media types (Accept): %(types)s.") % {"types": media_types},
                available_renderers=renderers,
            ) from None

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            formats = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise ValidationError(
                {"format": [_("Unknown format; this address answers: %(formats)s.") % {"formats": formats}]}
            )
        return matching
