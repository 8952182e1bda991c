from django.contrib.auth import views as auth_views
from django.urls import path

from karya.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("masuk/kode/", views.LoginCodeView.as_view(), name="login-code"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views.ProfileView.as_view(), name="profile"),
    path("sandi/", views.PasswordChangeView.as_view(), name="password-change"),
    path("dua-langkah/", views.TwoFactorView.as_view(), name="two-factor"),
    path("dua-langkah/mulai/", views.TwoFactorStartView.as_view(), name="two-factor-start"),
    path("dua-langkah/aktifkan/", views.TwoFactorConfirmView.as_view(), name="two-factor-confirm"),
    path("dua-langkah/matikan/", views.TwoFactorRemoveView.as_view(), name="two-factor-remove"),
    path("token/<int:pk>/cabut/", views.ApiTokenRevokeView.as_view(), name="token-revoke"),
    path("pengguna/", views.UserListView.as_view(), name="user-list"),
    path("pengguna/tambah/", views.UserCreateView.as_view(), name="user-create"),
    path("pengguna/<int:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("pengguna/<int:pk>/ubah/", views.UserUpdateView.as_view(), name="user-update"),
    path(
        "pengguna/<int:pk>/peran/", views.MembershipCreateView.as_view(), name="membership-create"
    ),
    path("pengguna/<int:pk>/sandi/", views.PasswordResetView.as_view(), name="password-reset"),
    path("pengguna/<int:pk>/buka-kunci/", views.UserUnlockView.as_view(), name="user-unlock"),
    path(
        "pengguna/<int:pk>/dua-langkah/",
        views.UserTwoFactorResetView.as_view(),
        name="user-two-factor-reset",
    ),
    path("pengguna/<int:pk>/riwayat/", views.UserHistoryView.as_view(), name="user-history"),
    path("peran/<int:pk>/akhiri/", views.MembershipEndView.as_view(), name="membership-end"),
]
