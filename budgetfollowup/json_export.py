"""The JSON the data warehouse reads (documented in README: Data out). Plain values only: numbers as numbers,
dates as ISO strings, smileys as their keys and words."""

from dagtilbud.smileys import ECONOMY, MILESTONE

from . import selectors


def _smiley(value, scale):
    meaning = scale.get(value)
    return {"key": value, "label": str(meaning.label)} if meaning else None


def round_data(round_):
    rows = selectors.round_rows(round_)
    return {
        "agreement": {"id": round_.agreement_id, "title": round_.agreement.title, "year": round_.agreement.year,
                      "committee": round_.agreement.committee.name, "case_number": round_.agreement.case_number},
        "round": {"id": round_.pk, "number": round_.number, "name": round_.name, "date": round_.date.isoformat(),
                  "state": round_.state},
        "initiatives": [{
            "number": row.initiative.number, "title": row.initiative.title, "kind": row.initiative.kind,
            "section": str(row.initiative.section), "responsible_center": row.initiative.responsible_center.name,
            "milestone": row.milestone.text, "milestone_smiley": _smiley(row.milestone.smiley, MILESTONE),
            "status": row.milestone.status_text, "economy_smiley": _smiley(row.economy.smiley, ECONOMY),
            "economy_text": row.economy.text,
            "set_aside_kr": int(row.set_aside) if row.set_aside is not None else None,
            "corrected_budget_kr": int(row.economy.corrected_budget) if row.economy.corrected_budget is not None
            else None,
            "expected_spending_kr": int(row.economy.expected_spending) if row.economy.expected_spending is not None
            else None,
        } for row in rows],
    }


def agreement_data(agreement, rounds):
    """The agreement and the given rounds (those the user may see), each as round_data has it."""
    return {
        "id": agreement.pk, "title": agreement.title, "year": agreement.year, "committee": agreement.committee.name,
        "case_number": agreement.case_number,
        "rounds": [{**d["round"], "initiatives": d["initiatives"]} for d in map(round_data, rounds)],
    }
