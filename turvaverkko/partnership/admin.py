"""Until the welfare agreement has pages of its own, admins keep its parties, goals and
commitments here (the agreement itself: preparedness' agreement pages)."""

from django.contrib import admin

from .models import Commitment, Goal, WelfareAgreement, WelfareParty


class PartyInline(admin.TabularInline[WelfareParty, WelfareAgreement]):
    model = WelfareParty
    extra = 1


class GoalInline(admin.TabularInline[Goal, WelfareAgreement]):
    model = Goal
    extra = 1


@admin.register(WelfareAgreement)
class WelfareAgreementAdmin(admin.ModelAdmin[WelfareAgreement]):
    inlines = [PartyInline, GoalInline]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin[Commitment]):
    list_display = ["title_fi", "goal", "owner", "status", "due_date"]
    list_filter = ["status"]
