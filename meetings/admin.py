from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionItem,
    ActionItemComment,
    AgendaItem,
    Attachment,
    Attendee,
    CalendarFeed,
    Decision,
    FollowUpDigest,
    Invitation,
    Meeting,
    MeetingReminder,
    MeetingRisk,
    Notification,
    ReminderDelivery,
)


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "rsvp", "rsvp_delegate", "present"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["presenter"]
    fields = ["order", "title", "presenter", "presenter_name", "duration_minutes", "is_internal"]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    autocomplete_fields = ["agency", "official", "represents"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "host", "operation", "starts_at", "status", "visibility"]
    list_filter = ["kind", "status", "visibility", "operation"]
    search_fields = ["title", "venue", "host__short_name"]
    autocomplete_fields = ["host", "operation", "chair", "chair_on_behalf_of"]
    list_select_related = ["host", "operation"]
    date_hierarchy = "starts_at"
    inlines = [InvitationInline, AgendaItemInline, AttendeeInline, DecisionInline]


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["text", "meeting", "owner_agency", "owner_official", "due_date", "status"]
    list_filter = ["status", "owner_agency__kind"]
    search_fields = ["text", "meeting__title", "owner_agency__short_name"]
    autocomplete_fields = ["meeting", "owner_agency", "owner_official", "decision"]
    list_select_related = ["meeting", "owner_agency", "owner_official"]
    date_hierarchy = "due_date"


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "agency", "rsvp", "present"]
    list_filter = ["rsvp", "present"]
    search_fields = ["meeting__title", "agency__short_name"]
    autocomplete_fields = ["meeting", "agency"]
    list_select_related = ["meeting", "agency"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "meeting", "order", "is_internal"]
    search_fields = ["text", "meeting__title"]
    autocomplete_fields = ["meeting", "agenda_item"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "order", "duration_minutes", "is_internal"]
    search_fields = ["title", "meeting__title", "presenter_name"]
    autocomplete_fields = ["meeting", "presenter"]


@admin.register(Attendee)
class AttendeeAdmin(SimpleHistoryAdmin):
    list_display = ["display_name", "agency", "meeting", "represents"]
    search_fields = ["name", "official__name", "meeting__title"]
    autocomplete_fields = ["meeting", "agency", "official", "represents"]
    list_select_related = ["agency", "meeting", "official", "represents"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "meeting", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "is_internal"]
    search_fields = ["original_name", "meeting__title"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting"]
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(ActionItemComment)
class ActionItemCommentAdmin(admin.ModelAdmin):
    list_display = ["text", "action_item", "author", "author_agency", "status", "created_at"]
    search_fields = ["text", "action_item__text"]
    autocomplete_fields = ["action_item", "author_agency"]
    raw_id_fields = ["author"]
    list_select_related = ["action_item", "author", "author_agency"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    # The token itself is never stored; an admin can only see and revoke feeds.
    list_display = ["user", "created_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False


@admin.register(MeetingReminder)
class MeetingReminderAdmin(admin.ModelAdmin):
    list_display = ["meeting", "offset"]
    autocomplete_fields = ["meeting"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "channel", "recipient_key", "is_late", "sent_at"]
    list_filter = ["kind", "channel", "is_late"]
    search_fields = ["recipient_key", "meeting__title"]
    raw_id_fields = ["meeting", "reminder", "recipient_user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    raw_id_fields = ["user", "meeting", "delivery"]


@admin.register(FollowUpDigest)
class FollowUpDigestAdmin(admin.ModelAdmin):
    list_display = ["agency", "local_date", "overdue_count", "due_soon_count", "sent_at"]
    raw_id_fields = ["agency"]


@admin.register(MeetingRisk)
class MeetingRiskAdmin(SimpleHistoryAdmin):
    list_display = ["description", "meeting", "raised_by", "level"]
    list_filter = ["level"]
    autocomplete_fields = ["meeting", "raised_by"]
