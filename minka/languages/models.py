"""Quechua and Aymara for the members' pages: drafts ship in the catalogs, people review.

The Minka team drafts the Quechua and Aymara catalogs (minka/locale/qu, minka/locale/ay);
every string there is a draft until a translator who speaks the language approves or
corrects it here. A reviewed string lives in the database, wins over the draft at run
time, and is exported to a .po file to ship in the next release.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minka.lib.models import MinkaModel
from minka.members.models import Group

TRANSLATED = [("qu", "Runasimi"), ("ay", "Aymar aru")]
# Recorded: the translated languages and Spanish, the source (which needs no text review,
# but a member who reads little hears it too).
RECORDED = [("es", "Castellano"), *TRANSLATED]


class Translator(MinkaModel):
    """Someone of a group (a member, staff) who reviews one language for it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A translator of Spanish only records (Spanish is the source: nothing to review).
    language = models.CharField(_("idioma"), max_length=5, choices=RECORDED)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user", "language"], name="translator_once_per_language"
            )
        ]


class ReviewedString(MinkaModel):
    """A translation a speaker approved. Its newest version is in force."""

    language = models.CharField(max_length=5, choices=TRANSLATED)
    context = models.CharField(max_length=100, blank=True)
    msgid = models.TextField()
    text = models.TextField(_("traducción"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # "screen" for an approval on the translator's screen, "import" for a .po file.
    source = models.CharField(max_length=10, default="screen")
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "context", "msgid"], name="one_review_per_string"
            )
        ]


# A number word (units, tens, "soles") is recorded under this context, with the word in
# its own language as the msgid: it is said, not translated.
NUMBER_CONTEXT = "número"


class Recording(MinkaModel):
    """A speaker saying one string (or one number word) of her language. The newest is in
    force; its file is small compressed audio (WebM or Ogg with Opus), checked by content."""

    language = models.CharField(max_length=5, choices=RECORDED)
    context = models.CharField(max_length=100, blank=True)
    msgid = models.TextField()
    audio = models.FileField(upload_to="recordings/")
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "context", "msgid"], name="one_recording_per_string"
            )
        ]
