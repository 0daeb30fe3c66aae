"""Who may do what in the admin: the Curators group and what its members may change.

Deletion is granted only where it is safe: the row is a detail that no other record
depends on, removing it leaves every invariant of the register holding, and its history
keeps it for a restore. Other names, rankings, reported sizes and founding claims qualify. A
citation (membership source) qualifies too, because the admin refuses to remove the last published source of a
published membership. Organizations, alliances, announcements and memberships are
never deleted by curators: other records and public addresses depend on them, so a
mistaken one is unpublished (set back to draft) or corrected instead. Countries come
from ISO 3166-1 and are neither added nor deleted. Users and groups are for superusers.
"""

from django.db import transaction

CURATORS = "Curators"

CURATOR_PERMISSIONS = {
    "alliance": ["add", "change", "view"],
    "alliancename": ["add", "change", "delete", "view"],
    "announcement": ["add", "change", "view"],
    "country": ["change", "view"],
    "foundingclaim": ["add", "change", "delete", "view"],
    "membership": ["add", "change", "view"],
    "membershipsource": ["add", "change", "delete", "view"],
    "organization": ["add", "change", "view"],
    "organizationname": ["add", "change", "delete", "view"],
    "ranking": ["add", "change", "delete", "view"],
    "reportedsize": ["add", "change", "delete", "view"],
    # An intake of a source's list is added by confirming it and changed only by undoing it.
    "sourceintake": ["add", "change", "view"],
}


def curator_codenames():
    return [f"{action}_{model}" for model, actions in CURATOR_PERMISSIONS.items() for action in actions]


def curators_group_sync(*, group_model, permission_model):
    """Create the Curators group if needed and give it exactly the permissions above."""
    group, _ = group_model.objects.get_or_create(name=CURATORS)
    permissions = permission_model.objects.filter(content_type__app_label="alliances", codename__in=curator_codenames())
    group.permissions.set(permissions)
    return group


@transaction.atomic
def curator_create(*, username, email="", password=None):
    """Make `username` a curator: a staff account in the Curators group (created if missing).

    Returns (user, created). An existing account keeps its password unless one is given.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    if email:
        user.email = email
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.is_staff = True
    user.save()
    user.groups.add(curators_group_sync(group_model=Group, permission_model=Permission))
    return user, created
