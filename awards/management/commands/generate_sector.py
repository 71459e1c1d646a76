"""`manage.py generate_sector [--scale F] [--provinces N] [--regional N] [--people N] [--years N]
[--conferrals N] [--seed S]`: sector-sized data for load tests (see awards/generator.py)."""

import time

from django.core.management.base import BaseCommand, CommandError

from awards import generator


class Command(BaseCommand):
    help = "Generate sector-sized data (deterministic; refuses to run on a database that has it)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
        for field in generator.Sizes.__dataclass_fields__.values():
            parser.add_argument(f"--{field.name}", type=int, help=f"default {field.default}")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        sizes = generator.Sizes().scaled(scale) if scale != 1.0 else generator.Sizes()
        given = {name: options[name] for name in sizes.__dataclass_fields__ if options[name]}
        sizes = generator.Sizes(**{**sizes.__dict__, **given})
        started = time.monotonic()
        try:
            generator.generate(sizes, seed, log=self.stdout.write)
        except generator.AlreadyGenerated:
            raise CommandError("The sector data is already in this database.") from None
        self.stdout.write(f"Generated {sizes} in {time.monotonic() - started:.0f} s.")
