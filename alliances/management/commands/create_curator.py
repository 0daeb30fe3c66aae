"""Make a curator account: staff, in the Curators group, with a password asked for twice."""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from alliances.roles import curator_create

PASSWORD_ENV = "DJANGO_CURATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a curator account (staff, in the Curators group), or make an existing account a curator. "
        f"Asks for the password; with --no-input it reads {PASSWORD_ENV} instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="The account's username (asked for when missing).")
        parser.add_argument("--email", default="", help="The curator's email address.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Ask nothing: the username must be given and the password comes from {PASSWORD_ENV}.",
        )

    def handle(self, *args, username=None, email="", interactive=True, **options):
        if not username:
            if not interactive:
                raise CommandError("--username is required with --no-input.")
            username = input("Username: ").strip()
        if not username:
            raise CommandError("A username is required.")
        password = self._password(interactive)
        user, created = curator_create(username=username, email=email, password=password)
        verb = "Created" if created else "Made"
        self.stdout.write(self.style.SUCCESS(f"{verb} curator '{user.username}'. Log in at /admin/."))

    def _password(self, interactive):
        if not interactive:
            password = os.environ.get(PASSWORD_ENV)
            if not password:
                raise CommandError(f"Set {PASSWORD_ENV} to the password when using --no-input.")
            self._validate(password)
            return password
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                self._validate(password)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password

    @staticmethod
    def _validate(password):
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
