"""One PIN a member: her SMS PIN becomes her PIN (accounts.MemberPin), the one she signs in
with on the centre's device, under one lockout.

Where she had both, the accounts PIN is kept and the SMS one dropped: it is the one she
typed most recently in front of the coordinator, and the one that may carry a lockout
(failures and locked) that an SMS PIN never had. From now on she sends that PIN by SMS.
Dropping a table does not bring it back: going backwards leaves every PIN in accounts.
"""

from django.db import migrations


def move_pins(apps, schema_editor):
    SmsPin = apps.get_model("sms", "SmsPin")
    MemberPin = apps.get_model("accounts", "MemberPin")
    has = set(MemberPin.objects.values_list("member_id", flat=True))
    for old in SmsPin.objects.exclude(member_id__in=has).iterator():
        # Its site stays: a PIN never leaves the server it was set on.
        MemberPin.objects.create(
            site=old.site,
            member_id=old.member_id,
            pin_hash=old.pin_hash,
            failures=0,
            locked=False,
            set_by_id=old.set_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sms", "0002_consent_lives_in_privacy"),
        ("accounts", "0003_password_to_change"),
    ]

    operations = [
        migrations.RunPython(move_pins, migrations.RunPython.noop),
        migrations.DeleteModel(name="SmsPin"),
    ]
