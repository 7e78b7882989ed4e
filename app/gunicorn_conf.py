"""gunicorn's settings for Quorum's web workers: `gunicorn -c python:app.gunicorn_conf
'app:create_app()'` (README). The access log carries each request's path, never its query
string or a secret in the path (app.log_privacy)."""

from gunicorn.glogging import Logger

from app.log_privacy import private_path, private_request_line

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss'


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = private_request_line(atoms["r"])
        atoms["U"] = private_path(atoms["U"])
        atoms["q"] = ""
        atoms["f"] = "-"  # a referrer may hold another page's query string
        return atoms


logger_class = PrivateAccessLogger
