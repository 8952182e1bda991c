"""Premi runs and the inmate ledger of one unit, under /upt/<unit>/premi/."""

from django.urls import path

from karya.premi.views import ledger, runs, settings

app_name = "premi"

urlpatterns = [
    path("", runs.RunListView.as_view(), name="run-list"),
    path("baru/", runs.RunCreateView.as_view(), name="run-create"),
    path("semua-bengkel/", runs.UnitPreviewView.as_view(), name="run-preview-unit"),
    path("<int:pk>/", runs.RunDetailView.as_view(), name="run-detail"),
    path("<int:pk>/pratinjau-ulang/", runs.RunRefreshView.as_view(), name="run-refresh"),
    path("<int:pk>/buang/", runs.RunDiscardView.as_view(), name="run-discard"),
    path("<int:pk>/setujui/", runs.RunApproveView.as_view(), name="run-approve"),
    path("<int:pk>/koreksi/", runs.AdjustmentCreateView.as_view(), name="adjustment-add"),
    path(
        "<int:pk>/koreksi/<int:adjustment_pk>/hapus/",
        runs.AdjustmentRemoveView.as_view(),
        name="adjustment-remove",
    ),
    path("<int:pk>/daftar.pdf", runs.RunListPdfView.as_view(), name="run-pdf"),
    path("<int:pk>/slip.pdf", runs.RunSlipsPdfView.as_view(), name="run-slips"),
    path("<int:pk>/slip/<int:share_pk>.pdf", runs.RunSlipsPdfView.as_view(), name="share-slip"),
    path("wbp/", ledger.LedgerListView.as_view(), name="ledger-list"),
    path("wbp/<int:inmate_pk>/", ledger.LedgerDetailView.as_view(), name="ledger-detail"),
    path("wbp/<int:inmate_pk>/tarik/", ledger.WithdrawView.as_view(), name="ledger-withdraw"),
    path("wbp/<int:inmate_pk>/bayar-bebas/", ledger.PayoutView.as_view(), name="ledger-payout"),
    path(
        "wbp/<int:inmate_pk>/rekening.pdf",
        ledger.StatementPdfView.as_view(),
        name="ledger-statement",
    ),
    path(
        "wbp/<int:inmate_pk>/tanda-terima/<int:entry_pk>.pdf",
        ledger.ReceiptPdfView.as_view(),
        name="entry-receipt",
    ),
    path("pengaturan/", settings.SettingView.as_view(), name="setting"),
    path("bengkel/<int:workshop_pk>/", settings.WorkshopTermsView.as_view(), name="workshop-terms"),
]
