from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ContactPerson,
    Invitation,
    Language,
    Network,
    Organization,
    RoleAssignment,
    TaxonomyTerm,
)


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ("position", "name", "title", "phone", "email", "is_public")


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("name", "kind", "business_id", "confirmed_at", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name_fi", "name_sv", "name_en", "business_id", "association_number")
    filter_horizontal = ("themes", "target_groups", "municipalities")
    raw_id_fields = ("parent",)
    inlines = [ContactPersonInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organization", "position", "is_public")
    search_fields = ("name", "email", "organization__name_fi")
    raw_id_fields = ("organization", "user")


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(TranslationAdmin):
    list_display = ("code", "name", "taxonomy")
    list_filter = ("taxonomy",)
    search_fields = ("code", "name_fi", "name_sv", "name_en")


@admin.register(Language)
class LanguageAdmin(TranslationAdmin):
    list_display = ("code", "name")


@admin.register(Network)
class NetworkAdmin(TranslationAdmin):
    filter_horizontal = ("members", "municipalities")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "organization", "municipality", "region", "county")
    list_filter = ("role",)
    search_fields = ("user__email",)
    raw_id_fields = ("user", "organization")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "invited_by", "sent_at", "accepted_at")
    raw_id_fields = ("organization", "invited_by", "accepted_by")
