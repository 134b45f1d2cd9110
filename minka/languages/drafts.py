"""The Minka team's drafts of the member-facing strings in Quechua and Aymara.

DRAFTS, NOT REVIEWED: written by the development team, not by native speakers. They are
shipped so that a member is not left with Spanish only, and every one of them is shown
to translators as a draft until a speaker of the language approves or corrects it on the
translator's screen (minka.languages.views). Southern Quechua follows the official
unified alphabet (three vowels); Aymara the official alphabet.

`minka translations drafts` writes these into minka/locale/{qu,ay}/LC_MESSAGES.
"""

# Spanish source -> (Quechua draft, Aymara draft)
DRAFTS: dict[str, tuple[str, str]] = {
    "Inicio": ("Qallariy", "Qalltawi"),
    "Mi cuenta": ("Qullqiy", "Qullqija"),
    "Mis capacitaciones": ("Yachaqasqaykuna", "Yatiqawinakaja"),
    "Contactos": ("Telefonokuna", "Telefononaka"),
    "Salir": ("Lluqsiy", "Mistuña"),
    "Cambiar mi contraseña": ("Pakasqa simiyta tikray", "Imantat arux mayjt'ayaña"),
    "Insumos": ("Q'aytukuna", "Ch'ankhanaka"),
    "Usuarios": ("Yaykuqkuna", "Mantirinaka"),
    "Su contraseña la puso otra persona. Elija ahora una propia que solo usted sepa; "
    "después podrá seguir.": (
        "Pakasqa simiykitaqa huk runam churarqan. Kunan qam kikiyki yachanaykipaq hukta "
        "akllay; chaymantataq puriyta atinki.",
        "Imantat arumax yaqhawa uchäna. Jichhax juma sapakiw yatkasma ukham maynit ajllim; "
        "ukatsti sarantaskakismawa.",
    ),
    "Ingresar": ("Yaykuy", "Mantaña"),
    "Ingresar a Minka": ("Minkaman yaykuy", "Minkar mantaña"),
    "Usuario": ("Sutiyki", "Sutima"),
    "Contraseña": ("Pakasqa simi", "Imantat aru"),
    "piezas aceptadas": ("chaskisqa rurasqakuna", "katuqata luratanaka"),
    "ganado": ("tarisqa", "jikxatata"),
    "recibido": ("chaskisqa", "katuqata"),
    "debe (adelanto)": ("manu (ñawpaq qullqi)", "manu (nayrax churata)"),
    "le deben": ("qampaq kachkan", "jumatakiw utji"),
    "Pagar": ("Qullqita quy", "Qullqi churaña"),
    "Mis encargos": ("Llamk'anaykuna", "Luräwinakaja"),
    "Diseño": ("Rikch'ay", "Uñacht'äwi"),
    "Pedido": ("Mañakuy", "Mayiwi"),
    "Entrega": ("Qunapaq p'unchaw", "Churañ uru"),
    "Encargo": ("Llamk'ana", "Luräwi"),
    "Faltan": ("Pisichkan", "Pist'iwa"),
    "Sin encargos.": ("Mana llamk'ana kanchu.", "Janiw luräwix utjkiti."),
    "Encargos anteriores": ("Ñawpaq llamk'anakuna", "Nayra luräwinaka"),
    "del %(start)s al %(end)s": ("%(start)s manta %(end)s kama", "%(start)s uruta %(end)s urukama"),
    "Insumos (gramos)": ("Q'aytu (gramokunapi)", "Ch'ankha (gramonakana)"),
    "Insumo": ("Q'aytu", "Ch'ankha"),
    "Recibió": ("Chaskirqan", "Katuqäna"),
    "Devolvió": ("Kutichirqan", "Kutt'ayäna"),
    "Usado en piezas aceptadas": (
        "Chaskisqa rurasqakunapi apaykachasqa",
        "Katuqata luratanakan apnaqata",
    ),
    "Sin explicar": ("Mana willasqa", "Jan yatiyata"),
    "No recibió insumos.": ("Mana q'aytuta chaskirqanchu.", "Janiw ch'ankha katuqkänti."),
    "Los insumos no se cobran a la socia: esta cuenta solo ayuda a saber cuánto hilo queda.": (
        "Q'aytumanta mana qullqita mañakunchu: kay yupayqa hayk'a q'aytu puchusqanta "
        "yachanallapaqmi.",
        "Ch'ankhat janiw qullqi mayiskiti: aka jakhüwix qhawqha ch'ankhas qhiparki uk "
        "yatiñatakikiwa.",
    ),
    "Mi dinero": ("Qullqiy", "Qullqija"),
    "Fecha": ("P'unchaw", "Uru"),
    "Detalle": ("Imamanta", "Kunata"),
    "Piezas": ("Rurasqakuna", "Luratanaka"),
    "Monto": ("Hayk'a qullqi", "Qhawqha qullqi"),
    "corregido": ("allichasqa", "askichata"),
    "Recibo": ("Chaskisqa qillqa", "Katuqat qillqa"),
    "Corregir": ("Allichay", "Askichaña"),
    "Sin movimientos.": ("Mana imapas kanchu.", "Janiw kunas utjkiti."),
    "¿Qué quiere aprender?": ("¿Imatataq yachayta munanki?", "¿Kunsa yatiqañ munta?"),
    "Enviar": ("Apachiy", "Apayaña"),
    "capacitaciones": ("yachachikuykuna", "yatichäwinaka"),
    "horas": ("ura", "ura"),
    "certificados": ("riqsichiy qillqakuna", "uñt'ayañ qillqanaka"),
    "certificado": ("riqsichiy qillqa", "uñt'ayañ qillqa"),
    "Reuniones y cargos": ("Huñunakuykuna, kamachiqkuna", "Tantachäwinaka, irpirinaka"),
    "reuniones con asistencia": ("huñunakuykunaman rirqanki", "tantachäwinakar sarta"),
    "cargos": ("kamachiq kay", "irpiri"),
    "Mis piezas para la venta": ("Ranqanapaq rurasqaykuna", "Aljañatak luratanakaja"),
    "mi parte de las ventas:": ("ranqasqamanta partey:", "aljatat chikataja:"),
    "Lugar": ("Maypi", "Kawkhana"),
    "Guardar": ("Waqaychay", "Imaña"),
    "N.º": ("N.º", "N.º"),
    "Socia": ("Llamk'aq masi", "Irnaqir masi"),
    "Taller": ("Yachachikuy", "Yatichäwi"),
    "Entregar o recibir insumos": ("Q'aytuta quy utaq chaskiy", "Ch'ankha churaña, katuqaña"),
    "Todo": ("Llapan", "Taqpacha"),
    "Desde": ("Kaymanta", "Akat"),
    "Hasta": ("Kaykama", "Akkama"),
    # Kinds of lines in her account (minka.ledger.models.EntryKind).
    "Pago por piezas": ("Rurasqamanta qullqi", "Luratat qullqi"),
    "Pago recibido": ("Chaskisqa qullqi", "Katuqat qullqi"),
    "Adelanto": ("Ñawpaq qullqi", "Nayrax churat qullqi"),
    "Corrección": ("Allichay", "Askichäwi"),
    "Multa": ("Multa", "Multa"),
    "Parte de una venta": ("Ranqasqamanta parte", "Aljatat chikata"),
    "Se descuenta": ("Qullqiykimanta qichukun", "Qullqimat apsusi"),
    "Se le suma": ("Qampaq yapakun", "Jumatak yapxatasi"),
    "SMS": ("SMS", "SMS"),
    "Sincronización": ("Tupachiy", "Tupachaña"),
    "Turismo": ("Watukuykuna", "Tumpañanaka"),
    "Mis visitas": ("Watukuqniykuna", "Tumpirinakaja"),
    "Ver": ("Qhaway", "Uñjaña"),
    "Ver los más recientes": ("Musuqkunata qhaway", "Machaqanak uñjaña"),
    "Ver movimientos anteriores": ("Ñawpaq kuyuykunata qhaway", "Nayrir sarnaqäwinak uñjaña"),
    "en estas fechas": ("kay p'unchawkunapi", "aka urunakana"),
    "Acompañantes": ("Pusaqkuna", "Sarayirinaka"),
    "Agregar un contacto": ("Telefonota yapay", "Telefono yapxataña"),
    "Derivaciones": ("Kachaykuna", "Khitäwinaka"),
    "Registro de accesos": ("Pikuna qhawarqan", "Khitinakas uñjapxi"),
    "Mi cuenta en papel": ("Qullqiy p'anqapi", "Qullqija laphina"),
    "Mi cuenta en Minka": ("Minkapi qullqiy", "Minkan qullqija"),
    # Signing in on the centre's device.
    "Toque su foto": ("Fotoykita llapiy", "Fotomar llamkt'am"),
    "Su clave": ("Pakasqa yupayniyki", "Imantat jakhüwima"),
    "Entrar": ("Yaykuy", "Mantaña"),
    "No soy yo": ("Mana ñuqachu kani", "Janiw nayäkti"),
    "La clave tiene 4 números.": (
        "Pakasqa yupaynikiqa tawa yupaykunayuq.",
        "Imantat jakhüwimax pusi jakhüniwa.",
    ),
    "Su clave está bloqueada. Pida a la coordinadora que le dé una nueva.": (
        "Pakasqa yupayniyki wichqasqa. Kamachiqmanta musuqta mañakuy.",
        "Imantat jakhüwimax llawintatawa. Irpirit machaqa mayim.",
    ),
    "Clave equivocada. Le quedan %(n)s intentos.": (
        "Pantasqa yupay. %(n)s kutillaraq kachkan.",
        "Pantjata. %(n)s kutikiw qhipari.",
    ),
    "Ninguna socia tiene clave todavía.": (
        "Manaraq pipas pakasqa yupayniyuqchu.",
        "Janiw khitis imantat jakhüwinïkiti.",
    ),
    # The coordinator's menu, for a coordinator who reads Quechua or Aymara best.
    "Pedidos": ("Mañakuykuna", "Mayiwinaka"),
    "Socias": ("Llamk'aq masikuna", "Irnaqir masinaka"),
    "Diseños": ("Rikch'aykuna", "Uñacht'äwinaka"),
    "Cuentas": ("Qullqi yupaykuna", "Qullqi jakhüwinaka"),
    "Ventas": ("Ranqaykuna", "Aljäwinaka"),
    "Capacitaciones": ("Yachachikuykuna", "Yatichäwinaka"),
    "Asambleas": ("Huñunakuykuna", "Tantachäwinaka"),
    "Junta directiva": ("Kamachiqkuna", "Irpirinaka"),
    "Indicadores": ("Yupaykuna", "Jakhüwinaka"),
    "Traducciones": ("Simi t'ikraykuna", "Aru jaqukipäwinaka"),
    # The coordinator's menu, drawn on every page (a member sees the menu's frame too).
    "Día de entregas": ("Quykuna p'unchaw", "Katuyañ uru"),
    # Her start page: the next meeting and pay day, speaker buttons, private trainings.
    "Próxima reunión": ("Hamuq huñunakuy", "Jutir tantachäwi"),
    "Próximo día de pago": ("Hamuq qullqi quna p'unchaw", "Jutir qullqi churañ uru"),
    "Sin fecha todavía": ("Manaraq p'unchawniyuqchu", "Janiraw uruniti"),
    "Día de pago": ("Qullqi quna p'unchaw", "Qullqi churañ uru"),
    "Anunciar el próximo día de pago": (
        "Hamuq qullqi quna p'unchawta willay",
        "Jutir qullqi churañ uru yatiyaña",
    ),
    "Plan de pago de hoy": ("Kunan p'unchaw qullqi quna yuyay", "Jichhürun qullqi churañ amta"),
    "Reunión semanal": ("Sapa simana huñunakuy", "Sapa semana tantachäwi"),
    "Asamblea": ("Hatun huñunakuy", "Jach'a tantachäwi"),
    "Escuchar": ("Uyariy", "Ist'aña"),
    "Listo.": ("Chaymi.", "Ukhamawa."),
    "Mostrar solo «Taller»": (
        "«Yachachikuy» nisqallata rikuchiy",
        "«Yatichäwi» sasakik uñacht'ayaña",
    ),
    "Ver sus nombres": ("Sutinkunata qhaway", "Sutinakap uñjaña"),
    "Algunos talleres se muestran solo como «Taller», por si alguien más ve su teléfono.": (
        "Wakin yachachikuykunaqa «Yachachikuy» nisqallam rikhurin, huk runa "
        "telefonoykita qhawanman chayqa.",
        "Yaqha yatichäwinakax «Yatichäwi» sasakiw uñsti, yaqhax telefonoma uñjaspa ukataki.",
    ),
    "Pago por visita": ("Watukuymanta qullqi", "Tumpañat qullqi"),
    # Her receipt, printed in her language (the amount in words stays in Spanish, as
    # Peruvian receipts write it).
    "Recibo %(number)s": ("Chaskisqa qillqa %(number)s", "Katuqat qillqa %(number)s"),
    "Recibos de pago": ("Qullqi chaskisqa qillqakuna", "Qullqi katuqat qillqanaka"),
    "RECIBO DE PAGO": ("QULLQI CHASKISQA QILLQA", "QULLQI KATUQAT QILLQA"),
    "Recibí yo, la socia:": ("Ñuqa, llamk'aq masi, chaskirqani:", "Naya, irnaqir masi, katuqta:"),
    "Socia N.º %(number)d": ("Llamk'aq masi N.º %(number)d", "Irnaqir masi N.º %(number)d"),
    "La suma de:": ("Kay qullqita:", "Aka qullqi:"),
    "ADELANTO: se descontará de sus próximos trabajos.": (
        "ÑAWPAQ QULLQI: hamuq llamk'anaykikunamanta qichukunqa.",
        "NAYRAX CHURAT QULLQI: jutir luräwinakamat apsusiniwa.",
    ),
    "ANULADO: este pago fue corregido en la cuenta de la socia.": (
        "CH'USAQCHASQA: kay qullqi quyqa llamk'aq masiq yupayninpi allichasqa.",
        "CH'USAT: aka qullqi churäwix irnaqir masin jakhüwipan askichatawa.",
    ),
    "Forma de pago: %(method)s · Entregó el dinero: %(name)s": (
        "Imaynata: %(method)s · Qullqita qurqan: %(name)s",
        "Kunjamsa: %(method)s · Qullqi churäna: %(name)s",
    ),
    "N.º %(number)s": ("N.º %(number)s", "N.º %(number)s"),
    "Fecha: %(date)s": ("P'unchaw: %(date)s", "Uru: %(date)s"),
    "%(what)s (se paga una parte: %(part)s de %(all)s)": (
        "%(what)s (huk partillan quykun: %(part)s, %(all)s ukhumanta)",
        "%(what)s (mä chikatakiw churasi: %(part)s, %(all)s taypita)",
    ),
    "Por los trabajos:": ("Llamk'asqakunamanta:", "Luräwinakat:"),
    "Pago a cuenta de su saldo.": ("Qampaq kaqmanta quykun.", "Jumatak utjkitat churasi."),
    "Precio": ("Chanin", "Chani"),
    "… y %(n)d trabajos más": ("… %(n)d llamk'aykuna astawan", "… %(n)d luräwinaka juk'ampi"),
    "Total de los trabajos": ("Llapan llamk'aykuna", "Taqpach luräwinaka"),
    "Firma o huella digital": (
        "Sutiyki utaq ruk'anaykiq unanchan",
        "Sutima jan ukax luk'anam chimpupa",
    ),
    "Firma de la tesorera": ("Qullqi waqaychaqpa sutin", "Qullqi imirin sutipa"),
    # Her certificate, printed in her language.
    "Certificado de capacitación": (
        "Yachachikuymanta riqsichiy qillqa",
        "Yatichäwit uñt'ayañ qillqa",
    ),
    "CERTIFICADO": ("RIQSICHIY QILLQA", "UÑT'AYAÑ QILLQA"),
    "Se otorga a la socia": ("Kay llamk'aq masiman quykun", "Aka irnaqir masiruw churasi"),
    "por haber completado la capacitación «%(topic)s», del %(start)s al %(end)s.": (
        "«%(topic)s» yachachikuyta tukusqanmanta, %(start)s p'unchawmanta %(end)s p'unchawkama.",
        "«%(topic)s» yatichäwi tukuyatapata, %(start)s urut %(end)s urukama.",
    ),
    "Técnica: %(technique)s, nivel %(level)s.": (
        "Ruray: %(technique)s, %(level)s patapi.",
        "Luräwi: %(technique)s, %(level)s patana.",
    ),
    "Capacitador(a): %(name)s": ("Yachachiq: %(name)s", "Yatichiri: %(name)s"),
    "Coordinadora": ("Kamachiq", "Irpiri"),
    "Capacitador(a)": ("Yachachiq", "Yatichiri"),
    # The page that says an action is not allowed here (a member may meet it too).
    "Sin permiso": ("Mana saqillasqachu", "Jan jaysatawa"),
    "No se puede hacer esto aquí": (
        "Kaypiqa manam kayta ruwayta atikunchu",
        "Akanx janiw akax lurañjamakiti",
    ),
    "Su cuenta no tiene permiso para esta página.": (
        "Cuentaykiqa manam kay p'anqata kicharinanpaq saqillasqachu.",
        "Cuentamax janiw aka laphi jist'arañatak jaysatakiti.",
    ),
    "Volver al inicio": ("Qallariyman kutiy", "Qalltawir kutt'aña"),
    # Her contacts, named neutrally (nothing on her pages says what the help is for).
    "Ayuda": ("Yanapay", "Yanapa"),
    # The language chooser names each language in its own words; these entries exist so
    # that a speaker of each records its name (played in that language, on every page).
    "Español": ("Español", "Español"),
    "Runasimi": ("Runasimi", "Runasimi"),
    "Aymar aru": ("Aymar aru", "Aymar aru"),
    # What she may wish to learn (minka.learning.forms.WishForm; never rights or health).
    "Técnica": ("Ruray", "Luräwi"),
    "Cuéntenos más": ("Astawan willawayku", "Juk'ampi yatiyapxita"),
    "Control de calidad": ("Allin kayninta qhaway", "Suma luratäpan uñakipaña"),
    "Desarrollo de productos": ("Musuq rurasqakunata ruray", "Machaqa luratanak luraña"),
    "Costos": ("Chaninkuna", "Chaninaka"),
    "Liderazgo": ("Umalliq kay", "P'iqinchiri kankaña"),
    # Her posts in the executive committee.
    "Presidenta": ("Umalliq", "P'iqinchiri"),
    "Vicepresidenta": ("Iskay kaq umalliq", "Payïr p'iqinchiri"),
    "Secretaria": ("Qillqaq", "Qillqiri"),
    "Tesorera": ("Qullqi waqaychaq", "Qullqi imiri"),
    "Fiscal": ("Qhawaq", "Uñjiri"),
    "Vocal": ("Vocal", "Vocal"),
    # A visit to her home (community tourism), as it stands.
    "Todavía no recibió visitas.": (
        "Manaraq watukuqkuna hamurqanchu.",
        "Janiraw tumpirinakax jutkiti.",
    ),
    "Solicitada": ("Mañakusqa", "Mayita"),
    "Otra fecha propuesta": ("Huk p'unchaw churasqa", "Yaqha uru uñacht'ayata"),
    "Confirmada": ("Takyachisqa", "Chiqapt'ayata"),
    "Rechazada": ("Mana chaskisqa", "Jan katuqata"),
    "Cancelada": ("Saqisqa", "Jaytata"),
    "Realizada": ("Rurasqa", "Lurata"),
    # Changing her password.
    "Contraseña actual": ("Kunan pakasqa simi", "Jichha imantat aru"),
    "Contraseña nueva": ("Musuq pakasqa simi", "Machaqa imantat aru"),
    "Otra vez la contraseña nueva": (
        "Musuq pakasqa simita yapamanta",
        "Machaqa imantat aru mayampi",
    ),
    "Cambiar": ("Tikray", "Mayjt'ayaña"),
    # The centre's device, before it is registered.
    "Equipo del centro": ("Wasip computadoran", "Utan computadorapa"),
    "Este equipo no está registrado": (
        "Kay computadoraqa manam qillqasqachu",
        "Aka computadorax janiw qillqatäkiti",
    ),
    "La coordinadora registra el equipo del centro desde la lista de socias.": (
        "Kamachiqmi llamk'aq masikunap sutinkunamanta kay computadorata qillqan.",
        "Irpiriw irnaqir masinakan sutinakapat aka computadora qillqi.",
    ),
    "Movimientos:": ("Qullqi kuyuykuna:", "Qullqi sarnaqäwinaka:"),
    "Piezas vendidas:": ("Ranqasqa rurasqakuna:", "Aljata luratanaka:"),
    "Visitantes:": ("Watukuqkuna:", "Tumpirinaka:"),
    "Caja": ("Qullqi churana", "Qullqi imaña"),
    "Mis permisos": ("Ari nisqaykuna", "Iyaw sitanakaja"),
    "Lo que usted aceptó y lo que no.": (
        "Ima ari nisqayki, ima mana nisqayki.",
        "Kuntix iyaw sista, kuntix janiw sista.",
    ),
    "No le preguntaron todavía: es como un no.": (
        "Manaraq tapusunkichikchu: mana nisqa hina.",
        "Janïraw jiskt'apktamti: janiw sata kikipa.",
    ),
    "Sí, aceptó": ("Arí, ari nirqanki", "Jisa, iyaw sistaxa"),
    "No aceptó": ("Mana ari nirqankichu", "Janiw iyaw sisktati"),
    "Para cambiar una decisión, hable con su coordinadora.": (
        "Huk nisqaykita tikrachiyta munaspaqa, kamachiqniykiwan rimay.",
        "Amtawim mayjt'ayañatakixa, irptirimampi aruskipam.",
    ),
    "Su foto e historia en el catálogo público": (
        "Rikch'ayniyki, willakuyniyki ima katalogopi",
        "Jamuqama, sarnaqäwima katalogun",
    ),
    "Mensajes SMS a su celular": (
        "SMS willakuykuna celularniykiman",
        "SMS yatiyawinaka celularamaru",
    ),
    "Compartir sus datos con la organización (sincronización)": (
        "Willakuyniykikunata organizacionwan rakinakuy",
        "Yatiyawinakama organizacionampi chikachasiña",
    ),
    "Aparecer con su nombre en informes a donantes": (
        "Sutiykiwan rikhuriy yanapaqkunapaq willakuykunapi",
        "Sutimampi uñstaña yanapirinakataki yatiyawinakana",
    ),
}

# Counted phrases: (singular, plural) Spanish -> (Quechua, Aymara). Both languages use one
# form after a number (CLDR: "other" only).
PLURAL_DRAFTS: dict[tuple[str, str], tuple[str, str]] = {
    ("%(n)s movimiento", "%(n)s movimientos"): ("%(n)s qullqi kuyuy", "%(n)s qullqi sarnaqäwi"),
    ("%(n)s pieza vendida", "%(n)s piezas vendidas"): (
        "%(n)s rurasqa ranqasqa",
        "%(n)s lurata aljata",
    ),
}
