app_name = "rechner"
urlpatterns: list = []
