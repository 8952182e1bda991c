from django.urls import path

from karya.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.PartnerListView.as_view(), name="partner-list"),
    path("<int:pk>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("kerja-sama/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
]
