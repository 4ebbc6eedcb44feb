"""The first administrator of a fresh installation (no demo): a login with the application's administrator role.

    ADMINISTRATOR_PASSWORD='...' manage.py create_administrator <username> --email <e-mail>

The password comes from the environment, never the command line (which other users of the machine and the shell's
history can read); it must pass the same rules as every password (12 characters, not common, ...). Django's
`createsuperuser` is not the way: a superuser has no role in the application, only Django's own admin.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

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
        if not password:
            raise CommandError(f"Set {PASSWORD_VARIABLE} to the new administrator's password.")
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
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            Role.objects.create(user=user, kind=Role.Kind.ADMINISTRATOR)
            municipality = Municipality.objects.current()
        self.stdout.write(f"Administrator {username} created. Log in and name the municipality under "
                          f"\"Indstillinger\" (now: {municipality.name}).")
