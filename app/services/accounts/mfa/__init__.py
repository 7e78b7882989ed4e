"""The second factor of local accounts: one-time codes from an authenticator app (RFC 6238)
and single-use recovery codes. `codes` and `sealing` are plain functions; `enrolment`,
`checking` and `resets` are the services that change what is stored."""

# Admins and managers see every child's case: they must have a second factor. Chairs may.
MFA_REQUIRED_ROLES = ("admin", "manager")
