"""The ACLED taxonomy, and how every other source maps onto it.

Event and sub-event types follow the ACLED Codebook (2023 onwards): 6 event types,
25 sub-event types, three disorder types. Actor types are ACLED's interaction codes
1-8. The mappings from UCDP's ``type_of_violence``, from CAMEO root codes 14-20 (GDELT)
and from the ACLED formats before 2019 are written out here and in
``docs/taxonomy.md``; a mapping a source cannot support (UCDP does not say how a
battle was fought) leaves ``sub_event_type`` at the most generic sub-type it does support.
"""

from __future__ import annotations

from veille.errors import InvalidValue

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"
PV_AND_DEMONSTRATIONS = "Political violence; Demonstrations"
DISORDER_TYPES = (POLITICAL_VIOLENCE, DEMONSTRATIONS, STRATEGIC, PV_AND_DEMONSTRATIONS)

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
SD = "Strategic developments"

# event type -> {sub-event type: disorder type}
SUB_EVENT_TYPES: dict[str, dict[str, str]] = {
    BATTLES: {
        "Armed clash": POLITICAL_VIOLENCE,
        "Government regains territory": POLITICAL_VIOLENCE,
        "Non-state actor overtakes territory": POLITICAL_VIOLENCE,
    },
    REMOTE: {
        "Chemical weapon": POLITICAL_VIOLENCE,
        "Air/drone strike": POLITICAL_VIOLENCE,
        "Suicide bomb": POLITICAL_VIOLENCE,
        "Shelling/artillery/missile attack": POLITICAL_VIOLENCE,
        "Remote explosive/landmine/IED": POLITICAL_VIOLENCE,
        "Grenade": POLITICAL_VIOLENCE,
    },
    VAC: {
        "Sexual violence": POLITICAL_VIOLENCE,
        "Attack": POLITICAL_VIOLENCE,
        "Abduction/forced disappearance": POLITICAL_VIOLENCE,
    },
    PROTESTS: {
        "Peaceful protest": DEMONSTRATIONS,
        "Protest with intervention": DEMONSTRATIONS,
        "Excessive force against protesters": PV_AND_DEMONSTRATIONS,
    },
    RIOTS: {
        "Violent demonstration": DEMONSTRATIONS,
        "Mob violence": POLITICAL_VIOLENCE,
    },
    SD: {
        "Agreement": STRATEGIC,
        "Arrests": STRATEGIC,
        "Change to group/activity": STRATEGIC,
        "Disrupted weapons use": STRATEGIC,
        "Headquarters or base established": STRATEGIC,
        "Looting/property destruction": STRATEGIC,
        "Non-violent transfer of territory": STRATEGIC,
        "Other": STRATEGIC,
    },
}
EVENT_TYPES: tuple[str, ...] = tuple(SUB_EVENT_TYPES)
ALL_SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in SUB_EVENT_TYPES.values() for s in subs)
# The targets of forecasts and most analyses: organised political violence.
POLITICAL_VIOLENCE_EVENT_TYPES = (BATTLES, REMOTE, VAC)

_EVENT_TYPE_DISORDER = {BATTLES: POLITICAL_VIOLENCE, REMOTE: POLITICAL_VIOLENCE, VAC: POLITICAL_VIOLENCE,
                        PROTESTS: DEMONSTRATIONS, RIOTS: DEMONSTRATIONS, SD: STRATEGIC}


def check_types(event_type: str, sub_event_type: str | None) -> None:
    if event_type not in SUB_EVENT_TYPES:
        raise InvalidValue(f"event_type must be one of {', '.join(EVENT_TYPES)}, got {event_type!r}")
    if sub_event_type is not None and sub_event_type not in SUB_EVENT_TYPES[event_type]:
        raise InvalidValue(
            f"sub_event_type {sub_event_type!r} is not a sub-type of {event_type!r} "
            f"(expected one of {', '.join(SUB_EVENT_TYPES[event_type])})")


def disorder_type(event_type: str, sub_event_type: str | None) -> str:
    if sub_event_type is not None:
        return SUB_EVENT_TYPES[event_type][sub_event_type]
    return _EVENT_TYPE_DISORDER[event_type]


# ---- actor types (ACLED interaction codes) ---------------------------------------

ACTOR_TYPES: dict[int, str] = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
# ACLED's exports since 2024 write the actor type as text; older ones as the digit.
_ACTOR_TYPE_BY_NAME = {name.lower(): code for code, name in ACTOR_TYPES.items()}
_ACTOR_TYPE_BY_NAME.update({"rebel groups": 2, "political militias": 3, "identity militias": 4,
                            "state forces": 1, "external/other forces": 8, "civilian": 7,
                            "protester": 6, "rioter": 5, "communal/identity militia": 4,
                            "ethnic militia": 4, "ethnic militias": 4})


def actor_type_code(value: object) -> int | None:
    """An ACLED inter code from its digit or its name; None when absent, raises when unknown."""
    if value is None:
        return None
    text = str(value).strip()
    if text == "" or text.lower() in {"nan", "none"}:
        return None
    if text.replace(".0", "").isdigit():
        number = float(text)  # a digit string too long for a float is infinite: refused below
        if number.is_integer() and 0 <= number <= 8:
            return int(number)
    elif text.lower() in _ACTOR_TYPE_BY_NAME:
        return _ACTOR_TYPE_BY_NAME[text.lower()]
    raise InvalidValue(f"expected an ACLED actor type (0-8 or a name such as 'State forces'), got {text!r}")


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: the two actor-type digits, smaller first (17, 27, 12 …)."""
    if inter1 is None:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


# ---- ACLED before 2019: event types that carried their sub-type --------------------

LEGACY_ACLED_EVENT_TYPES: dict[str, tuple[str, str | None]] = {
    "battle-no change of territory": (BATTLES, "Armed clash"),
    "battle-government regains territory": (BATTLES, "Government regains territory"),
    "battle-non-state actor overtakes territory": (BATTLES, "Non-state actor overtakes territory"),
    "battle-non-state actor overtakes territory ": (BATTLES, "Non-state actor overtakes territory"),
    "remote violence": (REMOTE, None),
    "violence against civilians": (VAC, None),
    "riots/protests": (PROTESTS, None),
    "strategic development": (SD, "Other"),
    "headquarters or base established": (SD, "Headquarters or base established"),
    "non-violent transfer of territory": (SD, "Non-violent transfer of territory"),
    "non-violent activity by a conflict actor": (SD, "Other"),
}


# ---- UCDP ------------------------------------------------------------------------

# type_of_violence: 1 state-based, 2 non-state, 3 one-sided. UCDP records deaths in
# organised violence; it says nothing of the weapon, so the sub-type is the generic one.
UCDP_TYPE_OF_VIOLENCE: dict[int, tuple[str, str]] = {
    1: (BATTLES, "Armed clash"),
    2: (BATTLES, "Armed clash"),
    3: (VAC, "Attack"),
}


# ---- CAMEO (GDELT) ----------------------------------------------------------------

# CAMEO event codes 14-20 → (event type, sub-event type). The most specific code wins:
# a three- or four-digit code is looked up first, then its two-digit root.
CAMEO: dict[str, tuple[str, str]] = {
    # 14 Protest
    "14": (PROTESTS, "Peaceful protest"),
    "145": (RIOTS, "Violent demonstration"),
    "1451": (RIOTS, "Violent demonstration"),
    "1452": (RIOTS, "Violent demonstration"),
    "1453": (RIOTS, "Violent demonstration"),
    "1454": (RIOTS, "Violent demonstration"),
    # 15 Exhibit force posture: troops massed, alert raised — no violence yet
    "15": (SD, "Other"),
    # 16 Reduce relations
    "16": (SD, "Other"),
    # 17 Coerce
    "17": (SD, "Other"),
    "171": (SD, "Looting/property destruction"),
    "1711": (SD, "Looting/property destruction"),
    "1712": (SD, "Looting/property destruction"),
    "173": (SD, "Arrests"),
    "174": (SD, "Arrests"),
    "175": (PROTESTS, "Excessive force against protesters"),
    # 18 Assault
    "18": (VAC, "Attack"),
    "180": (VAC, "Attack"),
    "181": (VAC, "Abduction/forced disappearance"),
    "182": (VAC, "Attack"),
    "1821": (VAC, "Sexual violence"),
    "1822": (VAC, "Attack"),
    "1823": (VAC, "Attack"),
    "183": (REMOTE, "Suicide bomb"),
    "1831": (REMOTE, "Suicide bomb"),
    "1832": (REMOTE, "Suicide bomb"),
    "1833": (REMOTE, "Remote explosive/landmine/IED"),
    "1834": (REMOTE, "Suicide bomb"),
    "184": (VAC, "Attack"),
    "185": (VAC, "Attack"),
    "186": (VAC, "Attack"),
    # 19 Fight
    "19": (BATTLES, "Armed clash"),
    "190": (BATTLES, "Armed clash"),
    "191": (SD, "Other"),  # impose blockade, restrict movement
    "192": (BATTLES, "Non-state actor overtakes territory"),  # occupy territory
    "193": (BATTLES, "Armed clash"),
    "194": (REMOTE, "Shelling/artillery/missile attack"),
    "195": (REMOTE, "Air/drone strike"),
    "1951": (REMOTE, "Air/drone strike"),
    "1952": (REMOTE, "Air/drone strike"),
    "196": (BATTLES, "Armed clash"),  # violate ceasefire
    # 20 Use unconventional mass violence
    "20": (VAC, "Attack"),
    "200": (VAC, "Attack"),
    "201": (VAC, "Attack"),  # mass expulsion
    "202": (VAC, "Attack"),  # mass killings
    "203": (VAC, "Attack"),  # ethnic cleansing
    "204": (REMOTE, "Chemical weapon"),
    "2041": (REMOTE, "Chemical weapon"),
    "2042": (REMOTE, "Chemical weapon"),
}
CAMEO_ROOTS = ("14", "15", "16", "17", "18", "19", "20")


def cameo_to_acled(event_code: str) -> tuple[str, str]:
    """(event type, sub-event type) for a CAMEO event code with root 14-20."""
    code = str(event_code).strip()
    for length in (4, 3, 2):
        if len(code) >= length and code[:length] in CAMEO:
            return CAMEO[code[:length]]
    raise InvalidValue(f"expected a CAMEO event code with root 14-20, got {event_code!r}")


# CAMEO actor type codes → the generic actor a GDELT record names, written as ACLED
# writes it ("Military Forces of X", "Civilians (X)") so the actor registry resolves it.
# A bare country code (no type) is the state itself in CAMEO.
CAMEO_ACTOR_LABELS: dict[str, str] = {
    "": "Government of {country} (0000-)",
    "MIL": "Military Forces of {country}", "SPY": "Military Forces of {country}",
    "COP": "Police Forces of {country}",
    "GOV": "Government of {country} (0000-)", "LEG": "Government of {country} (0000-)",
    "JUD": "Government of {country} (0000-)",
    "REB": "Unidentified Armed Group ({country})", "INS": "Unidentified Armed Group ({country})",
    "SEP": "Unidentified Armed Group ({country})", "UAF": "Unidentified Armed Group ({country})",
    "CVL": "Civilians ({country})", "REF": "Civilians ({country})", "EDU": "Civilians ({country})",
    "MED": "Civilians ({country})", "HLH": "Civilians ({country})", "BUS": "Civilians ({country})",
    "LAB": "Civilians ({country})", "AGR": "Civilians ({country})", "REL": "Civilians ({country})",
    "ELI": "Civilians ({country})", "MOD": "Civilians ({country})",
}

# CAMEO actor type codes → ACLED actor types, for GDELT actors.
CAMEO_ACTOR_TYPES: dict[str, int] = {
    "MIL": 1, "GOV": 1, "COP": 1, "SPY": 1, "JUD": 1,
    "REB": 2, "INS": 2, "SEP": 2, "UAF": 3, "OPP": 3,
    "CVL": 7, "REF": 7, "EDU": 7, "MED": 7, "HLH": 7, "BUS": 7, "LAB": 7, "AGR": 7,
    "REL": 7, "MOD": 7, "RAD": 3, "CRM": 3, "ELI": 7, "LEG": 1, "PTY": 3,
    "IGO": 8, "NGO": 8, "MNC": 8, "PKO": 8,
}
