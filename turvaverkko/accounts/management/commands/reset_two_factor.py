"""Reset a user's second factor from the command line (e.g. the only admin lost a phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from turvaverkko.accounts.actions import reset_two_factor


class Command(BaseCommand):
    help = "Remove a user's authenticator and backup codes; they enrol anew at next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}")
        reset_two_factor(user)
        self.stdout.write(f"Two-factor authentication reset for {user.email}.")
