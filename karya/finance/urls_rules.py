"""The national split rules, under /kelola/pembagian-hasil/."""

from django.urls import path

from karya.finance.views import rules

app_name = "split_rules"
urlpatterns = [
    path("", rules.SplitRuleListView.as_view(), name="list"),
    path("tambah/", rules.SplitRuleCreateView.as_view(), name="create"),
    path("<int:pk>/", rules.SplitRuleDetailView.as_view(), name="detail"),
    path("<int:pk>/versi-baru/", rules.SplitRuleSupersedeView.as_view(), name="supersede"),
]
