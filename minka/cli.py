"""The `minka` command: Django's management commands with Minka's settings.

`minka demo`, `minka serve`, `minka creategroup`, `minka backup` are Minka's own;
everything else Django offers (`minka migrate`, `minka createsuperuser`) works too.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
