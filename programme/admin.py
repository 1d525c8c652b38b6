"""The back office for programme/, open to coordinators (see admin_site.py).

Writes go through services: roles are granted and revoked only by the role
services, and sites and initiatives are saved through a logged service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from programme.platform.text import plural

from . import permissions, services
from .http import signed_in_user
from .models import (
    ActionItem,
    ActivityLog,
    AuditEntry,
    BuildStageChange,
    GoLiveSignOff,
    Meeting,
    ModerationDecision,
    OutgoingEmail,
    PilotSite,
    RelatedInitiative,
    Reply,
    Report,
    Role,
    RoleGrant,
    Strand,
    StrandMember,
    StrandRole,
    SurveyRound,
    Update,
    User,
)
from .services import emails as email_services
from .services import strands as strand_services

# The mixins below are only ever mixed into model admins: the checker reads them as one.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


class CoordinatorAccessMixin(_ModelAdmin):
    """Coordinators (and superusers) manage everything here; other staff only read."""

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_coordinator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_coordinator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_coordinator(request.user)


class LoggedSaveMixin(CoordinatorAccessMixin):
    action_prefix = ""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_record(actor=signed_in_user(request), record=obj, action=self.action_prefix)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # The admin's own "cannot delete" page, for everything the service would refuse.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [r for r in (services.deletion_refusal(obj) for obj in objs) if r]
        return deleted, counts, perms_needed, [*protected, *refusals]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        try:
            services.delete_record(
                actor=signed_in_user(request), record=obj, action=self.action_prefix
            )
        except services.ProgrammeError as error:
            self.message_user(request, error.message, messages.ERROR)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class RelatedInitiativeInline(admin.TabularInline):
    model = RelatedInitiative
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_coordinator(request.user)

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


@admin.register(PilotSite)
class PilotSiteAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "programme.site"
    list_display = ["name", "council_name", "council_kind", "region", "joined_on"]
    list_filter = ["council_kind", "region"]
    search_fields = ["name", "council_name", "region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RelatedInitiativeInline]
    # The build stage moves through its own page (and the go-live sign-offs), never here.
    readonly_fields = ["build_stage", "build_stage_changed_at"]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.save(commit=False):
            services.save_record(
                actor=signed_in_user(request), record=obj, action="programme.initiative"
            )
        for obj in formset.deleted_objects:
            services.delete_record(
                actor=signed_in_user(request), record=obj, action="programme.initiative"
            )


@admin.register(RelatedInitiative)
class RelatedInitiativeAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "programme.initiative"
    list_display = ["name", "site", "url"]
    list_filter = ["site"]
    search_fields = ["name", "description"]


class RoleGrantForm(forms.ModelForm):
    actor: User | None = None  # set by the admin to the person granting

    class Meta:
        model = RoleGrant
        fields = ["user", "role", "site"]

    def clean(self) -> dict[str, object]:
        # Check the role/site rule here so the admin shows it next to the field.
        data = super().clean() or {}
        role, site = data.get("role"), data.get("site")
        if not role or "user" not in data:
            return data
        try:
            services.check_role_site(role, site)
        except services.ProgrammeError as error:
            self.add_error("site", error.message)
        else:
            if RoleGrant.objects.active().filter(user=data["user"], role=role, site=site).exists():
                self.add_error("role", "This person already holds this role there.")
        if self.actor is not None and not permissions.may_grant(
            self.actor, data["user"], Role(role)
        ):
            self.add_error("user", "Only a superuser changes the roles of a staff account.")
        return data

    def validate_constraints(self) -> None:
        # The service checks for a role already held and reports it clearly.
        return None


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "yes"


def _ask_first(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    chosen: QuerySet,
    *,
    action: str,
    title: str,
    happens: str,
    items: list[str],
    yes: str,
) -> TemplateResponse:
    """Like Django's own delete action: a page saying what will happen, before it does."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "action": action,
        "happens": happens,
        "items": items,
        "chosen": [obj.pk for obj in chosen],
        "yes": yes,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)


# What a grant's history shows, in the list of grants and under each person.
GRANT_COLUMNS = ("role", "site", "shown_on_persona", "granted_at", "granted_by", "revoked_at")


@admin.register(RoleGrant)
class RoleGrantAdmin(CoordinatorAccessMixin, admin.ModelAdmin):
    form = RoleGrantForm
    list_display = ["user", *GRANT_COLUMNS]
    list_filter = ["role", "site", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "user__display_name"]
    list_select_related = ["user", "site", "granted_by"]
    autocomplete_fields = ["user"]
    actions = ["revoke_selected"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if not issubclass(form, RoleGrantForm):
            raise TypeError(f"{form} is not a RoleGrantForm")
        form.actor = signed_in_user(request)
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a grant is history: revoke it and grant another

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        grant = services.grant_role(
            actor=signed_in_user(request), user=obj.user, role=obj.role, site=obj.site
        )
        obj.pk = grant.pk

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not permissions.can_manage_roles(request.user):
            actions.pop("revoke_selected", None)
        return actions

    @admin.action(description="Revoke the selected roles")
    def revoke_selected(
        self, request: HttpRequest, queryset: QuerySet[RoleGrant]
    ) -> TemplateResponse | None:
        active = queryset.filter(revoked_at__isnull=True).select_related("user", "site")
        if not _confirmed(request):
            return _ask_first(
                self,
                request,
                active,
                action="revoke_selected",
                title="Revoke these roles?",
                happens="These people lose the role at once: what it let them see and do stops "
                "with their next page. The grant stays in the history, and granting the role "
                "again gives it back.",
                items=[f"{grant.user.full_name}: {grant.label}" for grant in active],
                yes=f"Yes, revoke {plural(len(active), 'role')}",
            )
        revoked = 0
        for grant in active:
            try:
                services.revoke_role(actor=signed_in_user(request), grant=grant)
            except services.ProgrammeError as error:
                self.message_user(request, f"{grant}: {error.message}", messages.ERROR)
            else:
                revoked += 1
        self.message_user(request, f"Revoked {plural(revoked, 'role')}.")
        return None


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    fields = readonly_fields = GRANT_COLUMNS
    extra = 0
    can_delete = False
    verbose_name_plural = "Roles (grant and revoke them under Role grants)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(request.user)


@admin.register(User)
class UserAdmin(LoggedSaveMixin, BaseUserAdmin):
    action_prefix = "programme.account"
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "display_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "role_grants__role", "role_grants__site"]
    search_fields = ["email", "full_name", "display_name"]
    inlines = [RoleGrantInline]
    fieldsets = [
        (None, {"fields": ["email", "email_confirmed_at", "password"]}),
        ("Civic persona", {"fields": ["full_name", "display_name", "bio"]}),
        (
            "Access",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only superusers hand out back-office superpowers; people change their own
            # address through a confirmation link, never by someone else typing it here.
            fields += ["is_staff", "is_superuser", "groups", "user_permissions"]
            if obj is not None:
                fields += ["email", "email_confirmed_at"]
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Also guards the password form, which asks the same question of the account.
        if obj is None:
            return permissions.is_coordinator(request.user)
        return permissions.can_manage_account(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            False  # accounts are closed (is_active) or erased through "my data", never deleted here
        )


# Sign-in throttling records (django-axes): coordinators read them and lift a
# lock by deleting the attempt record, as axes intends.
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptForCoordinatorsAdmin(CoordinatorAccessMixin, AccessAttemptAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# The pilot's own records ------------------------------------------------------
# Meetings, actions, updates, the audit and moderation are written on their own
# pages (through services); the back office lists them for search and filters.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor", "action", "site", "summary"]
    list_filter = ["action", "site"]
    search_fields = ["summary", "actor__email", "action"]
    list_select_related = ["actor", "site"]
    date_hierarchy = "occurred_at"


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "starts_at", "place"]
    list_filter = ["sites"]
    search_fields = ["title", "minutes", "decisions"]
    date_hierarchy = "starts_at"


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "site", "due_on", "status"]
    list_filter = ["status", "site"]
    search_fields = ["title", "owner__full_name", "owner__email"]
    list_select_related = ["owner", "site"]


@admin.register(Update)
class UpdateAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "published_at", "author"]
    list_filter = ["status"]
    search_fields = ["title", "body"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["update", "author", "capacity_label", "created_at", "hidden_at", "withdrawn_at"]
    list_filter = ["capacity_kind", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__email"]
    list_select_related = ["update", "author"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["name", "site", "category", "relationship", "last_reviewed_on"]
    list_filter = ["site", "category", "relationship"]
    search_fields = ["name", "owner", "contact_person"]
    list_select_related = ["site"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["content_type", "object_id", "reporter", "site", "created_at", "resolved_at"]
    list_filter = ["site", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "reporter__email"]


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(ReadOnlyAdmin):
    list_display = ["content_type", "object_id", "action", "moderator", "site", "decided_at"]
    list_filter = ["action", "site"]
    search_fields = ["reason", "moderator__email"]


@admin.register(GoLiveSignOff)
class GoLiveSignOffAdmin(ReadOnlyAdmin):
    list_display = ["site", "role", "signed_by", "signed_at", "superseded_at"]
    list_filter = ["site", "role"]


@admin.register(BuildStageChange)
class BuildStageChangeAdmin(ReadOnlyAdmin):
    list_display = ["site", "stage", "changed_at", "changed_by"]
    list_filter = ["site", "stage"]


@admin.register(SurveyRound)
class SurveyRoundAdmin(ReadOnlyAdmin):
    list_display = ["site", "kind", "is_open", "created_at"]
    list_filter = ["site", "kind", "is_open"]


# Strands are managed here, through the strand services.


class StrandForm(forms.ModelForm):
    class Meta:
        model = Strand
        fields = ["name", "slug", "description"]


@admin.register(Strand)
class StrandAdmin(CoordinatorAccessMixin, admin.ModelAdmin):
    form = StrandForm
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else permissions.is_coordinator(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        strand = strand_services.add_strand(
            actor=signed_in_user(request), name=obj.name, slug=obj.slug, description=obj.description
        )
        obj.pk = strand.pk


class StrandMemberForm(forms.ModelForm):
    class Meta:
        model = StrandMember
        fields = ["strand", "user", "role", "site"]

    def clean(self) -> dict[str, object]:
        # The service's rules, checked here too so the back office shows them beside the field.
        data = super().clean() or {}
        if data.get("role") == StrandRole.SITE_CONTACT and not data.get("site"):
            self.add_error("site", "A site contact needs a site.")
        elif all(data.get(k) for k in ("strand", "user", "role")):
            held = StrandMember.objects.current().filter(
                strand=data["strand"], user=data["user"], role=data["role"], site=data.get("site")
            )
            if held.exists():
                self.add_error("role", "This person already has that role on this strand.")
        return data

    def validate_constraints(self) -> None:
        return None  # a new lead ends the current lead's role in the service


@admin.register(StrandMember)
class StrandMemberAdmin(CoordinatorAccessMixin, admin.ModelAdmin):
    form = StrandMemberForm
    list_display = ["user", "strand", "role", "site", "started_at", "ended_at"]
    list_filter = ["strand", "role", "site", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    actions = ["end_selected"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        member = strand_services.assign_strand_role(
            actor=signed_in_user(request),
            strand=obj.strand,
            user=obj.user,
            role=obj.role,
            site=obj.site,
        )
        obj.pk = member.pk

    @admin.action(description="End the selected strand roles")
    def end_selected(
        self, request: HttpRequest, queryset: QuerySet[StrandMember]
    ) -> TemplateResponse | None:
        current = queryset.filter(ended_at__isnull=True).select_related("user", "strand", "site")
        if not _confirmed(request):
            return _ask_first(
                self,
                request,
                current,
                action="end_selected",
                title="End these strand roles?",
                happens="These people stop being named for the strand from today; the strand "
                "page shows who held the role before, and assigning it again starts a new one.",
                items=[str(member) for member in current],
                yes=f"Yes, end {plural(len(current), 'strand role')}",
            )
        for member in current:
            strand_services.end_strand_role(actor=signed_in_user(request), member=member)
        return None


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """The outbox: what waits, what was sent, and what failed, which coordinators send again.

    Emails hold personal data, so only coordinators see them."""

    list_display = ["subject", "to", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject"]
    readonly_fields = ["last_error"]
    fields = [
        "to",
        "subject",
        "template",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    actions = ["send_again"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_coordinator(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_coordinator(request.user)

    @admin.action(description="Send the selected failed emails again")
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        count = email_services.send_again(actor=signed_in_user(request), emails=queryset)
        self.message_user(
            request, f"{plural(count, 'email')} will be sent again; only failed ones are retried."
        )
