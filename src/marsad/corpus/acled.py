"""marsad's event types in ACLED's terms: the table behind the export's ``event_type``,
``sub_event_type`` and ``disorder_type`` columns.

ACLED codes six event types, each with sub-event types (ACLED Codebook): Battles;
Explosions/Remote violence; Violence against civilians; Protests; Riots; Strategic
developments. marsad's ``type`` says what happened (an attack, an escape, a transfer...)
and, once events carry it, ``subtype`` says how (by drone, by shelling, an IED...). A row of
``EVENT_TYPE_MAP`` matches a (type, subtype) pair, ``*`` matching anything; the most
specific matching row wins: the exact pair, then the subtype alone (a drone strike is an
Air/drone strike whatever marsad called the event), then the type alone, then the default.

``docs/acled.md`` prints this table (``markdown_table()``; a test keeps the two equal).
"""

from __future__ import annotations

from typing import NamedTuple

ANY = "*"

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"

# ACLED's disorder type follows from the event and sub-event type
_DISORDER = {
    BATTLES: POLITICAL_VIOLENCE, REMOTE: POLITICAL_VIOLENCE, CIVILIANS: POLITICAL_VIOLENCE,
    PROTESTS: DEMONSTRATIONS, RIOTS: DEMONSTRATIONS, STRATEGIC: STRATEGIC,
}
_DISORDER_BY_SUB = {
    "Mob violence": POLITICAL_VIOLENCE,
    "Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
}


class TypeRule(NamedTuple):
    marsad_type: str
    marsad_subtype: str
    event_type: str
    sub_event_type: str
    why: str

    @property
    def disorder_type(self) -> str:
        return _DISORDER_BY_SUB.get(self.sub_event_type, _DISORDER[self.event_type])

    @property
    def rank(self) -> int:
        """0 = exact pair, 1 = subtype alone, 2 = type alone, 3 = the default."""
        if self.marsad_subtype != ANY:
            return 0 if self.marsad_type != ANY else 1
        return 2 if self.marsad_type != ANY else 3


EVENT_TYPE_MAP: tuple[TypeRule, ...] = (
    # --- how it was done decides first (any marsad type)
    TypeRule(ANY, "airstrike", REMOTE, "Air/drone strike", "air strike"),
    TypeRule(ANY, "drone_strike", REMOTE, "Air/drone strike", "armed drone"),
    TypeRule(ANY, "shelling", REMOTE, "Shelling/artillery/missile attack", "artillery, rockets, missiles"),
    TypeRule(ANY, "missile", REMOTE, "Shelling/artillery/missile attack", "missile"),
    TypeRule(ANY, "ied", REMOTE, "Remote explosive/landmine/IED", "roadside bomb, landmine"),
    TypeRule(ANY, "bombing", REMOTE, "Remote explosive/landmine/IED",
             "car bomb or planted explosive (a suicide attack is subtype suicide_bombing)"),
    TypeRule(ANY, "suicide_bombing", REMOTE, "Suicide bomb", "suicide attacker"),
    TypeRule(ANY, "grenade", REMOTE, "Grenade", "hand grenade"),
    TypeRule(ANY, "chemical", REMOTE, "Chemical weapon", "chemical weapon"),
    TypeRule(ANY, "assassination", CIVILIANS, "Attack",
             "targeted killing; ACLED codes it as Battles when the target was armed"),
    TypeRule(ANY, "execution", CIVILIANS, "Attack", "killing of a captive"),
    TypeRule(ANY, "kidnapping", CIVILIANS, "Abduction/forced disappearance", "abduction"),
    TypeRule(ANY, "protest", PROTESTS, "Peaceful protest", "demonstration"),
    TypeRule(ANY, "crowd_control", PROTESTS, "Protest with intervention",
             "a crowd dispersed by force (tear gas); with deaths ACLED codes excessive force"),
    TypeRule(ANY, "seizure", STRATEGIC, "Disrupted weapons use",
             "weapons, explosives or a cell's hideout seized in a raid"),
    TypeRule(ANY, "looting", STRATEGIC, "Looting/property destruction", "looting"),
    TypeRule(ANY, "surrender", STRATEGIC, "Change to group/activity", "fighters surrender"),
    TypeRule(ANY, "displacement", STRATEGIC, "Other", "people displaced"),
    TypeRule(ANY, "verdict", STRATEGIC, "Other", "court ruling"),
    # --- a raid depends on who raids
    TypeRule("security_operation", "raid", STRATEGIC, "Arrests",
             "security raid (a raid met with fire is a clash)"),
    TypeRule("attack", "raid", BATTLES, "Armed clash", "armed raid"),
    TypeRule("arrest", "raid", STRATEGIC, "Arrests", "arrest raid"),
    # --- what happened, when the text says no more
    TypeRule("attack", ANY, BATTLES, "Armed clash",
             "an armed attack on a position, base or prison; ACLED codes an attack on "
             "civilians as Violence against civilians, so read the notes"),
    TypeRule("clash", ANY, BATTLES, "Armed clash", "armed groups fighting"),
    TypeRule("riot", ANY, RIOTS, "Mob violence", "prison riot (استعصاء), unrest"),
    TypeRule("killing", ANY, CIVILIANS, "Attack", "people killed"),
    TypeRule("hostage_taking", ANY, CIVILIANS, "Abduction/forced disappearance", "hostages taken"),
    TypeRule("arrest", ANY, STRATEGIC, "Arrests", "arrests, detentions"),
    TypeRule("escape", ANY, STRATEGIC, "Other", "prisoners escape (a prison attack is its own event)"),
    TypeRule("release", ANY, STRATEGIC, "Other", "detainees released"),
    TypeRule("transfer", ANY, STRATEGIC, "Other", "detainees moved"),
    TypeRule("repatriation", ANY, STRATEGIC, "Other", "people returned to their country"),
    TypeRule("security_operation", ANY, STRATEGIC, "Other", "sweep, search, security campaign"),
    TypeRule("reinforcement", ANY, STRATEGIC, "Other", "troops or equipment sent"),
    TypeRule("agreement", ANY, STRATEGIC, "Agreement", "agreement, deal, truce"),
    TypeRule("other", ANY, STRATEGIC, "Other", "any other event"),
    TypeRule(ANY, ANY, STRATEGIC, "Other", "a type this table does not know yet"),
)


def acled_type(marsad_type: str | None, subtype: str | None = None) -> TypeRule:
    """The rule the export applies to an event of this type and subtype."""
    t, s = marsad_type or "", subtype or ""
    matching = [r for r in EVENT_TYPE_MAP
                if r.marsad_type in (t, ANY) and r.marsad_subtype in (s, ANY)]
    return min(matching, key=lambda r: r.rank)


def markdown_table() -> str:
    """The mapping as a Markdown table (printed in docs/acled.md)."""
    lines = ["| marsad `type` | marsad `subtype` | ACLED `event_type` | ACLED `sub_event_type` "
             "| `disorder_type` | when |",
             "|---|---|---|---|---|---|"]
    for r in sorted(EVENT_TYPE_MAP, key=lambda r: r.rank):
        t = "any" if r.marsad_type == ANY else f"`{r.marsad_type}`"
        s = "any" if r.marsad_subtype == ANY else f"`{r.marsad_subtype}`"
        lines.append(f"| {t} | {s} | {r.event_type} | {r.sub_event_type} | {r.disorder_type} "
                     f"| {r.why} |")
    return "\n".join(lines) + "\n"
