import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from cases.management import demo


class Command(BaseCommand):
    help = (
        "Laadt een fictieve demoregio (Regio Kennemerkust) met organisaties, één demogebruiker "
        "per rol en zo'n zestig jeugdigen met oza's in elke fase. Veilig om twee keer te draaien; "
        "geweigerd in productie."
    )

    def handle(self, *args, **options):
        if not settings.OZA_DEMO_USERS_ALLOWED:
            raise CommandError(
                "Demo-gegevens en demogebruikers zijn in productie niet toegestaan "
                "(OZA_ENVIRONMENT=production); er is niets aangemaakt. / "
                "Demo data and demo users are refused in production; nothing was created."
            )
        if demo.demo_exists():
            self.stdout.write("Demo-gegevens staan er al.")
            self.write_users()
            return
        taken = demo.conflicting_usernames()
        if taken:
            raise CommandError(
                "Deze gebruikersnamen bestaan al, maar de demoregio niet: "
                f"{', '.join(taken)}. Er is niets aangemaakt. / These usernames already exist "
                "without the demo region; nothing was created."
            )

        started = time.monotonic()
        summary = demo.load()
        seconds = time.monotonic() - started

        duration = f"{seconds:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(f"Demo-gegevens voor {demo.REGION} geladen in {duration} s.")
        )
        organisations = ", ".join(
            f"{count} × {label.lower()}" for label, count in summary.organisations.items()
        )
        self.stdout.write(f"  Organisaties: {organisations}")
        self.stdout.write(
            f"  {summary.professionals} professionals, {summary.jeugdigen} jeugdigen, "
            f"{summary.arrangements} oza's (waarvan {summary.groups} groepsarrangementen), "
            f"{summary.audit_events} regels in de audittrail"
        )
        self.stdout.write("  Oza's per fase:")
        for label, count in summary.phases:
            self.stdout.write(f"    {label:<30} {count:>3}")
        for title, counts in (("MDO's", summary.meetings), ("Bekostigingsregels", summary.funding)):
            self.stdout.write(f"  {title}:")
            for label, count in counts.items():
                self.stdout.write(f"    {label:<30} {count:>3}")
        self.write_users()

    def write_users(self):
        password = settings.OZA_DEMO_PASSWORD
        rows = demo.demo_user_rows()
        self.stdout.write("")
        self.stdout.write("Demogebruikers:")
        self.stdout.write(f"  {'gebruikersnaam':<20} {'wachtwoord':<12} {'naam':<20} rol")
        for username, name, role in rows:
            self.stdout.write(f"  {username:<20} {password:<12} {name:<20} {role}")
        self.stdout.write(
            "  (Alle collega's in de demoregio, zoals m.schaap en f.bakker, hebben hetzelfde "
            "wachtwoord.)"
        )
        login = settings.OZA_SITE_URL.rstrip("/") + reverse("login")
        self.stdout.write(f"Inloggen: {login}")
