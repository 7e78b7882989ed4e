"""Security headers on every response: what a browser may load and run, framing, referrers,
MIME sniffing, HTTPS, and caching of pages that carry personal data.

The Content-Security-Policy allows scripts and styles from this site only. The one inline
script is GOV.UK Frontend's page template's own (it marks the page as having JavaScript), and
it is allowed by its hash alone; templates keep their code in static files.
"""

from flask import Flask, current_app, request

# sha256 of GOV.UK Frontend's inline script in govuk_frontend_jinja's template.html; a test
# renders a page and checks every inline script there has its hash in the policy.
GOVUK_TEMPLATE_SCRIPT = "sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw="

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' '{GOVUK_TEMPLATE_SCRIPT}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    app.after_request(_secure)


def _secure(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Feeds and private reply pages set no-referrer themselves; elsewhere the path may go to
    # this site only, never a case page's address to another.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["QUORUM_PRODUCTION"]:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":
        # Every page and answer may hold a child's details: never kept by a shared PC's
        # browser or a proxy. Static files (the same for everyone) may be cached.
        headers["Cache-Control"] = "no-store"
    return response
