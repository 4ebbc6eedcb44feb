"""The first administrator of a fresh installation (no demo): a login with the application's administrator role.

    ADMINISTRATOR_PASSWORD='...' manage.py create_administrator <username> --email <e-mail>
    manage.py create_administrator <username> --email <e-mail>      # prints a one-time link to choose it

The password comes from the environment, never the command line (which other users of the machine and the shell's
history can read); it must pass the same rules as every password (12 characters, not common, ...). Without it the
command prints a link (SITE_URL) where the person chooses their password once. With PASSWORD_LOGIN=false there is
no password at all: the person signs in through single sign-on, matched by the e-mail. Django's `createsuperuser` is
not the way: a superuser has no role in the application, only Django's own admin.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from districts.models import Municipality, Role

PASSWORD_VARIABLE = "ADMINISTRATOR_PASSWORD"


class Command(BaseCommand):
    help = (f"Create a login with the administrator role. The password is read from ${PASSWORD_VARIABLE}. "
            "Also creates the municipality's settings with their defaults if there are none.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, email, first_name, last_name, **options):
        User = get_user_model()
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if password and not settings.PASSWORD_LOGIN:
            raise CommandError(f"PASSWORD_LOGIN is off: unset {PASSWORD_VARIABLE}; the administrator signs in "
                               "through single sign-on with the e-mail.")
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"--email: {' '.join(error.messages)}") from error
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named {username!r} exists already; give them the administrator role under "
                               "\"Brugere\" instead.")
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        try:
            User.username_validator(username)
            if password:
                validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()  # until the link is used (or for good, with single sign-on only)
            user.save()
            Role.objects.create(user=user, kind=Role.Kind.ADMINISTRATOR)
            municipality = Municipality.objects.current()
        self.stdout.write(f"Administrator {username} created. Log in and name the municipality under "
                          f"\"Indstillinger\" (now: {municipality.name}).")
        if not password and settings.PASSWORD_LOGIN:
            token = default_token_generator.make_token(user)  # void once the password is set
            link = settings.SITE_URL.rstrip("/") + reverse(
                "password_set", args=[urlsafe_base64_encode(force_bytes(user.pk)), token])
            days = round(settings.PASSWORD_RESET_TIMEOUT / 86400)
            self.stdout.write(f"Give {username} this link to choose a password; it works once, for {days} days:\n"
                              f"{link}")
        elif not password:
            self.stdout.write(f"{username} signs in through single sign-on as {email}.")
