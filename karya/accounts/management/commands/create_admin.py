"""`karya create-admin USERNAME`: the first administrator of a new installation (access comes
from memberships, so Django's createsuperuser is not enough)."""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from karya.accounts.choices import Role
from karya.accounts.models import User
from karya.accounts.services import membership_create, user_create
from karya.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a user with the administrator role for the whole country."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, full_name, email, **options):
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"The user {username} exists already.")
        password = os.environ.get("KARYA_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        try:
            with transaction.atomic():
                user = user_create(
                    actor=None,
                    username=username,
                    password=password,
                    full_name=full_name,
                    email=email,
                )
                membership_create(actor=None, user=user, role=Role.ADMIN)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Administrator {user.username} created.")
