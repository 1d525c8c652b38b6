"""Confirming that an email address belongs to the person using it.

Rights follow confirmed addresses only: an account counts once its owner has
followed the signed, expiring link emailed to it. Signing up and changing an
address answer the same whether or not the address already has an account;
what differs is said by email, to the address's owner.

A link to change the address is good once, and only while it is the latest change
asked for: it carries the account's count of changes (`User.email_changes`), which
asking for another change, or making one, moves on. Otherwise an old link, followed
again after the owner changed back, would move the account once more.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from programme.platform import limits
from programme.platform.errors import ProgrammeError

from ..models import User
from ..notifications import email_after_commit
from .activity import log_activity
from .people import check_password_strength, create_account

SALT = "programme.accounts.confirm-email"
# Emails about one address, whoever asks: enough for a lost email or two, not for a flood.
EMAILS_PER_ADDRESS = limits.Limit("account-emails", 3, dt.timedelta(hours=1), "asked for emails")
# Confirmation links asked for again from one client address, for any accounts.
CONFIRMATIONS_PER_CLIENT = limits.Limit("confirmations", 10, dt.timedelta(hours=1), "asked")
# Sign-ups from one client address: a family or a library, not a script making accounts.
SIGN_UPS_PER_CLIENT = limits.Limit("sign-ups", 10, dt.timedelta(hours=1), "signed up")


def _max_age() -> dt.timedelta:
    return dt.timedelta(days=settings.ACCOUNT_CONFIRMATION_DAYS)


def confirmation_link(user: User, *, email: str | None = None, next_url: str = "") -> str:
    """A signed link proving the holder reads `email` (the account's address, or a new one).

    `next_url`, a path on this site, rides along so that confirming in another browser
    (the phone the email was read on) still leads back there; the view checks it again.
    """
    token = signing.dumps(
        {"u": user.pk, "from": user.email, "to": email or user.email, "n": user.email_changes},
        salt=SALT,
    )
    link = settings.PUBLIC_BASE_URL + reverse("accounts:confirm_email", args=[token])
    return f"{link}?{urlencode({'next': next_url})}" if next_url else link


def _sign_in_link(next_url: str = "") -> str:
    link = settings.PUBLIC_BASE_URL + reverse("accounts:login")
    return f"{link}?{urlencode({'next': next_url})}" if next_url else link


def _email_once_an_hour(address: str) -> bool:
    """Whether another email may go to `address` now (counted if so)."""
    return limits.allow(EMAILS_PER_ADDRESS, address)


def send_confirmation(*, user: User, client: str = "", next_url: str = "") -> bool:
    """Email the link that confirms the account's address (leading on to `next_url`, a path
    on this site); False if too many went out lately (to this address, or asked for from
    this client address)."""
    if user.email_confirmed_at is not None:
        return False
    # Counted and checked in one step each, so requests at once never send more.
    if client and not limits.allow(CONFIRMATIONS_PER_CLIENT, client):
        return False
    if not _email_once_an_hour(user.email):
        return False
    email_after_commit(
        to=user.email,
        subject="Confirm your email address",
        template="accounts/email/confirm.txt",
        context={
            "user": user,
            "link": confirmation_link(user, next_url=next_url),
            "days": _max_age().days,
        },
    )
    return True


def sign_up(
    *, email: str, full_name: str, password: str, client: str = "", next_url: str = ""
) -> None:
    """Create an account and email its confirmation link, or tell the address's owner.

    The answer to the person signing up is the same either way, and so is the work: the
    password is checked and hashed whether or not the address has an account (a weak one
    refused for both; the hashing, the slow part, done for both, and before the write
    transaction so that sign-ups at once do not queue behind it), and either way one email
    goes to the worker. So neither the answer nor its time tells who has an account.
    `next_url` is where the person was going (a path on this site, checked by the view):
    the confirmation link leads there.
    """
    email = User.objects.normalize_email(email)
    check_password_strength(password, User(email=email, full_name=full_name.strip()))
    password_hash = make_password(password)
    _sign_up(
        email=email,
        full_name=full_name,
        password_hash=password_hash,
        client=client,
        next_url=next_url,
    )


@transaction.atomic
def _sign_up(*, email: str, full_name: str, password_hash: str, client: str, next_url: str) -> None:
    if client:
        limits.count_or_refuse(SIGN_UPS_PER_CLIENT, client)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            user = create_account(email=email, full_name=full_name, password_hash=password_hash)
        except ProgrammeError as error:
            if error.code != "email_taken":  # a race for the address: answer as if it existed
                raise
        else:
            send_confirmation(user=user, next_url=next_url)
            return
        existing = User.objects.get(email__iexact=email)
    if _email_once_an_hour(existing.email):
        email_after_commit(
            to=existing.email,
            subject="Someone tried to create an account with your address",
            template="accounts/email/sign_up_exists.txt",
            context={
                "user": existing,
                "base_url": settings.PUBLIC_BASE_URL,
                "sign_in_link": _sign_in_link(next_url),
            },
        )


@transaction.atomic
def confirm_email(*, token: str) -> User:
    """Follow a confirmation link: confirm the address, or move the account to a new one."""
    try:
        data = signing.loads(token, salt=SALT, max_age=_max_age())
        user = User.objects.select_for_update().get(pk=data["u"], is_active=True)
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError) as error:
        raise ProgrammeError(
            "This link has expired or is not right. Sign in and ask for a new one.", "bad_link"
        ) from error
    if user.email != data["from"]:
        raise ProgrammeError(
            "This link was for an address the account no longer uses. Ask for a new one.",
            "bad_link",
        )
    new = data["to"]
    count = data.get("n")
    if count is None and new == user.email:
        # A link made before links carried the count may still confirm the address it was
        # sent to (which changes nothing else); it never changes the address.
        count = user.email_changes
    if count != user.email_changes:
        raise ProgrammeError(
            "This link is no longer good: it was used already, or another change of "
            "address was asked for since. Ask for a new one if you still need it.",
            "stale_link",
        )
    if new == user.email:
        if user.email_confirmed_at is None:
            user.email_confirmed_at = timezone.now()
            user.save(update_fields=["email_confirmed_at"])
            log_activity(
                actor=user,
                action="programme.account.confirmed",
                summary=f"{user.email} confirmed their address",
                target=user,
            )
        return user
    if User.objects.filter(email__iexact=new).exclude(pk=user.pk).exists():
        raise ProgrammeError("That address now belongs to another account.", "email_taken")
    old = user.email
    user.email, user.email_confirmed_at = new, timezone.now()
    user.email_changes += 1  # this link, and any other made before it, is spent
    user.save(update_fields=["email", "email_confirmed_at", "email_changes"])
    log_activity(
        actor=user,
        action="programme.account.email_changed",
        summary="Changed their email address",
        target=user,
    )
    email_after_commit(
        to=old,
        subject="Your email address was changed",
        template="accounts/email/email_changed.txt",
        context={"user": user, "new": new},
    )
    return user


@transaction.atomic
def request_email_change(*, user: User, new_email: str) -> None:
    """Send a link to the new address; the change happens when it is followed.

    Links sent for earlier changes stop working. If the new address already has an
    account, its owner is told instead, and the person asking sees the same answer as ever.
    """
    new_email = User.objects.normalize_email(new_email)
    if new_email == user.email:
        raise ProgrammeError("That is already your address.", "same_email")
    # Only the latest change asked for may be confirmed: every earlier link stops here,
    # whether or not an email goes out this time (the answer is the same either way).
    user = User.objects.select_for_update().get(pk=user.pk)
    user.email_changes += 1
    user.save(update_fields=["email_changes"])
    if not _email_once_an_hour(new_email):
        return
    if User.objects.filter(email__iexact=new_email).exists():
        email_after_commit(
            to=new_email,
            subject="Someone asked to use your address for another account",
            template="accounts/email/change_taken.txt",
            context={},
        )
        return
    email_after_commit(
        to=new_email,
        subject="Confirm your new email address",
        template="accounts/email/confirm_change.txt",
        context={
            "user": user,
            "link": confirmation_link(user, email=new_email),
            "days": _max_age().days,
        },
    )


@transaction.atomic
def sign_in_with_council_account(
    *, email: str, verified: bool, full_name: str, allowed_domains: list[str]
) -> User:
    """The account a council's identity provider vouches for, made if there is none.

    The provider's word is taken for the address only when it says the address is
    verified and the address's domain is one the council named: then the account with
    that address is the person's (its address now confirmed), or a new confirmed one is
    made, with no password. Roles never come from the provider: they are granted here,
    as for every account.
    """
    email = User.objects.normalize_email(email)
    if "@" not in email:
        raise ProgrammeError(
            "Your council account did not give an email address, so it cannot be used here. "
            "Sign in with your email address and password instead.",
            "no_email",
        )
    domain = email.rpartition("@")[2]
    if domain not in {allowed.strip().lower() for allowed in allowed_domains}:
        raise ProgrammeError(
            f"Accounts at {domain} cannot sign in here with a council account. "
            "Sign in with your email address and password instead.",
            "domain_not_allowed",
        )
    if not verified:
        raise ProgrammeError(
            "Your council account did not confirm that your email address is yours, so it "
            "cannot be used here. Sign in with your email address and password instead.",
            "email_not_verified",
        )
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = create_account(
            email=email,
            full_name=full_name or email.partition("@")[0],
            password_hash=make_password(None),  # unusable: they sign in through the council
            confirmed=True,
        )
    elif not user.is_active:
        raise ProgrammeError("This account is closed.", "account_closed")
    elif user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
        log_activity(
            actor=user,
            action="programme.account.confirmed",
            summary=f"{user.email} confirmed their address through their council account",
            target=user,
        )
    return user
