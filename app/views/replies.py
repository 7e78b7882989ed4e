"""The private reply page (no sign-in: the secret in the link is the credential, as for a
calendar feed) and staff's download of an uploaded report."""

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from app.forms.replies import REPLY_CHOICES, ReplyForm, ReportForm
from app.invites.values import OFF_SITE_LOCATION
from app.services import NotFound, ServiceError
from app.services.notifications import notices
from app.services.replies import answers
from app.services.replies.links import LinkClosed, Opened, open_link
from app.services.replies.status import report_for_staff, reports_to_read, statuses
from app.time import to_local, utc_now
from app.views._listing import attach_error, found
from app.views.booking.meetings import REPORT_WORDS

bp = Blueprint("replies", __name__)


@bp.route("/reply/<secret>", methods=["GET", "POST"])
def reply(secret: str):
    opened = _opened(secret)
    if isinstance(opened, LinkClosed):
        return _closed(opened)
    reply_form = ReplyForm(prefix="reply").for_format(opened.request.format)
    report_form = ReportForm(prefix="report")
    if reply_form.submit.data and reply_form.validate_on_submit():
        try:
            answers.record_reply(utc_now(), secret, reply_form.reply.data or "",
                                 reply_form.reason.data or "")  # fmt: skip
        except LinkClosed as closed:  # the meeting ended, or was cancelled, a moment ago
            return _closed(closed)
        except ServiceError as error:
            attach_error(reply_form, error)
        else:
            flash("Thank you: your reply has been sent to the service.", "success")
            return redirect(url_for(".reply", secret=secret))
    return _page(
        secret, opened, reply_form, report_form, status=200 if not reply_form.errors else 400
    )


@bp.route("/reply/<secret>/report", methods=["POST"])
def upload(secret: str):
    opened = _opened(secret)
    if isinstance(opened, LinkClosed):
        return _closed(opened)
    report_form = ReportForm(prefix="report")
    if report_form.validate_on_submit():
        upload = report_form.report.data
        try:
            answers.store_report(utc_now(), secret, getattr(upload, "filename", "") or "",
                                 upload.stream if upload else _Empty())  # fmt: skip
        except LinkClosed as closed:
            return _closed(closed)
        except ServiceError as error:
            attach_error(report_form, error)
        else:
            flash("Thank you: your report has been received.", "success")
            return redirect(url_for(".reply", secret=secret))
    reply_form = ReplyForm(prefix="reply", formdata=None).for_format(opened.request.format)
    return _page(secret, opened, reply_form, report_form, status=400)


class _Empty:
    def read(self, size: int = -1, /) -> bytes:
        return b""


def _closed(closed: LinkClosed):
    return render_template("replies/closed.html", message=closed.message), 410


def _opened(secret: str) -> Opened | LinkClosed:
    """Who the link is for, or why it has closed (410, in words); an unknown link is 404."""
    try:
        return open_link(utc_now(), secret)
    except LinkClosed as closed:
        return closed
    except NotFound:
        abort(404)


def _page(secret: str, opened: Opened, reply_form, report_form, status: int):
    mine = next(s for s in statuses(utc_now(), opened.meeting) if s.person_id == opened.person.id)
    invite = notices.invite_meeting(opened.meeting)
    page = render_template(
        "replies/reply.html", opened=opened, mine=mine, reply_form=reply_form,
        report_form=report_form, reply_words=REPLY_CHOICES, secret=secret,
        reference=invite.reference, join_url=invite.join_url, where=_where(invite),
        format_time=lambda moment: f"{to_local(moment):%H:%M}",
        # The error summary shows the form that was sent.
        form=report_form if report_form.errors else reply_form,
    )  # fmt: skip
    # It names the person and their meeting: a shared or proxy cache must not keep it.
    # The joining link leads off the site: the secret in this page's address must not follow.
    return page, status, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _where(invite) -> str:
    if invite.format == "virtual":
        return "Online"
    if invite.format == "off_site":
        return OFF_SITE_LOCATION
    place = ", ".join(part for part in (invite.room_name, invite.room_address) if part)
    return f"{place}, or online" if invite.format == "hybrid" else place


@bp.route("/meetings/<int:meeting_id>/reports/<int:report_id>")
def report_download(meeting_id: int, report_id: int):
    report = found(report_for_staff, current_user, meeting_id, report_id)
    path = answers.report_path(report)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=_MIMETYPES[report.kind], as_attachment=True,
                         download_name=report.original_name)  # fmt: skip
    response.headers["Cache-Control"] = "no-store"
    # The content was checked by its first bytes only: a browser must not read it as anything else.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


_MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}


@bp.get("/reports")
def reports_to_read_page():
    """A chair's reading list: the reports for their meetings in the coming weeks."""
    return render_template("replies/to_read.html", rows=reports_to_read(utc_now(), current_user),
                           report_words=REPORT_WORDS)  # fmt: skip
