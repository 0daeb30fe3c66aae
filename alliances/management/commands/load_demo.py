from django.core.management.base import BaseCommand

from alliances.demo import demo_load
from alliances.models import Alliance, Announcement, Membership, Organization


class Command(BaseCommand):
    help = "Load the demo data of DESIGN.md (AI Alliance Network, BRICS). Running it again changes nothing."

    def handle(self, *args, **options):
        demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data in place: {Alliance.objects.count()} alliances, "
                f"{Organization.objects.count()} organizations, {Membership.objects.count()} memberships, "
                f"{Announcement.objects.count()} announcements."
            )
        )
