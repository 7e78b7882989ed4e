"""The service's time zone: times are stored in UTC and read by people in Europe/London."""

from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
