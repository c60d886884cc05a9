app_name = "casefiles"
urlpatterns: list = []
