# Quechua and Aymara pages in Peru write dates, numbers and money as Peru does
# (25/12/2026, S/ 1,234.50).
from minka.formats.es_PE.formats import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    FIRST_DAY_OF_WEEK,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    THOUSAND_SEPARATOR,
    TIME_FORMAT,
)

MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
