"""`minka generate`: bulk data at a named scale, for measuring (see minka/demo/generate.py)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from minka.demo import generate


class Command(BaseCommand):
    help = (
        "Genera datos realistas para medir: 'site' (1 grupo, 60 socias, 3 años) o "
        "'federation' (1 000 grupos, 100 000 socias, más de 10 millones de movimientos). "
        "Siempre los mismos para la misma semilla y el mismo día. Solo en una base vacía."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scale", choices=sorted(generate.SCALES))
        parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
        parser.add_argument("--groups", type=int, help="Otro número de grupos.")
        parser.add_argument("--members", type=int, help="Otro número de socias por grupo.")
        parser.add_argument("--months", type=int, help="Otro número de meses.")
        parser.add_argument(
            "--community-every",
            type=int,
            help="Cada cuántos grupos uno tiene capacitaciones, reuniones, multas y ventas "
            "(por los servicios; el primero siempre).",
        )
        parser.add_argument("--today", type=date.fromisoformat, help="AAAA-MM-DD (hoy).")
        parser.add_argument("--batch", type=int, default=200_000, help="Filas por escritura.")
        parser.add_argument(
            "--force", action="store_true", help="Agregar aunque la base ya tenga grupos."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("La base de datos no está al día. Ejecute primero: minka migrate")
        base = generate.SCALES[options["scale"]]
        scale = generate.Scale(
            groups=options["groups"] or base.groups,
            members=options["members"] or base.members,
            months=options["months"] or base.months,
            community_every=options["community_every"] or base.community_every,
        )
        if min(scale.groups, scale.members, scale.months, scale.community_every) < 1:
            raise CommandError("Grupos, socias, meses y --community-every deben ser al menos 1.")
        self.stdout.write(
            f"Generando {scale.groups} grupo(s) de {scale.members} socias, {scale.months} "
            f"meses, semilla {options['seed']}, en {connection.vendor} …"
        )
        try:
            result = generate.generate(
                scale=scale,
                seed=options["seed"],
                today=options["today"] or timezone.localdate(),
                force=options["force"],
                batch=options["batch"],
                say=lambda line: self.stdout.write(f"  · {line}"),
            )
        except generate.GenerateRefused as exc:
            raise CommandError(f"{exc} Use una base vacía, o --force para agregar.") from exc
        for label, n in result.counts.items():
            self.stdout.write(f"  {label:<28}{n:>12,}")
        self.stdout.write(
            self.style.SUCCESS(f"Listo en {result.seconds:.1f} s. Huella {result.digest[:16]}.")
        )
