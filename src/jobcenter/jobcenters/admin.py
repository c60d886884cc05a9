from django.contrib import admin

from jobcenter.jobcenters.models import Jobcenter, PostcodeArea, Team


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Jobcenter)
class JobcenterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "land", "is_active"]
    list_filter = ["kind", "land", "catholic_local_holidays", "is_active"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamInline]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin):
    list_display = ["postcode", "jobcenter"]
    list_filter = ["jobcenter"]
    search_fields = ["postcode"]
