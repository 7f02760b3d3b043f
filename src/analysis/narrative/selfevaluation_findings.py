"""Självvärdering in plain Swedish: the findings and the decisions' own words, generated.

Same layout as :mod:`analysis.narrative.findings` (``rank, key, topic, text, value``), so
``findings.finding(df, key)`` and ``findings.top(df)`` work on it. Every count comes from
:mod:`analysis.analyses.selfevaluation` or :mod:`analysis.tables.goals`, every quote from the decision text with
its document and line (:func:`decision_asks`); nothing is typed here.
"""

from __future__ import annotations

import pandas as pd

from ..core.formatting import lower_first, upper_first
from ..tables import assessment as asm
from ..tables import goals
from ..analyses import selfevaluation as se
from ..sources.decisions import read_lines
from .citations import MANAGING_AUTHORITY_NOTE, cite_item, cite_items, cite_source
from .phrases import count_word, names_list
from ..core.paths import RAW_DOCUMENTS

# Commitments related to mirroring where the word itself is not used: meeting other regions and
# learning from them.
MIRROR_RELATED: tuple[str, ...] = ("andra regioner", "peer learning")

# What the decisions may ask of the follow-up: (key, what, the words in a goal or commitment
# that show it is asked for, the word looked for in the whole document). A word's absence from
# one co-financier's paper is never read as the absence of a commitment (the managing
# authority's decisions are not in the material).
ASKS: tuple[tuple[str, str, str, str], ...] = (
    ("self_evaluation", "självvärdering", "självvärdering", "självvärdering"),
    ("mirroring", "kontinuerlig spegling mot andra regioner", "spegling", "spegling"),
    ("action_plan", "handlingsplan för svaga områden", "handlingsplan", "handlingsplan"),
    ("horizontal", "uppföljning av de horisontella kriterierna",
     "uppföljning av arbetet med horisontella", "horisontell"),
    ("external", "en upphandlad aktör som följer projektet", "upphandla", "upphandla"),
    ("closing", "uppföljning av resultaten i avslutsarbetet", "avslutsarbetet", "avslutsarbete"),
)


def _label(pid: str) -> str:
    from ..sources.decisions import project_label

    return project_label(pid)


def mirror_evidence(row: pd.Series) -> str:
    """The evidence of one weak area the mirroring found (a row of ``se.mirror_weak_areas``)."""
    from .mirror_text import describe_position, growth_statement

    if row["comparison"] is not None and not (isinstance(row["comparison"], float)):
        sens = row.get("sensitivity")
        return growth_statement(row["comparison"],
                                None if sens is None or isinstance(sens, float) else sens)
    return f"{row['area']} ({row['period']}): {describe_position(row)}."


def weak_areas(focus: str = "SE12", status: pd.DataFrame | None = None,
               entries: pd.DataFrame | None = None,
               mirror_weak: pd.DataFrame | None = None) -> pd.DataFrame:
    """The action plan's rows with their evidence written out (:func:`se.weak_areas`)."""
    return se.weak_areas(mirror_evidence, focus, status, entries, mirror_weak)


def weak_rule_text() -> str:
    """The rule that makes a weak area, written from the constants the code applies
    (:func:`analysis.analyses.selfevaluation.weak_rule`)."""
    from ..core.formatting import format_number

    rule = se.weak_rule()
    (c_first, c_n), (n_first, n_n) = rule["bottom"]["län"], rule["bottom"]["NUTS 2-regioner"]
    gap = format_number(rule["growth_gap"], 1)
    return (f"Ett svagt område är ett mål med betyg {asm.WEAK_MAX} eller lägre i bedömningen, eller "
            f"ett mått där speglingen visar en av två saker. Den ena är att regionen ligger i den "
            f"nedre tredjedelen av dem den jämförs med: ett län på plats {c_first}–{c_n} av de "
            f"{count_word(c_n)} länen, ÖMS som helhet på plats {n_first}–{n_n} av Sveriges "
            f"{count_word(n_n)} NUTS 2-regioner. Den andra är att regionen växer minst {gap} "
            f"procentenheter per år långsammare än genomsnittet för de regioner som liknar den "
            f"mest. Regeln gäller oavsett om något är bedömt. Det den hittar är kandidater till "
            f"handlingsplanen, med sitt underlag; utvärderaren tar ställning till dem.")


def _n(n: int, zero: str = "inget") -> str:
    return zero if int(n) == 0 else count_word(n)


def _sentence_with(text: str, words: str) -> str:
    """The sentence of ``text`` that contains ``words`` (the whole text if it is one)."""
    for part in goals._SENTENCE_END.split(text):
        if words.casefold() in part.casefold():
            return part.strip()
    return text


def decision_asks(items: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each project and each kind of follow-up in :data:`ASKS`: is it asked for, where and
    in which words. Searched in the framework's commitments and criteria, then in the whole
    document (so "nämns inte" means the word does not occur in the decision at all).

    Columns: ``project_id, key, what, asked (bool), quote, source, note, cite`` (``source``: file
    and line, for the workbook and Metod; ``cite``: the decision paper and section, for readers).
    """
    items = goals.framework() if items is None else items
    rows = []
    for pid, own in items.groupby("project_id", sort=False):
        document = own["document"].iloc[0]
        text = "\n".join(read_lines(RAW_DOCUMENTS / document)).casefold()
        for key, what, words, word in ASKS:
            hits = own[own["text"].str.casefold().str.contains(words.casefold(), regex=False)]
            if len(hits):
                r = hits.iloc[0]
                rows.append({"project_id": pid, "key": key, "what": what, "asked": True,
                             "quote": _sentence_with(r["text"], words), "source": goals.cite(r),
                             "note": "", "cite": cite_item(r)})
            else:
                rows.append({"project_id": pid, "key": key, "what": what, "asked": False,
                             "quote": "", "source": document,
                             "note": (f"ordet ”{word}” finns, men inte i något mål eller åtagande"
                                      if word.casefold() in text
                                      else f"ordet ”{word}” används inte i beslutsunderlaget; "
                                      + MANAGING_AUTHORITY_NOTE.rstrip(".")),  # a name: its capital stays
                             "cite": cite_source(document)})
    return pd.DataFrame(rows)


def _assessed_text(pid: str, s: pd.DataFrame, file_label: str) -> tuple[str, int]:
    n, rated = len(s), int(s["rating"].notna().sum())
    label = _label(pid)
    if rated == 0:
        return (f"Inget av {label}:s {count_word(n)} mål och åtaganden är ännu bedömt (”ej bedömt”). "
                f"Självvärderingen kan inte säga hur väl målen nåtts förrän en utvärderare har fört "
                f"in sina bedömningar i {file_label}.", 0)
    weak = int((s["rating"] <= asm.WEAK_MAX).sum())
    full = int((s["rating"] == max(asm.SCALE)).sum())
    rest = n - rated
    return (f"{count_word(rated).capitalize()} av {label}:s {count_word(n)} mål och åtaganden är bedömda"
            + (f" ({count_word(rest)} är ännu inte bedömda)" if rest else "")
            + f". {_n(weak).capitalize()} har betyg 1 eller 2 och {_n(full)} har betyg 4 (uppnått).", rated)


def _framework_text(pid: str, s: pd.DataFrame) -> str:
    parts = [_FORMS.get(label, (label.lower(), label.lower()))[0] if len(g) == 1
             else f"{count_word(len(g))} {_FORMS.get(label, (label, label.lower()))[1]}"
             for label, g in s.groupby("kind_label", sort=False)]
    source = cite_source(s["document"].iloc[0])
    return (f"{upper_first(source)} anger {count_word(len(s))} mål och "
            f"åtaganden på olika nivåer: {names_list(parts)}.")


# kind label -> (one, the plural after a number)
_FORMS = {"Övergripande mål": ("ett övergripande mål", "övergripande mål"),
          "Projektmål": ("ett projektmål", "projektmål"),
          "Numeriskt mål": ("ett numeriskt mål", "numeriska mål"),
          "Delmål": ("ett delmål", "delmål"), "Aktivitet": ("en aktivitet", "aktiviteter"),
          "Horisontella kriterier": ("ett stycke om horisontella kriterier",
                                     "stycken om horisontella kriterier"),
          "Perspektiv": ("ett perspektiv", "perspektiv"),
          "Långsiktighet": ("ett stycke om långsiktighet", "stycken om långsiktighet"),
          "Åtagande": ("ett åtagande", "åtaganden"),
          "Arbetspaket": ("ett arbetspaket", "arbetspaket"),
          "Aktivitet i arbetspaket": ("en aktivitet i arbetspaketen", "aktiviteter i arbetspaketen")}




def _continuity_text(items: pd.DataFrame, cont: pd.DataFrame) -> tuple[str, int]:
    """What the continuity register says of each pair of consecutive projects (by start date),
    and how many of the latest project's items continue the one before it."""
    from ..analyses.financing import consecutive_pairs

    pairs = consecutive_pairs(list(dict.fromkeys(items["project_id"])))
    if not pairs:
        only = _label(items["project_id"].iloc[0]) if len(items) else ""
        return (f"Registret har ett projekt, {only}; det finns inget tidigare projekt vars mål "
                f"det kan fortsätta.", 0)
    texts, continued = [], 0
    for earlier, later in pairs:
        these = cont[(cont["later_project"] == later) & (cont["earlier_project"] == earlier)]
        texts.append(_pair_continuity_text(items, these, earlier, later))
        continued = int(items.loc[items["project_id"] == later, "item_id"]
                        .isin(set(these["later_item"])).sum())
    return " ".join(texts), continued


def _pair_continuity_text(items: pd.DataFrame, cont: pd.DataFrame, earlier: str,
                          later: str) -> str:
    a, b = _label(earlier), _label(later)
    later_items = items[items["project_id"] == later]
    if cont.empty:
        return (f"Registret över kontinuiteten säger inte vilka av {b}:s mål som fortsätter "
                f"{a}:s; det är inte bedömt.")
    continued = int(later_items["item_id"].isin(set(cont["later_item"])).sum())
    earlier_h = items[(items["project_id"] == earlier) & items["sex_split"]]
    dropped = earlier_h[~earlier_h["item_id"].isin(set(cont["earlier_item"]))]
    later_doc = later_items["document"].iloc[0]
    mentions = "\n".join(read_lines(RAW_DOCUMENTS / later_doc)).casefold().count("jämställd")
    text = (f"{count_word(continued).capitalize()} av {b}:s {count_word(len(later_items))} mål och "
            f"åtaganden fortsätter något av {a}:s, enligt registret över kontinuiteten.")
    if len(dropped) and mentions == 0:
        n_persp = int((later_items["kind"] == "perspective").sum())
        instead = (f", som i stället har {count_word(n_persp)} egna perspektiv" if n_persp else "")
        text += (f" {a}:s arbete med de horisontella kriterierna jämställdhet, integration och "
                 f"likabehandling har ingen motsvarighet bland målen i {cite_source(later_doc)}"
                 f"{instead}. Det betyder inte att kriterierna inte gäller: projekt i "
                 f"regionalfondens program är bundna av de horisontella principerna genom "
                 f"programmet. {MANAGING_AUTHORITY_NOTE} {a}:s arbete med kriterierna står i "
                 f"{cite_items(dropped)}.")
    return text


def _weak_text(weak: pd.DataFrame, focus_name: str, nuts2: bool = False) -> tuple[str, int]:
    n = len(weak)
    if n == 0:
        return (f"Regeln för svaga områden hittar inga för {focus_name}: inget mål har betyg "
                f"{asm.WEAK_MAX} eller lägre, och speglingen visar inget mått i den nedre "
                f"tredjedelen eller med klart långsammare tillväxt än jämförelseregionerna.", 0)
    from_rating = int((weak["origin"] == "bedömning").sum())
    from_mirror = n - from_rating
    planned = int((weak["action"].str.strip() != "").sum())
    areas = "; ".join(
        f"{region_label(code)}: " + names_list(lower_first(a.split(": ", 1)[-1]) for a in g["area"])
        for code, g in weak[weak["origin"] == "spegling"].groupby("region", sort=False))
    rows = "en rad" if n == 1 else f"{count_word(n)} rader"
    done = ("Ingen av dem har ännu en åtgärd med ansvarig och tidpunkt." if planned == 0 else
            "Alla har en åtgärd med ansvarig och tidpunkt." if planned == n else
            f"{count_word(planned).capitalize()} av dem har en åtgärd med ansvarig och tidpunkt.")
    return (f"Handlingsplanen för svaga områden har {rows}: {_n(from_rating, 'ingen')} "
            f"från bedömningen (betyg {asm.WEAK_MAX} eller lägre) och {_n(from_mirror, 'ingen')} "
            f"från speglingen" + (f" ({areas})" if from_mirror else "") + ". " + done, n)


def region_label(code: str) -> str:
    from ..core.regions import county_name

    return county_name(code)


def selfevaluation_findings(focus: str = "SE12", directory: str | None = None) -> pd.DataFrame:
    """The self-evaluation's findings, most important first (``directory``: the entry files)."""
    from ..analyses import mirror
    from ..core.params import region_focus

    focus = region_focus(focus)  # a Focus comes through unchanged
    items = goals.framework()
    entries = asm.assessments(directory)
    status = se.status_table(items, entries)
    weak = weak_areas(focus, status, entries)
    cont = goals.continuity(items=items)
    rows = []

    def add(key, topic, priority, text, value=None):
        rows.append({"key": key, "topic": topic, "priority": priority, "text": text, "value": value})

    for pid, s in status.groupby("project_id", sort=False):
        text, value = _assessed_text(pid, s, f"bedömningsfilen för {_label(pid)} (se Metod)")
        add(f"assessed_{pid}", "självvärdering", 1, text, value)
        add(f"framework_{pid}", "mål", 4, _framework_text(pid, s), len(s))
    text, value = _weak_text(weak, mirror.region_name(focus), nuts2=focus.is_nuts2)
    add("weak_areas", "handlingsplan", 2, text, value)
    text, value = _continuity_text(items, cont)
    add("continuity", "kontinuitet", 3, text, value)
    from .work_packages_text import extraction_sentence, work_packages_sentence

    packages = status[status["kind"] == "work_package"]
    for pid in dict.fromkeys(packages["project_id"]):  # the projects whose decision has them
        add(f"work_packages_{pid}", "mål", 4, work_packages_sentence(status, pid),
            int((packages["project_id"] == pid).sum()))
    check = goals.extraction_check()
    add("extractions", "besluten", 5, extraction_sentence(check), int((~check["agrees"]).sum()))
    add("mirroring_asked", "besluten", 5, mirroring_sentence(decision_asks(items)), None)
    out = pd.DataFrame(rows).sort_values(["priority", "key"], kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.drop(columns="priority").reset_index(drop=True)


def mirroring_sentence(asks: pd.DataFrame | None = None, *, short: bool = False) -> str:
    """Which decision asks for continuous mirroring, quoted with document and line.

    ``short``: only the words about mirroring, and without the external evaluator (for the
    mirror chapter)."""
    asks = decision_asks() if asks is None else asks
    a = asks.set_index(["project_id", "key"])
    texts = []
    for pid in dict.fromkeys(asks["project_id"]):
        m = a.loc[(pid, "mirroring")]
        if m["asked"]:
            quote = _from_word_before(m["quote"], "spegling") if short else m["quote"]
            texts.append(f"{upper_first(m['cite'])} ber om ”{quote}”")
            texts[-1] += "" if texts[-1].endswith((".", ".”")) else "."
            continue
        text = f"{upper_first(m['cite'])} använder inte ordet spegling." + _related_text(pid)
        e = a.loc[(pid, "external")]
        if e["asked"] and not short:
            text += (f" Projektet följs också av en upphandlad utvärderare: ”{e['quote']}” "
                     f"({e['cite']}).")
        texts.append(text + f" {MANAGING_AUTHORITY_NOTE}")
    return " ".join(texts)


def _related_text(pid: str, items: pd.DataFrame | None = None) -> str:
    """The project's commitments close to mirroring (:data:`MIRROR_RELATED`), quoted and cited."""
    items = goals.framework() if items is None else items
    own = items[items["project_id"] == pid]
    parts = []
    for words in MIRROR_RELATED:
        hits = own[own["text"].str.casefold().str.contains(words.casefold(), regex=False)]
        if len(hits):
            r = hits.iloc[0]
            parts.append(f"”{_sentence_with(r['text'], words)}” ({cite_item(r)})")
    if not parts:
        return ""
    return " Men projektet åtar sig " + names_list(parts) + "."


def asks_table(asks: pd.DataFrame) -> pd.DataFrame:
    """What each decision asks of the follow-up, quoted, for the report."""
    return pd.DataFrame({
        "Projekt": [_label(p) for p in asks["project_id"]],
        "Vad": asks["what"],
        "Begärs": ["ja" if a else "nej" for a in asks["asked"]],
        "Beslutets ord": [f"”{q}”" if q else "–" for q in asks["quote"]],
        "Källa": [upper_first(c) if not n else f"{upper_first(c)}: {n}"
                  for c, n in zip(asks["cite"], asks["note"])],
    })


def _from_word_before(sentence: str, words: str) -> str:
    """'… kontinuerliga speglingar relativt …' : the sentence from the word before ``words``."""
    i = sentence.casefold().find(words.casefold())
    if i <= 0:
        return sentence
    head = sentence[:i].rstrip().rsplit(" ", 1)
    start = len(head[0]) + 1 if len(head) == 2 else 0
    return "… " + sentence[start:]


def mirroring_quote(asks: pd.DataFrame | None = None) -> str:
    """For the mirror chapter: which decision asks for continuous mirroring (a short quote)."""
    return mirroring_sentence(asks, short=True)


def project_goal_sentence(project_id: str, items: pd.DataFrame | None = None) -> str:
    """For the goals chapter: a project's own goal and its external evaluator, quoted; '' where
    the framework holds no project goal for it."""
    from ..sources.decisions import project_label

    items = goals.framework() if items is None else items
    own = items[items["project_id"] == project_id]
    pm = own[own["kind"] == "project_goal"]
    if pm.empty:
        return ""
    pm = pm.iloc[0]
    name = project_label(project_id)
    ext = own[own["text"].str.contains("extern utvärdering", regex=False)]
    text = f"{name}:s projektmål är: ”{pm['text']}” Det står i {cite_item(pm)}."
    if len(ext):
        text += (f" Enligt beslutet följer en upphandlad utvärderare projektet kontinuerligt. "
                 f"Det står i {cite_item(ext.iloc[0])}.")
    n = len(own)
    return text + (f" Beslutets {count_word(n)} mål och åtaganden följs upp i kapitlet "
                   "Självvärdering.")


def goals_chapter_markdown(findings: pd.DataFrame, items: pd.DataFrame | None = None):
    """Mål och uppföljning, project by project in start order: the outcome findings of each
    registered project (its numeric targets, their outcomes and costs, or that it has none, with
    its own goal), as escaped Markdown paragraphs."""
    from ..analyses.financing import project_order
    from ..core.escape import Markdown, markdown_text

    keys = list(findings["key"])
    paragraphs = []
    for pid in project_order():
        mine = [k for k in keys if k in (f"outcomes_{pid}", f"cost_per_unit_{pid}",
                                          f"no_targets_{pid}")
                or k.startswith(f"money_ratio_{pid}_")]
        texts = [str(findings.loc[findings["key"] == k, "text"].iloc[0]) for k in mine]
        if f"no_targets_{pid}" in mine:
            texts.append(project_goal_sentence(pid, items))
        if any(texts):
            paragraphs.append(" ".join(markdown_text(t) for t in texts if t))
    return Markdown("\n\n".join(paragraphs))


SUMMARY_KEYS = ("assessed", "weak_areas", "continuity")  # "assessed": one per project


def summary_findings(focus: str = "SE12", directory: str | None = None) -> list[str]:
    """The self-evaluation's key findings for the report's summary, in order (each project's
    assessment in start order, then the weak areas and the continuity)."""
    from ..analyses.financing import project_order

    f = selfevaluation_findings(focus, directory).set_index("key")
    keys = [k2 for k in SUMMARY_KEYS
            for k2 in ([f"assessed_{p}" for p in project_order()] if k == "assessed" else [k])]
    return [str(f.at[k, "text"]) for k in keys if k in f.index]
