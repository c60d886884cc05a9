from django.contrib import admin

from jobcenter.termine.models import Location, Topic


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "jobcenter", "city", "is_active"]
    list_filter = ["jobcenter", "is_active"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "jobcenter", "duration_minutes", "team", "bookable", "is_active"]
    list_filter = ["jobcenter", "bookable", "is_active"]
