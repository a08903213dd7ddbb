"""explain's sentence that says why named the sites in it by their full names, up to 88
characters (dunkerque_dh: "Aluminerie de Loon-Plage (nom fictif ; inspirée de l'usine
d'électrolyse de Loon-Plage) (ALU_LOON)") beside a partner column that cuts them at 40
(`report.names.short_name`); they took up to 4 of the sentence's lines. The sentence now cuts
them the same way; the CSV (`--csv`, the frame `explain` returns) keeps the full names."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from eitflow.cli import views

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data" / "tables120"
FULL = "Aluminerie de Loon-Plage (nom fictif ; inspirée de l'usine d'électrolyse de Loon-Plage) (ALU_LOON)"
#: by hand: the name is 87 characters; its trailing "(nom fictif ; ...)" goes first, leaving
#: "Aluminerie de Loon-Plage" (24 <= 40), and the code stays beside it
SHORT = "Aluminerie de Loon-Plage (ALU_LOON)"


def _names() -> dict[str, str]:
    return dict(pd.read_csv(ROOT / "scenarios" / "dunkerque_dh" / "sites.csv", dtype=str)
                .set_index("site_id")["name"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_why_sentence_cuts_names_as_the_partner_column(lang):
    from eitflow.ids import with_code

    names = _names()
    df = pd.read_csv(DATA / f"explain_dunkerque_dh_{lang}.csv")
    text = " ".join(df["detail"].fillna("")) + " ".join(df["would_pass_if"].fillna(""))
    assert FULL in text   # the rows name ALU_LOON in full (3 of them in French)
    before = df.copy()
    view = views.explained(df, lang, names)
    why = " | ".join(view["why_said"])
    assert FULL not in why and SHORT in why
    assert why.count(SHORT) == text.count(FULL)
    # no site with a name of more than 40 characters (six in dunkerque_dh) is said in full
    for s, n in names.items():
        if len(n) > 40:
            assert f"{n} ({s})" not in why and with_code(n, s) not in why, s   # as files said it, and as now
    # the frame the CSV is written from keeps the full names
    pd.testing.assert_frame_equal(df, before)


def test_a_name_that_begins_another_is_not_cut_inside_it():
    """Two sites, "Port" (short, kept) and "Port de commerce de Dunkerque, terminal ouest (quai
    nord)" (57 characters: "(quai nord)" dropped, 45 left, cut to 39 and "…"): each said as
    its own; the sentence without a long name unchanged."""
    cut = views.shortened_in_sentences({"P": "Port", "PC": "Port de commerce de Dunkerque, terminal ouest (quai nord)"})
    assert cut("pris par Port (P) et Port de commerce de Dunkerque, terminal ouest (quai nord) (PC)") == \
        "pris par Port (P) et Port de commerce de Dunkerque, terminal… (PC)"
    assert cut("rien à couper") == "rien à couper"
    assert views.shortened_in_sentences({})("x (Y)") == "x (Y)"


#: two companies whose names share their first 41 characters ("Compagnie Industrielle du Nord,
#: unité de "), 51 characters each
LOON = "Compagnie Industrielle du Nord, unité de Loon-Plage"
GRAV = "Compagnie Industrielle du Nord, unité de Gravelines"
#: by hand (`report.names.distinct_short`): cut at 40 both read "Compagnie Industrielle du Nord,
#: unité d…" (39 characters and "…"); each is cut in its middle instead, keeping from the word
#: where they differ (the tail "Loon-Plage", 10 characters) in the same 40: 40 - 10 - 2 = 28
#: characters of the head ("Compagnie Industrielle du No"), "… ", the tail
LOON_SHOWN = "Compagnie Industrielle du No… Loon-Plage"
GRAV_SHOWN = "Compagnie Industrielle du No… Gravelines"


def test_two_long_names_sharing_a_prefix_do_not_read_the_same():
    """explain's partner column and its sentence that says why cut both companies to the same
    "Compagnie Industrielle du Nord, unité d…", told apart by their codes only; now each keeps
    what tells them apart, as the brief and the Sankey do."""
    assert len(LOON) == len(GRAV) == 51 and len(LOON_SHOWN) == len(GRAV_SHOWN) == 40
    names = {**_names(), "ACIERIE": GRAV, "ALU_LOON": LOON}
    df = pd.read_csv(DATA / "explain_dunkerque_dh_en.csv")
    view = views.explained(df, "en", names)
    partners = set(view["partner_said"])
    # a partner with two flows at the site has its flow id beside it ("[acier_cw]")
    for shown in (f"{LOON_SHOWN} (ALU_LOON)", f"{GRAV_SHOWN} (ACIERIE)"):
        assert any(p.startswith(shown) for p in partners), shown
    assert not any("unité d…" in p for p in partners)
    flows = [f for f in view["flow_said"] if f]
    assert any(f.startswith(f"acier_cw: {GRAV_SHOWN} (ACIERIE), ") for f in flows), flows
    cut = views.shortened_in_sentences({"ALU_LOON": LOON, "ACIERIE": GRAV})
    assert cut(f"taken by {LOON} (ALU_LOON) and {GRAV} (ACIERIE)") == \
        f"taken by {LOON_SHOWN} (ALU_LOON) and {GRAV_SHOWN} (ACIERIE)"
