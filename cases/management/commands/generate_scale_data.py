import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cases.management import scale_data


class Command(BaseCommand):
    help = (
        "Fill the database with a national-scale data set for the benchmark: at factor 1 "
        "40 regions, 3,000 professionals, 100,000 jeugdigen, 150,000 oza's with their phase "
        "history, 600,000 MDO's with agreements, 300,000 funding lines and 5 million audit rows. "
        "This is bulk test data written straight into the tables (COPY on PostgreSQL, "
        "bulk_create elsewhere), not user actions: no services, guards or audit trail run. "
        "Refuses a database that holds other data unless --force, and a database that already "
        "holds a generated set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, default=1.0, help="1.0 is national scale")
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument(
            "--password", default="oza-bench", help="password of every generated user"
        )
        parser.add_argument(
            "--force", action="store_true", help="also run on a database with other data"
        )

    def handle(self, *args, factor, seed, password, force, **options):
        if factor <= 0:
            raise CommandError("--factor must be positive")
        if scale_data.is_generated_database():
            raise CommandError("This database already holds a generated data set.")
        if scale_data.foreign_data_present() and not force:
            raise CommandError(
                "This database holds data that was not generated; use an empty database "
                "(or --force to add the generated set next to it)."
            )
        started = time.monotonic()
        generator = scale_data.ScaleDataGenerator(
            factor=factor, seed=seed, password=password, log=self.stdout.write
        )
        generator.run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated on {connection.vendor} at factor {factor} in "
                f"{time.monotonic() - started:.1f} s"
            )
        )
