app_name = "premi"

urlpatterns: list = []
