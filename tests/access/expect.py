"""What a role may get from a URL, and the usual combinations of it."""

ALLOWED = "allowed"  # any answer but a refusal: 2xx, 3xx (not to login), or 400 for a malformed post
LOGIN = "login"  # redirected to the login page
NOT_FOUND = "404"  # "not yours" looks the same as "does not exist"
NOT_ALLOWED = "405"  # the method is not accepted at all
FORBIDDEN = "403"

ROLES = ["anonymous", "student_a", "student_b", "teacher_a", "teacher_b", "mixed", "staff"]
"""anonymous; a student of class A; a student of class B; the teacher of A; the teacher of B;
`mixed`, who teaches B and studies in A; `staff`, an administrator with no class."""


def expect(default, **by_role):
    """An outcome per role: `default` for each, overridden by keyword (anonymous=LOGIN, ...)."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: by_role.get(role, default) for role in ROLES}


PUBLIC = expect(ALLOWED)
SIGNED_IN = expect(ALLOWED, anonymous=LOGIN)
# Objects of class A (the `mixed` person studies there, so is a student of A).
MEMBER_OF_A = expect(NOT_FOUND, anonymous=LOGIN, student_a=ALLOWED, teacher_a=ALLOWED, mixed=ALLOWED)
STUDENT_OF_A = expect(NOT_FOUND, anonymous=LOGIN, student_a=ALLOWED, mixed=ALLOWED)
TEACHER_OF_A = expect(NOT_FOUND, anonymous=LOGIN, teacher_a=ALLOWED)
# Pages for anyone who teaches some class (class B counts for `mixed`).
ANY_TEACHER = expect(NOT_FOUND, anonymous=LOGIN, teacher_a=ALLOWED, teacher_b=ALLOWED, mixed=ALLOWED)
GET_ONLY = expect(NOT_ALLOWED)
