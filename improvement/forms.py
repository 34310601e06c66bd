from django import forms

from improvement.models import EventKind


class TimelineFilterForm(forms.Form):
    """Which kinds of event the timeline shows; none chosen means all."""

    kind = forms.MultipleChoiceField(
        label="Show these kinds of event",
        choices=EventKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "“%(value)s” is not a kind of event: choose from the list."},
    )
