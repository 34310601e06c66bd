"""The options appraisal (Appendix D): options, weighted criteria and scores.

An option's total is never stored: it is the weighted sum of its scores, computed by
``options.selectors``. The totals the source report published are kept beside each
option only as a check that the scores reproduce them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.choices import DatePrecision, Provenance
from core.periods import precise_date_label


class Appraisal(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    date = models.DateField(help_text="For a month-only date, the first of that month (see precision).")
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    description = models.TextField(blank=True)
    max_score = models.PositiveSmallIntegerField(
        default=5, help_text="The highest score a criterion can give."
    )
    source = models.CharField(max_length=200, blank=True)
    chosen_option = models.ForeignKey(
        "Option",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The option the council went on to pursue, if any.",
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gte=1), name="appraisal_max_score_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_date(self) -> str:
        """Return the date only as precisely as the source gives it ("December 2013")."""
        return precise_date_label(self.date, self.date_precision)


class Option(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    published_total = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The total the source published, kept only to check the computed total.",
    )
    acceptability_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 is the most acceptable."
    )
    acceptability_provenance = models.CharField(
        max_length=20, choices=Provenance.choices, default=Provenance.ILLUSTRATIVE
    )

    class Meta:
        ordering = ["appraisal", "order"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "code"], name="option_code_unique_in_appraisal"),
            models.UniqueConstraint(
                fields=["appraisal", "acceptability_rank"], name="option_rank_unique_in_appraisal"
            ),
            models.CheckConstraint(
                condition=Q(acceptability_rank__isnull=True) | Q(acceptability_rank__gte=1),
                name="option_rank_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.ILLUSTRATIVE)

    class Meta:
        ordering = ["appraisal", "order"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "code"], name="criterion_code_unique_in_appraisal"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="criterion_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (weight {self.weight})"


class Score(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(max_digits=5, decimal_places=2)
    rationale = models.TextField(blank=True)
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.ILLUSTRATIVE)

    class Meta:
        ordering = ["option", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["option", "criterion"], name="score_one_per_option_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.option} / {self.criterion.name}: {self.score}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.option_id and self.criterion_id:
            if self.option.appraisal_id != self.criterion.appraisal_id:
                raise ValidationError("The option and the criterion belong to different appraisals.")
            if self.score is not None and self.score > self.option.appraisal.max_score:
                raise ValidationError(
                    {
                        "score": f"{self.option} / {self.criterion.name}: the score is above the maximum "
                        f"of {self.option.appraisal.max_score}."
                    }
                )
