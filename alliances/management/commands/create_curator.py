"""Make a curator account: staff, in the Curators group, with a password asked for twice and a second factor."""

import getpass
import io
import os

import segno
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_otp import user_has_device

from alliances.accounts import second_factor_issue
from alliances.roles import curator_create

PASSWORD_ENV = "DJANGO_CURATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a curator account (staff, in the Curators group), or make an existing account a curator, "
        "and set up its second factor (prints the authenticator app's otpauth:// address and recovery codes). "
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
        parser.add_argument(
            "--new-second-factor",
            action="store_true",
            help="Replace the account's second factor (a lost phone or used-up recovery codes).",
        )

    def handle(self, *args, username=None, email="", interactive=True, new_second_factor=False, **options):
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
        if new_second_factor or not user_has_device(user):
            write_second_factor(self.stdout, *second_factor_issue(user=user))
        else:
            self.stdout.write("The account keeps its second factor (--new-second-factor replaces it).")

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


def qr_code_text(uri):
    """`uri` as a QR code drawn with block characters, two rows of modules a line: a phone scans it off the terminal."""
    drawn = io.StringIO()
    segno.make(uri, error="m").terminal(out=drawn, compact=True)
    return drawn.getvalue()


def write_second_factor(stdout, uri, codes):
    """What the account's owner needs, once: the address for the authenticator app and the recovery codes."""
    stdout.write(
        "\nSecond factor. Add the account to an authenticator app (FreeOTP, Aegis, Google Authenticator, "
        "1Password...): scan this QR code with it, or paste the address below it:\n"
    )
    stdout.write(qr_code_text(uri))
    stdout.write(f"  {uri}\n")
    stdout.write("Recovery codes: each works once in place of the app's code. Keep them apart from the phone.\n")
    for code in codes:
        stdout.write(f"  {code}")
    stdout.write("\nLog in with the username, the password and the 6-digit code the app shows.")
