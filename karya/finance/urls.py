"""A unit's finance pages, under /upt/<facility_code>/keuangan/."""

from django.urls import path

from karya.finance.views import unit

app_name = "finance"
urlpatterns = [
    path("", unit.FinanceHomeView.as_view(), name="home"),
    path("aturan/", unit.UnitRulesView.as_view(), name="rules"),
    path("pembagian/", unit.SplitListView.as_view(), name="split-list"),
    path("pnbp/", unit.PnbpView.as_view(), name="pnbp"),
    path("pnbp/setor/", unit.DepositCreateView.as_view(), name="deposit-create"),
    path("pnbp/setor/<int:pk>/batal/", unit.DepositCancelView.as_view(), name="deposit-cancel"),
    path("pnbp/target/", unit.TargetSetView.as_view(), name="target-set"),
]
