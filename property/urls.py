app_name = "property"
urlpatterns = []
