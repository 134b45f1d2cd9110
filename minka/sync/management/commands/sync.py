"""`minka sync`: sync with central now; `minka sync enrol URL SECRET`;
`minka sync register-site CODE --groups CAM,JUL` (central); `minka sync export DIR`;
`minka sync import FILE [--answer-dir DIR]`; `minka sync status`; `minka sync rebuild-log`
(a site whose records were loaded in bulk, before it enrols)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from minka.sync.bundle import unpack
from minka.sync.enrol import central_peer, enrol
from minka.sync.models import Peer
from minka.sync.roles import here, is_central
from minka.sync.selectors import peer_status
from minka.sync.services import bundle_for, bundle_read, site_register
from minka.sync.views import file_name


def _write(folder: Path, data: bytes, peer: Peer) -> Path:
    seq = int(unpack(data)[0].head["seq"])
    path = folder / file_name(here(), peer.code, seq)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as out:  # written whole, then renamed: a pulled stick holds no half
        out.write(data)
        out.flush()
        import os

        os.fsync(out.fileno())
    tmp.replace(path)
    return path


class Command(BaseCommand):
    help = "Sincroniza este servidor con el otro extremo (red o archivo USB)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action")
        sub.add_parser("now")
        enrol_p = sub.add_parser("enrol")
        enrol_p.add_argument("url")
        enrol_p.add_argument("secret")
        reg = sub.add_parser("register-site")
        reg.add_argument("code")
        reg.add_argument("--groups", required=True)
        reg.add_argument("--name", default="")
        exp = sub.add_parser("export")
        exp.add_argument("folder")
        exp.add_argument("--site", default="")
        imp = sub.add_parser("import")
        imp.add_argument("file")
        imp.add_argument("--answer-dir", default="")
        sub.add_parser("status")
        sub.add_parser("rebuild-log")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action") or "now"
        try:
            getattr(self, "do_" + action.replace("-", "_"))(options)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

    def do_now(self, options: dict[str, Any]) -> None:
        from minka.sync.client import sync_now

        result = sync_now()
        self.stdout.write(
            f"Sincronizado: {result.sent} cambios enviados, {result.applied} recibidos, "
            f"{result.held} retenidos; {result.requests} solicitudes, "
            f"{result.bytes_up} B enviados, {result.bytes_down} B recibidos."
        )

    def do_enrol(self, options: dict[str, Any]) -> None:
        peer = enrol(options["url"], options["secret"])
        self.stdout.write(f"Inscrito en el servidor central {peer.code}.")

    def do_register_site(self, options: dict[str, Any]) -> None:
        peer, secret = site_register(
            code=options["code"], name=options["name"], group_codes=options["groups"].split(",")
        )
        self.stdout.write(f"Sitio {peer.code} registrado. Clave de inscripción (vence en 3 días):")
        self.stdout.write(secret)

    def _peer(self, code: str) -> Peer:
        peer = Peer.objects.filter(code=code).first() if code else central_peer()
        if peer is None or not peer.enrolled_at:
            raise CommandError("No hay un sitio o servidor central inscrito con ese código.")
        return peer

    def do_export(self, options: dict[str, Any]) -> None:
        if is_central() and not options["site"]:
            raise CommandError("En el central, indique --site CÓDIGO.")
        peer = self._peer(options["site"])
        data, count, _more = bundle_for(peer, limit=None)
        path = _write(Path(options["folder"]), data, peer)
        self.stdout.write(f"{path} ({count} cambios, {len(data)} B)")

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"No se pudo leer {path}: {exc.strerror}") from exc
        peer, out = bundle_read(data, way="file")
        self.stdout.write(
            f"Aplicados {out.applied}, ya estaban {out.skipped}, retenidos {out.held}."
        )
        if is_central():
            answer, count, _more = bundle_for(peer, limit=None)
            folder = Path(options["answer_dir"]) if options["answer_dir"] else path.parent
            written = _write(folder, answer, peer)
            self.stdout.write(f"Respuesta: {written} ({count} cambios)")

    def do_rebuild_log(self, options: dict[str, Any]) -> None:
        from minka.sync.rebuild import log_rebuild

        counts = log_rebuild()
        self.stdout.write(f"Registrados {sum(counts.values())} registros sin cambio.")
        for label, n in counts.items():
            self.stdout.write(f"  {label:<28}{n:>10}")

    def do_status(self, options: dict[str, Any]) -> None:
        for peer in Peer.objects.order_by("code"):
            s = peer_status(peer)
            self.stdout.write(
                f"{peer.code}: último contacto {peer.last_contact or 'nunca'}, por enviar "
                f"{s.waiting_out}, retenidos {s.held}"
            )
