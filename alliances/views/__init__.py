"""Public pages. Every query goes through the published() rule of the models."""

from .alliances import alliance_detail, alliance_map
from .announcements import announcement_detail, announcement_list
from .compare import compare
from .countries import country_detail, country_list
from .home import home
from .indexes import alliance_list, organization_list
from .organizations import organization_detail
from .search import search
from .site import (
    api_address_unknown,
    bad_request,
    choose_language,
    page_not_found,
    permission_denied,
    robots_txt,
    server_error,
)
from .timeline import timeline

__all__ = [
    "alliance_detail",
    "alliance_list",
    "alliance_map",
    "announcement_detail",
    "announcement_list",
    "compare",
    "country_detail",
    "country_list",
    "home",
    "organization_detail",
    "organization_list",
    "bad_request",
    "api_address_unknown",
    "page_not_found",
    "permission_denied",
    "robots_txt",
    "choose_language",
    "search",
    "server_error",
    "timeline",
]
