"""The actor dictionary (`sitroom.actors.v1`): canonical actors with aliases, ISO-3 country and PLOVER agent.

    from sitroom.resources import actors
    d = actors.default()             # shipped table + SITROOM_ACTORS files, loaded once per process
    d.lookup("Daesh").name           # -> "Islamic State"
    d.match("Iraqi forces retook the town")   # -> [ActorMatch(0, 12, "Iraqi forces", <Iraqi security forces>)]
    actors.add_file("my_actors.tsv")  # user entries, same format as the shipped actors.tsv

The shipped table (`actors.tsv`, package data) is hand-written; state rows expand into the state, its
government, armed forces and police ("Iraqi troops", "Iraq's army", "the Iraqi government", "Baghdad").
Countries absent from the table are added from pycountry by name only. User files are read after the
shipped table, so their aliases win. Environment: SITROOM_ACTORS = one or more paths (os.pathsep-separated).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Iterator, Optional

NAME = "sitroom.actors.v1"
ENV_VAR = "SITROOM_ACTORS"

_POSS = ("'s", "’s")
_FORCE_NOUNS = ("forces", "troops", "army", "military", "soldiers", "armed forces", "security forces",
                "government forces", "military forces", "army troops", "warplanes", "jets", "air force",
                "navy", "special forces", "defence forces", "defense forces", "fighter jets", "aircraft",
                "armies", "militaries", "ground forces", "ground troops", "artillery", "drones", "officers",
                "commanders", "units", "army units")
_GOV_NOUNS = ("government", "regime", "authorities", "officials", "leadership", "cabinet",
              "foreign ministry", "defence ministry", "defense ministry", "interior ministry",
              "government officials", "leaders", "diplomats", "negotiators", "delegation", "ministers",
              "state media", "embassy", "presidency", "Foreign Ministry", "Defense Ministry", "Defence Ministry",
              "Interior Ministry")
_POLICE_NOUNS = ("police", "police forces", "police officers", "policemen", "federal police", "police force")
_POSS_FORCE_NOUNS = ("military", "army", "armed forces", "forces", "troops", "security forces", "air force")
_POSS_GOV_NOUNS = ("government", "regime", "leadership")


class ActorFileError(ValueError):
    """A user actor file that cannot be read, with the file and line that is wrong."""


@dataclass
class ActorEntry:
    """One canonical actor. `kind` is "country", "person" or "org"."""
    name: str
    aliases: list = field(default_factory=list)
    country: Optional[str] = None
    agent: Optional[str] = None
    description: str = ""
    kind: str = "org"
    adjectives: list = field(default_factory=list)   # states only
    capitals: list = field(default_factory=list)     # states only
    source: str = ""

    @property
    def is_state(self) -> bool:
        return self.kind == "country"

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    def words(self) -> set:
        """Lower-case words of name, aliases and description (for "the Kurdish-led force" style matching)."""
        text = " ".join([self.name, self.description, *self.aliases]).lower()
        return set(re.findall(r"[a-z]+", text))


@dataclass
class ActorMatch:
    start: int
    end: int
    text: str
    entry: ActorEntry


def norm_key(text: str) -> str:
    """Case-folded lookup key: curly quotes straightened, leading article dropped, spaces collapsed."""
    s = text.replace("’", "'").replace("‘", "'").strip().casefold()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*-\s*", "-", s)
    if s.startswith("the "):
        s = s[4:]
    return s


def is_acronym(alias: str) -> bool:
    """Short all-capital aliases ("IS", "US", "UN", "WHO") are matched case-sensitively only."""
    letters = alias.replace(".", "")
    return letters.isupper() and len(letters) <= 3


class ActorDictionary:
    """Canonical actors by name, and an alias index. `lookup(alias)`, `match(text)`, `add_file(path)`."""

    def __init__(self):
        self.entries: dict = {}      # canonical name -> ActorEntry
        self._exact: dict = {}       # alias as written (quotes straightened) -> name
        self._folded: dict = {}      # norm_key(alias) -> name
        self._max_words = 1
        self.version = 0             # bumped on every change (matchers built from it rebuild)
        self.government_of: dict = {}  # ISO-3 -> canonical name of that state's government
        self.state_of: dict = {}       # ISO-3 -> canonical name of the state

    # ---- building
    def add(self, name: str, aliases: Iterable[str] = (), country=None, agent=None, description="",
            kind=None, source="", override=True) -> ActorEntry:
        """Add an actor, or more aliases to an existing one. With override, its aliases win over earlier ones."""
        name = name.strip()
        if not name:
            raise ValueError("actor without a name")
        kind = kind or _kind_of(description)
        e = self.entries.get(name)
        if e is None:
            e = ActorEntry(name=name, country=country or None, agent=agent or None, description=description,
                           kind=kind, source=source)
            self.entries[name] = e
        else:
            e.country = e.country or country or None
            e.agent = e.agent or agent or None
            e.description = e.description or description
        for a in [name, *aliases]:
            a = a.strip()
            if not a:
                continue
            if a != name and a not in e.aliases:
                e.aliases.append(a)
            self._index(a, name, override or a == name)
        self.version += 1
        return e

    def _index(self, alias: str, name: str, override: bool):
        exact = alias.replace("’", "'")
        if override or exact not in self._exact:
            self._exact[exact] = name
        if not is_acronym(alias):
            k = norm_key(alias)
            if override or k not in self._folded:
                self._folded[k] = name
        self._max_words = max(self._max_words, len(_WORD.findall(alias)))

    def add_rows(self, lines: Iterable[str], source: str = "<rows>"):
        """Read rows in the actors.tsv format (see the header of the shipped file)."""
        states = []
        for n, line in enumerate(lines, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2 or len(cols) > 5:
                raise ActorFileError(f"{source}:{n}: expected 2 to 5 tab-separated columns "
                                     f"(name, aliases, country, agent, description), got {len(cols)}")
            cols += [""] * (5 - len(cols))
            name, aliases, country, agent, desc = (c.strip() for c in cols)
            if country and not re.fullmatch(r"[A-Z]{3}", country):
                raise ActorFileError(f"{source}:{n}: country must be ISO 3166-1 alpha-3, got {country!r}")
            plain, adjs, caps, forces, gov = [], [], [], None, None
            for a in (x.strip() for x in aliases.split("|")):
                if a.startswith("adj:"):
                    adjs.append(a[4:].strip())
                elif a.startswith("capital:"):
                    caps.append(a[8:].strip())
                elif a.startswith("forces:"):
                    forces = a[7:].strip()
                elif a.startswith("government:"):
                    gov = a[11:].strip()
                elif a:
                    plain.append(a)
            if _kind_of(desc) == "country":
                states.append((name, plain, country, agent, adjs, caps, forces, gov, source))
            else:
                self.add(name, plain, country, agent.upper() or None, desc, source=source)
        for st in states:
            self._add_state(*st)

    def _add_state(self, name, aliases, iso3, agent, adjs, caps, forces, gov, source):
        st = self.add(name, aliases + adjs, iso3, agent or None, "country", kind="country", source=source)
        st.adjectives = list(dict.fromkeys(st.adjectives + adjs))
        st.capitals = list(dict.fromkeys(st.capitals + caps))
        if iso3:
            self.state_of[iso3] = name
        names = [name] + list(aliases)
        gov = gov or self.government_of.get(iso3) or f"Government of {name}"
        gov_aliases = [f"{a} {n}" for a in adjs for n in _GOV_NOUNS]
        gov_aliases += [f"{x}{p} {n}" for x in names for p in _POSS for n in _POSS_GOV_NOUNS]
        gov_aliases += [f"{x} government" for x in names] + [f"government of {x}" for x in names]
        gov_aliases += caps + [f"{c} government" for c in caps]
        # derived aliases never displace hand-written ones (override=False)
        self.add(gov, gov_aliases, iso3, "GOV", f"government of {name}", kind="org", source=source,
                 override=False)
        if iso3:
            self.government_of[iso3] = gov
        if adjs:
            # canonical names contain the state's own name ("Armed Forces of Iran"): analysts and gold
            # annotations often name a state's forces or police by the state
            fname = forces or f"Armed Forces of {_with_article(name)}"
            f_aliases = [f"{a} {n}" for a in adjs for n in _FORCE_NOUNS]
            f_aliases += [f"{x}{p} {n}" for x in names for p in _POSS for n in _POSS_FORCE_NOUNS]
            self.add(fname, f_aliases, iso3, "MIL", f"armed forces of {name}", kind="org", source=source,
                     override=False)
            p_aliases = [f"{a} {n}" for a in adjs for n in _POLICE_NOUNS]
            p_aliases += [f"{x}{p} police" for x in names for p in _POSS]
            self.add(f"Police of {_with_article(name)}", p_aliases, iso3, "COP", f"police of {name}", kind="org",
                     source=source, override=False)

    def add_pycountry(self):
        """States not in the table, by name only (no derived forms)."""
        try:
            import pycountry
        except ImportError:  # pragma: no cover
            return
        for c in pycountry.countries:
            iso3 = c.alpha_3
            if iso3 in self.state_of:
                continue
            names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
            names = [n for n in dict.fromkeys(names) if n and "," not in n and "(" not in n]
            if not names or any(norm_key(n) in self._folded for n in names[:1]):
                continue
            self._add_state(names[0], names[1:], iso3, None, [], [], None, None, "pycountry")

    def add_file(self, path) -> int:
        """Read user entries from a file in the actors.tsv format; returns the number of actors read."""
        before = len(self.entries), self.version
        try:
            with open(path, encoding="utf-8") as fh:
                self.add_rows(fh, source=str(path))
        except OSError as exc:
            raise ActorFileError(f"{path}: cannot read actor file: {exc}") from exc
        return self.version - before[1]

    # ---- reading
    def get(self, name: str) -> Optional[ActorEntry]:
        return self.entries.get(name)

    def lookup(self, alias: str) -> Optional[ActorEntry]:
        """The actor an alias names (exact spelling first, then case-insensitive), or None."""
        if not alias:
            return None
        a = alias.strip().replace("’", "'")
        name = self._exact.get(a)
        if name is None and a.startswith(("the ", "The ")):
            name = self._exact.get(a[4:])
        if name is None:
            name = self._folded.get(norm_key(a))
        return self.entries.get(name) if name else None

    def aliases(self) -> Iterator[tuple]:
        """(alias as written, entry) for every alias, the canonical name included."""
        seen = set()
        for a, name in self._exact.items():
            if (a, name) not in seen:
                seen.add((a, name))
                yield a, self.entries[name]

    def match(self, text: str) -> list:
        """Actor mentions in a plain string: longest alias first, left to right, whole words."""
        words = list(_WORD.finditer(text))
        out, i = [], 0
        while i < len(words):
            found = None
            for j in range(min(len(words), i + self._max_words) - 1, i - 1, -1):
                s, e = words[i].start(), words[j].end()
                entry = self.lookup(text[s:e])
                if entry is not None and not (is_acronym(text[s:e]) and text[s:e] not in self._exact):
                    found = ActorMatch(s, e, text[s:e], entry)
                    i = j + 1
                    break
            if found:
                out.append(found)
            else:
                i += 1
        return out

    def __len__(self):
        return len(self.entries)

    def __contains__(self, name):
        return name in self.entries


_ARTICLE_FIRST = {"united", "republic", "kingdom", "state", "democratic", "islamic", "russian", "central",
                  "czech", "dominican", "holy", "netherlands", "philippines", "bahamas", "maldives", "comoros",
                  "seychelles", "gambia", "solomon", "marshall", "people's", "federated"}


def _with_article(name: str) -> str:
    """"the United Kingdom", "the Netherlands", "Iran": a state's name as it follows "of"."""
    first = name.split()[0].lower() if name.split() else ""
    return f"the {name}" if first in _ARTICLE_FIRST else name


_WORD = re.compile(r"\w+(?:[.'’\-]\w+)*\.?", re.UNICODE)


def _kind_of(description: str) -> str:
    d = (description or "").strip().lower()
    if d == "country":
        return "country"
    if d.startswith("person"):
        return "person"
    return "org"


_DEFAULT: Optional[ActorDictionary] = None


def shipped_rows() -> list:
    return (resources.files("sitroom") / "resources" / "actors.tsv").read_text(encoding="utf-8").splitlines()


def load(user_files: Iterable = ()) -> ActorDictionary:
    """A fresh dictionary: the shipped table, pycountry states, then the given user files."""
    d = ActorDictionary()
    d.add_rows(shipped_rows(), source="actors.tsv")
    d.add_pycountry()
    for p in user_files:
        d.add_file(p)
    return d


def env_files() -> list:
    return [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]


def default() -> ActorDictionary:
    """The process-wide dictionary (shipped table + SITROOM_ACTORS files), loaded once, lazily."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load(env_files())
    return _DEFAULT


def add_file(path) -> int:
    """Add user entries from a file to the process-wide dictionary (stages pick them up on the next document)."""
    return default().add_file(path)


def reset():
    """Forget the process-wide dictionary (it is rebuilt on next use); for tests."""
    global _DEFAULT
    _DEFAULT = None
