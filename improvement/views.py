"""Public improvement pages: timeline, themes and actions, priorities."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.cache import cached_page
from improvement import presenters, selectors
from improvement.forms import TimelineFilterForm
from performance.judgement.selectors import judgements_for
from performance.measures import presenters as performance_presenters
from performance.spc import presenters as spc_presenters
from performance.spc import selectors as spc_selectors


def timeline(request: HttpRequest) -> HttpResponse:
    """Every event since 1999 on a chart, filterable by kind, with the list beneath."""
    form = TimelineFilterForm(request.GET or None)
    kinds = sorted(form.cleaned_data["kind"]) if form.is_valid() else []

    def render() -> str:
        events = list(selectors.timeline_events(kinds))
        context = {
            "form": form,
            "chart": presenters.timeline_chart(events),
            "rows": presenters.event_rows(events),
            "filtered": bool(kinds),
        }
        return render_to_string("improvement/timeline.html", context, request)

    if form.is_bound and not form.is_valid():
        return HttpResponse(render(), status=400)
    return cached_page(request, "timeline:" + ",".join(kinds), render)


def themes(request: HttpRequest) -> HttpResponse:
    """Each Le Grand theme with its actions, their status, owner, due date and latest update."""

    def render() -> str:
        groups = [
            (
                theme,
                presenters.provenance_note(theme.provenance),
                [presenters.action_row(a) for a in theme.actions.all()],
            )
            for theme in selectors.themes_with_actions()
        ]
        return render_to_string("improvement/themes.html", {"groups": groups}, request)

    return cached_page(request, "themes", render)


def action_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One action with its status history and every progress update."""

    def render() -> str:
        action = selectors.action_by_code(code)
        if action is None:
            raise Http404("No such action")
        measures = list(action.measures.all())
        context = {
            "action": action,
            "row": presenters.action_row(action),
            "updates": [presenters.update_row(u) for u in action.updates.all()],
            "status_history": presenters.status_history_lines(
                action, selectors.action_status_history(action)
            ),
            "measures": measures,
            "provenance": presenters.provenance_note(action.provenance),
            # The golden thread, whether a signal followed the action's completion
            "thread": spc_presenters.action_thread_rows(
                action,
                measures,
                spc_selectors.golden_thread([action]),
                performance_presenters.value_formatter,
            ),
        }
        return render_to_string("improvement/action_detail.html", context, request)

    return cached_page(request, f"action:{code}", render)


def priorities(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """A year's priorities with lead, milestones and the linked measures' status.

    Without a year: the current financial year, or the latest year before it with priorities.
    """
    today = timezone.localdate()

    def render() -> str:
        years = selectors.priority_years()
        shown = year
        if shown is None:
            current = presenters.current_financial_year(today)
            shown = next((y for y in years if y <= current), years[-1] if years else current)
        elif shown not in years:
            raise Http404("No priorities for that year")
        chosen = list(selectors.priorities_for_year(shown))
        named = {m.id: m for p in chosen for m in p.measures.all()}
        judged = judgements_for(named.values())
        items = []
        for priority in chosen:
            measures = [
                performance_presenters.scorecard_row(
                    m, judged[m.id].latest, judged[m.id].points, judged[m.id].illustrative
                )
                for m in priority.measures.all()
            ]
            milestones = [presenters.milestone_row(ms, today) for ms in priority.milestones.all()]
            items.append((priority, presenters.provenance_note(priority.provenance), milestones, measures))
        context = {
            "year_label": presenters.financial_year(shown),
            "items": items,
            "other_years": [
                (presenters.financial_year(y), reverse("improvement:priorities_year", args=[y]))
                for y in years
                if y != shown
            ],
        }
        return render_to_string("improvement/priorities.html", context, request)

    return cached_page(request, f"priorities:{year or 'current'}:{today.isoformat()}", render)
