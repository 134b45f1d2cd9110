"""The change log (outbox), the other end of each link, the sync log and held changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """This server's change counter: one row, locked by each write that records changes."""

    name = models.CharField(max_length=20, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


# A look at a member's page (minka.members.AccessLogEntry): it travels, but changes
# nothing any page shows.
ACCESS_LOG = "members.AccessLogEntry"


class Change(models.Model):
    """One change of one record: made here (origin = this server) or applied from a peer.

    Only the record's id is kept; its fields are read again when a bundle is made, so a
    record changed ten times between two syncs travels once, in its latest state.
    """

    id = models.BigAutoField(primary_key=True)
    origin = models.CharField(max_length=8)
    counter = models.BigIntegerField()
    model = models.CharField(max_length=40)
    record_id = models.UUIDField()
    deleted = models.BooleanField(default=False)
    # The version this change was made on (for spotting a change from a stale copy).
    base_origin = models.CharField(max_length=8, blank=True)
    base_counter = models.BigIntegerField(null=True)
    # Where it belongs, so central sends each site only its own groups (central only).
    group_id = models.UUIDField(null=True)
    organisation_id = models.UUIDField(null=True)
    changed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["origin", "counter"]),
            models.Index(fields=["model", "record_id"]),
            models.Index(fields=["group_id", "id"]),
            # The newest change a kept page may show (minka.portal.kept): one step down
            # this index, however many looks were logged since.
            models.Index(
                fields=["group_id", "id"],
                condition=~models.Q(model=ACCESS_LOG),
                name="sync_change_shown_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin}:{self.counter} {self.model}"


class Peer(models.Model):
    """The other end: on central, one row per registered site; on a site, central."""

    code = models.CharField(_("código del sitio"), max_length=8, unique=True)
    name = models.CharField(_("nombre"), max_length=200, blank=True)
    url = models.CharField(max_length=300, blank=True)
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, null=True, blank=True
    )
    group_codes = models.JSONField(default=list)
    public_key = models.CharField(max_length=64, blank=True)  # Ed25519, hex
    secret_hash = models.CharField(max_length=128, blank=True)
    secret_expires = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    # Their counter up to which every change of theirs is applied here.
    received_upto = models.BigIntegerField(default=0)
    # Our counter up to which they say they have applied ours.
    acked_upto = models.BigIntegerField(default=0)
    # The highest bundle number read from them: an older or repeated one is refused.
    last_bundle_in = models.BigIntegerField(default=0)
    # The highest counter of theirs ever seen (a restored site is told to go past it).
    highest_seen = models.BigIntegerField(default=0)
    last_contact = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class SyncLog(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", _("Correcto")
        ERROR = "error", _("Error")

    at = models.DateTimeField(auto_now_add=True)
    peer_code = models.CharField(max_length=8, blank=True)
    way = models.CharField(max_length=10)  # http-push, http-pull, file-in, file-out, enrol
    outcome = models.CharField(max_length=5, choices=Outcome.choices)
    message = models.TextField(blank=True)
    applied = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at} {self.way} {self.outcome}"


class HeldChange(models.Model):
    """A change that arrived for a record changed meanwhile by someone else: a person on
    central decides whether it replaces what is here or is dropped."""

    at = models.DateTimeField(auto_now_add=True)
    peer_code = models.CharField(max_length=8)
    origin = models.CharField(max_length=8)
    counter = models.BigIntegerField()
    model = models.CharField(max_length=40)
    record_id = models.UUIDField()
    data = models.JSONField(null=True)  # the record as it arrived; None: it was deleted
    reason = models.CharField(max_length=200)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=10, blank=True)  # applied, dropped
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.model} {self.record_id}"


class UserOrigin(models.Model):
    """A local login standing for a login of another server (no usable password)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    site = models.CharField(max_length=8)
    username = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "username"], name="user_origin_once")
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.site}"
