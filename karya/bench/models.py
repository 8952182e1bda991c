"""The mark a benchmark database carries: which generated dataset it holds."""

from django.db import models


class BenchDataset(models.Model):
    """A dataset `karya bench` generated in this database (never in a real one): its scale,
    seed, the last day it covers and when it was made. Its presence is what lets a later
    `karya bench --reuse` measure again without generating."""

    scale = models.FloatField()
    seed = models.PositiveIntegerField()
    last_day = models.DateField()
    generated_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    rows = models.JSONField(default=dict)

    class Meta:
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"scale {self.scale} seed {self.seed} ({self.last_day})"
