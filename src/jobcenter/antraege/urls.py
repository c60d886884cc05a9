app_name = "antraege"
urlpatterns: list = []
