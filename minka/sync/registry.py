"""What travels between a site and central, written down once: one table per direction.

UP     a site makes these records for its groups; central receives a read-only copy.
DOWN   central makes these for the organisation; a site receives them.
STAYS  never leave the server they were made on.

Each table maps a model to the path from a record to its group (or None for records of
the whole organisation). The list a model is in names its usual owner. The other side
may still *create* such a record when it has a reason to (central takes an order for a
group, or plans a training for it; a site adds a technique it needs before it first
synced): the new record travels to the owner once, and from then on only the owner of
the record changes it (see minka.sync.owner). A test keeps every model of every app in
exactly one table.
"""

UP: dict[str, str | None] = {
    "members.Group": "",  # the group itself
    "members.Member": "group",
    "members.Skill": "member__group",
    "production.Material": "group",
    "production.Product": "group",
    "production.ProductMaterial": "product__group",
    "production.Buyer": "group",
    "production.Order": "group",
    "production.OrderLine": "order__group",
    "production.Allocation": "line__order__group",
    "production.Delivery": "allocation__line__order__group",
    "production.QualityCheck": "delivery__allocation__line__order__group",
    "production.MaterialMove": "group",
    "production.DeliveryVoid": "delivery__allocation__line__order__group",
    "production.AllocationMove": "line__order__group",
    "ledger.Payout": "group",
    "ledger.LedgerEntry": "group",
    "learning.Training": "group",
    "learning.TrainingSession": "training__group",
    # Attendance of a sensitive training never leaves: only its count does (see SENSITIVE).
    "learning.Attendance": "session__training__group",
    "learning.Certificate": "training__group",
    "learning.LearningWish": "member__group",
    "governance.GroupRules": "group",
    "governance.Meeting": "group",
    "governance.MeetingAttendance": "meeting__group",
    "governance.Agreement": "meeting__group",
    "governance.Vote": "meeting__group",
    "governance.Term": "group",
    "governance.PostHolding": "term__group",
    "sales.Location": "group",
    "sales.Sale": "group",
    "sales.SaleVoid": "sale__group",
    "sales.SaleLine": "sale__group",
    "sales.StockMove": "group",
    "sales.ShareRule": "group",
    "sales.FundEntry": "group",
    "sales.Settlement": "group",
    "sales.StorePayment": "group",
    "sales.CatalogueEntry": "product__group",
    # What she agreed to (photos in the catalogue, messages): central must respect it too.
    "privacy.Consent": "member__group",
    # Who saw whose data: the organisation reads its groups' log on central. It names the
    # viewer and the member, the kind of access and when; never the address it came from
    # (minka.privacy.shared.NEVER). Central's own entries for a group go down to its site.
    "members.AccessLogEntry": "group",
    "cash.CashEntry": "group",
    # Her own choice to see her private trainings named on her pages.
    "learning.TrainingNames": "member__group",
    "portal.PayDay": "group",
    "cash.CashCount": "group",
    "tourism.Experience": "group",
    "tourism.ExperiencePhoto": "experience__group",
    "tourism.HostProfile": "member__group",
    # The visitor's name and contact travel until the site forgets them; the forgetting
    # travels too (it is a save of the booking).
    "tourism.Booking": "group",
    "tourism.HostAssignment": "booking__group",
    "tourism.HostChange": "booking__group",
}

DOWN: dict[str, str | None] = {
    "members.Organisation": None,
    "members.Technique": None,
    # The logins of the organisation's staff, so a visitor is named on the site's pages.
    # The user travels as a name only, never with a password (see docs/sync.md).
    "members.OrganisationStaff": None,
    "auth.User": None,
    # The directory of help services the organisation keeps (no member in it).
    "privacy.SupportService": None,
}

STAYS: dict[str, str] = {
    "auth.Permission": "Django's own table, the same on every server",
    "auth.Group": "Django's permission groups; Minka uses GroupRole",
    "contenttypes.ContentType": "Django's own table",
    "sessions.Session": "logins stay where they were made",
    "admin.LogEntry": "who changed what in the admin, local",
    "members.GroupRole": "who may log in at a site is the site's own business",
    "members.Sequence": "per-server counters behind human numbers (the prefix keeps sites apart)",
    "accounts.LoginAttempt": "wrong passwords, counted where they were typed",
    "accounts.CentreDevice": "the centre's own laptop or tablet",
    "accounts.MemberPin": "a member's PIN is a password",
    "accounts.PasswordToChange": "a password to change is about a login, which stays",
    "privacy.Companion": "who accompanies a member: private to her group",
    "privacy.Referral": "a referral never leaves the site",
    "languages.Translator": "who may review translations on this server",
    "languages.ReviewedString": "this server's reviewed translations",
    # Files stay where they were made (minka.sync.serial); recordings ship like reviewed
    # strings, and a speaker records anew where she is.
    "languages.Recording": "this server's recordings of strings and number words",
    "ledger.PayoutRequest": "a form's once-only token",
    "ledger.MonthTotal": "a cache of the ledger: each server rebuilds its own",
    "sms.GroupSmsSettings": "the site's modem settings",
    "sms.Inbound": "messages received by the site's modem",
    "sms.Outgoing": "messages queued for the site's modem",
    "sms.GatewayState": "the site's modem state",
    "sync.Counter": "this server's change counter",
    "sync.Change": "this server's change log",
    "sync.Peer": "the other end of a link and its keys",
    "sync.SyncLog": "what each exchange did",
    "sync.HeldChange": "changes waiting for a person on central",
    "sync.UserOrigin": "which local login stands for a login of another server",
    "learning.SensitiveCount": "central's copy of the counts of sensitive attendance",
    "organisation.Donor": "the organisation's donors are central's business",
    "organisation.DonorLogin": "a donor signs in on central only",
    "organisation.Project": "projects, budgets and results live on central",
    "organisation.BudgetLine": "projects, budgets and results live on central",
    "organisation.Spending": "projects, budgets and results live on central",
    "organisation.Result": "projects, budgets and results live on central",
    "organisation.Indicator": "projects, budgets and results live on central",
    "organisation.IndicatorPeriod": "projects, budgets and results live on central",
    "organisation.ReportSummary": "projects, budgets and results live on central",
    "organisation.GroupMonth": "a cache of the desk's figures: each server rebuilds its own",
    "organisation.MemberMonth": "a cache of the projects' piece figures, rebuilt on each server",
}

# Append-only records: applied by INSERT only; a second copy of one is ignored.
APPEND_ONLY = frozenset(
    {
        "ledger.LedgerEntry",
        "ledger.Payout",
        "sales.StockMove",
        "sales.FundEntry",
        "sales.SaleVoid",
        "privacy.Consent",
        "production.MaterialMove",
        "production.DeliveryVoid",
        "production.AllocationMove",
        "cash.CashEntry",
        "cash.CashCount",
        "sales.StorePayment",
        "members.AccessLogEntry",
    }
)

# Attendance of these trainings stays on the site; the bundle carries a count instead.
SENSITIVE_ATTENDANCE = "learning.Attendance"

TRAVELS: dict[str, str | None] = {**UP, **DOWN}


def travels(label: str) -> bool:
    return label in TRAVELS and label != "auth.User"


def organisation_path(label: str) -> str | None:
    """For a DOWN record: the path to its organisation (None: shared by every site)."""
    return {
        "members.Organisation": "",
        "members.OrganisationStaff": "organisation",
        "privacy.SupportService": "organisation",
    }.get(label)


def dependency_rank() -> dict[str, int]:
    """Models in an order where every record's parents come first (self-links aside)."""
    from django.apps import apps

    rank: dict[str, int] = {}

    def visit(label: str, path: tuple[str, ...]) -> int:
        if label in rank:
            return rank[label]
        model = apps.get_model(label)
        deps = [
            f.related_model._meta.label
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is not model
        ]
        level = 1 + max(
            (visit(d, (*path, label)) for d in deps if d in TRAVELS and d not in path),
            default=0,
        )
        rank[label] = level
        return level

    for label in TRAVELS:
        visit(label, ())
    return rank
