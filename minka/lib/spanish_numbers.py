"""Whole numbers in Spanish words, as the Real Academia writes them (veintiún mil,
ciento/cien, un millón): one rule for the amount in words on receipts (minka.lib.money)
and for the numbers said aloud on her pages (minka.languages.numbers)."""

ES_UNITS = ["", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
ES_TEENS = [
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
]
ES_TWENTIES = [
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
]
ES_TENS = [
    "",
    "",
    "",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
]
ES_HUNDREDS = [
    "",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
]


def below_thousand(n: int, *, apocope: bool) -> list[str]:
    """1..999; apocope: "un"/"veintiún" before a noun or "mil"."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append("cien" if hundreds == 1 and rest == 0 else ES_HUNDREDS[hundreds])
    tens, unit = divmod(rest, 10)
    if rest == 0:
        return words
    if tens == 0:
        words.append("un" if unit == 1 and apocope else ES_UNITS[unit])
    elif tens == 1:
        words.append(ES_TEENS[unit])
    elif tens == 2:
        words.append("veintiún" if unit == 1 and apocope else ES_TWENTIES[unit])
    else:
        words.append(ES_TENS[tens])
        if unit:
            words += ["y", "un" if unit == 1 and apocope else ES_UNITS[unit]]
    return words


def below_million(n: int, *, apocope: bool) -> list[str]:
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands:
        if thousands > 1:
            words += below_thousand(thousands, apocope=True)
        words.append("mil")
    if rest:
        words += below_thousand(rest, apocope=apocope)
    return words


def spanish_words(n: int, *, apocope: bool = False) -> list[str]:
    """1..999,999,999,999 in words; millions as "un millón", "veintiún millones"."""
    if not 0 < n < 10**12:
        raise ValueError(f"{n} is out of range")
    millions, rest = divmod(n, 1_000_000)
    words: list[str] = []
    if millions == 1:
        words += ["un", "millón"]
    elif millions:
        words += [*below_million(millions, apocope=True), "millones"]
    if rest:
        words += below_million(rest, apocope=apocope)
    return words
