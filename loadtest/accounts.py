"""Accounts for the load test's signed-in readers and writers (run by scripts/loadtest
through `manage.py shell`): confirmed residents sharing one password."""

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from programme.models import User

COUNT = 400
password = make_password("loadtest-password")
User.objects.bulk_create(
    (
        User(
            email=f"reader{n}@loadtest.example",
            full_name=f"Reader {n}",
            password=password,
            email_confirmed_at=timezone.now(),
        )
        for n in range(COUNT)
    ),
    ignore_conflicts=True,
)
print(f"{COUNT} load-test accounts ready")
