app_name = "formengine"
urlpatterns: list = []
