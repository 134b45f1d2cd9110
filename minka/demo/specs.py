"""The demo's fixed cast: the organisation, the two groups, their people and designs."""

from dataclasses import dataclass
from datetime import date

from minka.members.models import Language, MemberStatus
from minka.production.models import Defect

SEED = 2026
PASSWORD = "minka-demo"
ORGANISATION = "Red de Artesanas del Altiplano"

KNIT = "Tejido a palitos"
CROCHET = "Tejido a crochet"
PEDAL = "Telar de pedal"
BACKSTRAP = "Telar de cintura"

# fmt: off
FIRST_NAMES = (
    "María", "Juana", "Rosa", "Eulalia", "Felicitas", "Justina", "Nicolasa", "Hilda",
    "Marcelina", "Vilma", "Yolanda", "Agripina", "Teodora", "Lucía", "Celia", "Bertha",
    "Santusa", "Francisca", "Dominga", "Gregoria", "Paulina", "Martha", "Lidia", "Elena",
    "Sabina", "Victoria", "Isabel", "Carmen", "Basilia", "Nieves", "Rufina", "Modesta",
)
SURNAMES = (
    "Mamani", "Quispe", "Condori", "Huanca", "Apaza", "Ccama", "Choque", "Pari", "Coaquira",
    "Chambi", "Layme", "Yucra", "Ticona", "Cutipa", "Flores", "Ramos", "Chura", "Larico",
    "Cahui", "Vilca", "Calsin", "Pacompia",
)
# fmt: on


class DemoRefused(Exception):
    """The database already holds data; the demo loads only into an empty one."""


@dataclass(frozen=True)
class Login:
    username: str
    who: str


LOGINS = (
    Login("coordinadora", "coordinadora de Camacani: pedidos, reparto, entregas"),
    Login("tesorera", "tesorera de Camacani: pagos y recibos"),
    Login("socia", "socia de Camacani: solo su trabajo y su dinero"),
    Login("juli", "coordinadora de Juli"),
    Login("red", "equipo de la red: ve los dos grupos"),
)


def logins_text() -> str:
    lines = [f"  {login.username:<13} {login.who}" for login in LOGINS]
    return "\n".join([*lines, f"  contraseña de todas: {PASSWORD}"])


# --- what the two groups look like --------------------------------------------------------


@dataclass(frozen=True)
class SkillSpec:
    technique: str
    share: float  # how many members have it
    levels: tuple[int, int, int]  # weights of levels 1, 2, 3


@dataclass(frozen=True)
class ProductSpec:
    code: str
    name: str
    technique: str
    min_level: int
    minutes: int
    rate_a: str  # PEN per piece
    rate_b: str
    wholesale: str
    wholesale_currency: str
    retail: str  # PEN
    materials: tuple[tuple[str, int], ...]  # (yarn colour, grams per piece)


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    place: str
    size: int
    founded: date
    communities: tuple[str, ...]
    languages: tuple[tuple[tuple[str, ...], int], ...]  # (languages, weight)
    skills: tuple[SkillSpec, ...]
    not_active: tuple[str, ...]  # statuses of members who no longer take orders
    yarn: str
    products: tuple[ProductSpec, ...]


QU, AY, ES = Language.QUECHUA.value, Language.AYMARA.value, Language.SPANISH.value

# fmt: off
CAMACANI = GroupSpec(
    code="CAM",
    name="Asociación de Artesanas Camacani",
    place="Camacani, Platería, Puno",
    size=50,
    founded=date(2004, 3, 8),
    communities=("Camacani", "Platería", "Perka", "Yanico", "Collana", "Cucho Esqueña"),
    languages=(((QU, ES), 50), ((AY, ES), 28), ((QU, AY, ES), 10), ((QU,), 8), ((AY,), 4)),
    skills=(
        SkillSpec(KNIT, 0.94, (25, 45, 30)),
        SkillSpec(CROCHET, 0.42, (40, 40, 20)),
        SkillSpec(BACKSTRAP, 0.10, (60, 30, 10)),
    ),
    not_active=(MemberStatus.INACTIVE, MemberStatus.INACTIVE, MemberStatus.LEFT),
    yarn="Hilo de alpaca",
    products=(
        #           code     name                  technique level min  rate A   rate B
        #           wholesale      retail    grams of yarn per piece, by colour
        ProductSpec("CH-01", "Chompa trenzada",    KNIT,    3,   600, "55.00", "38.00",
                    "38.00", "USD", "180.00", (("Crudo", 450),)),
        ProductSpec("CL-01", "Chalina de alpaca",  KNIT,    1,   180, "17.00", "12.00",
                    "14.00", "USD", "60.00",  (("Marrón", 150),)),
        ProductSpec("GR-01", "Gorro con orejeras", KNIT,    2,   120, "12.00", "8.00",
                    "9.50",  "USD", "40.00",  (("Gris perla", 60), ("Rojo indio", 30))),
        ProductSpec("GU-01", "Guantes de alpaca",  KNIT,    2,   150, "14.00", "10.00",
                    "11.00", "USD", "45.00",  (("Negro", 70),)),
        ProductSpec("BL-01", "Bolso a crochet",    CROCHET, 2,   240, "22.00", "15.00",
                    "18.00", "USD", "85.00",  (("Azul añil", 120), ("Crudo", 60))),
    ),
)

JULI = GroupSpec(
    code="JUL",
    name="Asociación de Artesanas Juli",
    place="Juli, Chucuito, Puno",
    size=19,
    founded=date(2009, 9, 14),
    communities=("Juli", "Chacachaca", "Sajo", "Challapampa", "Huaylluni"),
    languages=(((AY, ES), 85), ((AY,), 10), ((ES,), 5)),
    skills=(
        SkillSpec(PEDAL, 0.70, (30, 40, 30)),
        SkillSpec(BACKSTRAP, 0.55, (30, 40, 30)),
        SkillSpec(KNIT, 0.45, (40, 40, 20)),
        SkillSpec(CROCHET, 0.15, (50, 40, 10)),
    ),
    not_active=(MemberStatus.INACTIVE,),
    yarn="Hilo de alpaca",
    products=(
        ProductSpec("MT-01", "Manta de telar",     PEDAL,     2, 900, "85.00", "60.00",
                    "260.00", "PEN", "380.00", (("Natural", 700), ("Rojo cochinilla", 100))),
        ProductSpec("CM-01", "Camino de mesa",     BACKSTRAP, 2, 480, "42.00", "30.00",
                    "110.00", "PEN", "160.00", (("Natural", 180), ("Rojo cochinilla", 70))),
        ProductSpec("CL-02", "Chalina de telar",   PEDAL,     1, 240, "22.00", "15.00",
                    "65.00",  "PEN", "95.00",  (("Natural", 160),)),
    ),
)
# fmt: on

# Quality control: mostly grade A, some B, a little to rework and a little rejected.
GRADES_NOW = (("A", 80), ("B", 12), ("rework", 5), ("rejected", 3))
GRADES_DONE = (("A", 85), ("B", 12), ("rework", 3))  # the old order: everything came good
DEFECTS = {
    KNIT: (Defect.TENSION, Defect.SIZE, Defect.HOLE, Defect.FINISH),
    CROCHET: (Defect.TENSION, Defect.FINISH, Defect.COLOUR),
    PEDAL: (Defect.TENSION, Defect.SIZE, Defect.DESIGN, Defect.STAIN),
    BACKSTRAP: (Defect.DESIGN, Defect.TENSION, Defect.FINISH),
}
Weights = tuple[tuple[str, int], ...]
