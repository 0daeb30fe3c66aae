"""Give a staff account (a superuser too) a new second factor: prints its otpauth:// address and recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from alliances.accounts import second_factor_issue

from .create_curator import write_second_factor


class Command(BaseCommand):
    help = (
        "Set up (or replace) the second factor of a staff account: prints the address to add to an "
        "authenticator app and ten recovery codes. Any earlier app or codes stop working."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="The staff account's username.")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_staff:
            raise CommandError(f"No staff account '{username}'.")
        write_second_factor(self.stdout, *second_factor_issue(user=user))
