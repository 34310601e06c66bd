"""The pack's executive summary: the officers' words, or a draft made from the pack's judgements.

The draft reads only the snapshot (the judgements every other part of the pack prints), so it
can never disagree with the pages behind it. Each sentence is marked as drafted, as measure
commentary is, until an officer writes the summary in the admin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from core.choices import Status
from performance.judgement.commentary import DRAFTED_NOTE, OFFICER_NOTE

CONCERN = ("concern_high", "concern_low")
MISSED = "missed"
AT_RISK = (Status.AT_RISK, Status.OFF_TRACK)


def _sentence(key: str, text: str, *, drafted: bool = True) -> dict[str, Any]:
    return {"key": key, "text": text, "drafted": drafted, "label": DRAFTED_NOTE if drafted else OFFICER_NOTE}


def _names(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def officer_summary(text: str) -> list[dict[str, Any]]:
    """Return the officers' summary, one paragraph a line, each marked as written by an officer."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [_sentence(f"officer-{i}", line, drafted=False) for i, line in enumerate(lines, 1)]


def _ratings(measures: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    counts = [(k, sum(1 for m in measures if m["rag"]["text"] == k)) for k in ("Red", "Amber", "Green")]
    parts = [f"{n} {k}" for k, n in counts if n]
    unrated = len(measures) - sum(n for _k, n in counts)
    if not parts:
        return _sentence("ratings", f"None of the {len(measures)} measures is rated against a target.")
    first = int(parts[0].split()[0])
    parts[0] = f"{first} {'is' if first == 1 else 'are'} rated {parts[0].split()[1]}"
    text = f"Of the {len(measures)} measures, {_names(parts)} at their latest month"
    if unrated:
        text += f"; {unrated} {'has' if unrated == 1 else 'have'} no RAG rating"
    return _sentence("ratings", text + ".")


def _concerns(measures: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    names = [m["name"] for m in measures if m["spc"].get("variation_code") in CONCERN]
    if not names:
        return _sentence("concern", "No measure shows a statistical signal of concern at its latest month.")
    return _sentence(
        "concern",
        f"{_count(len(names), 'measure shows', 'measures show')} a statistical signal of concern "
        f"at the latest month: {_names(names)}.",
    )


def _missed(measures: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    names = [m["name"] for m in measures if m["spc"].get("assurance_code") == MISSED]
    if not names:
        return _sentence("missed", "No measure is consistently missing its target.")
    return _sentence(
        "missed",
        f"{_count(len(names), 'measure is', 'measures are')} consistently missing its target, "
        f"so meeting it needs a change in how the work is done: {_names(names)}.",
    )


def _actions(data: Mapping[str, Any]) -> dict[str, Any] | None:
    changes = data.get("changes") or {}
    if changes.get("previous"):
        slipped = [a["title"] for a in changes["slipped"]]
        if not slipped:
            return _sentence("actions", "No improvement action has slipped since the last report.")
        return _sentence(
            "actions",
            f"{_count(len(slipped), 'improvement action has', 'improvement actions have')} slipped "
            f"since the last report: {_names(slipped)}.",
        )
    if not data.get("actions"):
        return None
    risky = [a["title"] for t in data["actions"] for a in t["actions"] if a["status"] in AT_RISK]
    total = sum(len(t["actions"]) for t in data["actions"])
    if not risky:
        return _sentence("actions", f"None of the {total} improvement actions is at risk or off track.")
    return _sentence(
        "actions",
        f"{len(risky)} of the {total} improvement actions {'is' if len(risky) == 1 else 'are'} "
        f"at risk or off track: {_names(risky)}.",
    )


def _restated(data: Mapping[str, Any]) -> dict[str, Any] | None:
    changes = data.get("changes") or {}
    if not changes.get("previous"):
        return None
    restated = changes["restated"]
    if not restated:
        return _sentence("restated", "No figure printed in the last report has been restated since.")
    names = list(dict.fromkeys(r["name"] for r in restated))
    return _sentence(
        "restated",
        f"{_count(len(restated), 'figure', 'figures')} printed in the last report "
        f"{'has' if len(restated) == 1 else 'have'} been restated since, for {_names(names)}.",
    )


def _illustrative(measures: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    count = sum(1 for m in measures if m["illustrative"])
    if not count:
        return None
    return _sentence(
        "illustrative",
        f"The monthly figures of {count} of the {len(measures)} measures are illustrative "
        "reconstructions, not the council's own.",
    )


def drafted_summary(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the summary drafted from the pack's judgements, each sentence marked as drafted.

    It names the measures with a concern signal, those consistently missing their target, the
    actions slipped (or, in a first report, at risk) and the figures restated since the last pack.
    """
    measures = data["measures"]
    if data["coverage"]["state"] == "empty":
        return [_sentence("coverage", data["coverage"]["message"])]
    found = [_ratings(measures), _concerns(measures), _missed(measures), _actions(data), _restated(data)]
    found.append(_illustrative(measures))
    return [s for s in found if s is not None]


STATUS_ORDER = (Status.COMPLETE, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NOT_STARTED)


def _tally(labels: Sequence[str]) -> str:
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return _names([f"{n} {label.lower()}" for label, n in counts.items()])


def _actions_note(themes: Sequence[Mapping[str, Any]]) -> str:
    actions = [a for t in themes for a in t["actions"]]
    if not actions:
        return "No improvement actions are recorded."
    ordered = sorted(
        actions, key=lambda a: STATUS_ORDER.index(a["status"]) if a["status"] in STATUS_ORDER else 9
    )
    return (
        f"Of the {len(actions)} improvement actions under {_count(len(themes), 'theme', 'themes')}, "
        f"at the end of the period {_tally([a['status_label'] for a in ordered])}."
    )


def _timeline_note(events: Sequence[Mapping[str, Any]], period: str) -> str:
    if not events:
        return f"No timeline events fall in {period}."
    kinds = _tally([e["kind"] for e in events])
    return f"{_count(len(events), 'event falls', 'events fall')} in {period}: {kinds}."


def _priorities_note(priorities: Sequence[Mapping[str, Any]]) -> str:
    if not priorities:
        return "No priorities are recorded for the financial years of this period."
    years = list(dict.fromkeys(p["year"] for p in priorities))
    milestones = [ms["status"]["text"] for p in priorities for ms in p["milestones"]]
    text = f"{_count(len(priorities), 'priority is', 'priorities are')} set for {_names(years)}"
    if milestones:
        text += f", with {_count(len(milestones), 'milestone', 'milestones')}: {_tally(milestones)}"
    return text + "."


def _options_note(options: Mapping[str, Any]) -> str:
    ranked = options["ranked"]
    text = f"{options['title']} ({options['date']}) scored {_count(len(ranked), 'option', 'options')}"
    if ranked:
        text += f"; {ranked[0]['name']} scored highest, with {ranked[0]['total']}"
    text += "."
    chosen = options.get("chosen")
    return text + (f" The option chosen was {chosen}." if chosen else " No option is recorded as chosen.")


def progress_notes(data: Mapping[str, Any]) -> dict[str, str]:
    """Return one paragraph per progress section whose detail sits in an appendix."""
    notes = {}
    if "actions" in data["sections"]:
        notes["actions"] = _actions_note(data["actions"])
    if "timeline" in data["sections"]:
        notes["timeline"] = _timeline_note(data["timeline"], data["period_label"])
    if "priorities" in data["sections"]:
        notes["priorities"] = _priorities_note(data["priorities"])
    if data.get("options"):
        notes["options"] = _options_note(data["options"])
    return notes
