"""Callback routes: the addresses of screens that buttons carry as ``callback_data``.

Neutral ground on purpose: keyboards in ``handlers``, outbox buttons that services store, and handler
registration all take their data from here, so a route is written once and nothing imports upwards.
Each :class:`Route` builds its data (checked against Telegram's 64 bytes), parses untrusted data, and gives
the pattern its handler is registered with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_BYTES = 64  # Telegram's limit for callback_data


@dataclass(frozen=True)
class Part:
    """One value after the route's prefix: how it looks in the data, how long it can get, how it is read."""

    regex: str
    longest: int  # bytes
    read: Callable[[str], object] = int


ID = Part(r"\d{1,9}", 9)
PAGE = Part(r"\d{1,4}", 4)


def word(regex: str, longest: int) -> Part:
    """A short textual value, e.g. a language code; ``regex`` must not match ``:``."""
    return Part(regex, longest, str)


@dataclass(frozen=True)
class Route:
    """``prefix:value:value``; the last ``optional`` parts may be left out."""

    prefix: str
    parts: tuple[Part, ...] = ()
    optional: int = 0
    _compiled: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.pattern))

    @property
    def pattern(self) -> str:
        """The regex a ``CallbackQueryHandler`` is registered with; each value is a group."""
        required = len(self.parts) - self.optional
        regex = re.escape(self.prefix) + "".join(f":({part.regex})" for part in self.parts[:required])
        regex += "".join(f"(?::({part.regex})" for part in self.parts[required:]) + ")?" * self.optional
        return f"^{regex}$"

    @property
    def longest(self) -> int:
        """The most bytes this route's data can take."""
        return len(self.prefix.encode()) + sum(1 + part.longest for part in self.parts)

    def data(self, *values: object) -> str:
        """The callback data for ``values``; a value the route would not parse back is a programming error."""
        text = ":".join([self.prefix, *map(str, values)])
        if self._compiled.match(text) is None:
            raise ValueError(f"{values!r} do not fit route {self.prefix!r}")
        return text

    def parse(self, data: str | None) -> tuple | None:
        """The values in untrusted ``data``, or None if it is not this route's."""
        found = self._compiled.match(data or "")
        if found is None:
            return None
        values = zip(self.parts, found.groups(), strict=False)
        return tuple(None if raw is None else part.read(raw) for part, raw in values)

    def family(self) -> str:
        """A pattern for every route of this feature, i.e. sharing the prefix's first word (``rhr`` of
        ``rhr:new``): for the "this draft has gone" catch-alls registered after the routes themselves."""
        return f"^{re.escape(self.prefix.split(':')[0])}:"


def every_route() -> list[Route]:
    """All routes defined in this module, for the test that they fit Telegram's limit."""
    return [value for value in globals().values() if isinstance(value, Route)]


# --- main menu, help, linking, settings ----------------------------------------------------------------------
MAIN_MENU = Route("menu:main")
HELP = Route("menu:help")
HELP_FAQ = Route("menu:faq")
LINK_START = Route("link:start")
LINK_CANCEL = Route("link:cancel")
LINK_CHANGE_NIP = Route("link:nip")
SETTINGS = Route("menu:settings")
LANGUAGE = Route("set:lang", (word(r"[a-z]{2}", 2),))
UNLINK = Route("set:unlink")
UNLINK_CONFIRMED = Route("set:unlink:yes")
REMINDERS = Route("set:rem")
REMINDER_TOGGLE = Route("set:rem", (word(r"[a-z_]{1,20}", 20),))
REMINDER_MUTE_CONFIRMED = Route("set:rem!", (word(r"[a-z_]{1,20}", 20),))

# --- career ("🧭 Karier Saya") --------------------------------------------------------------------------------
CAREER = Route("kr:home")
CAREER_HISTORY = Route("kr:hist")

# --- appraisals and objections -------------------------------------------------------------------------------
APPRAISAL_HOME = Route("ap:home")
APPRAISAL_HISTORY = Route("ap:h", (PAGE,))
APPRAISAL_MATRIX = Route("ap:mx")
APPRAISAL = Route("ap:v", (ID,))
TEAM = Route("tm", (PAGE,))
OBJECTION_PICK = Route("ob:pick")
OBJECTION_NEW = Route("ob:new", (ID,))
OBJECTIONS_MINE = Route("ob:mine", (PAGE,))
OBJECTION_INBOX = Route("ob:in", (PAGE,))
OBJECTION = Route("ob:v", (ID,))
OBJECTION_PROCESS = Route("ob:p", (ID,))
RATING_LETTERS = r"[amb]"
OBJECTION_ACCEPT = Route("ob:a", (ID, word(RATING_LETTERS + "{1,2}", 2)), optional=1)
OBJECTION_CONFIRM_ACCEPT = Route("ob:A", (ID, word(RATING_LETTERS + "{2}", 2)))
OBJECTION_REJECT = Route("ob:r", (ID,))
OBJECTION_SUBMIT = Route("ob:ok")
OBJECTION_REWRITE = Route("ob:redo")
OBJECTION_CONFIRM_REJECT = Route("ob:R")
OBJECTION_CANCEL = Route("ob:x")
OBJECTION_CONFIRM_ACCEPTANCE = Route("ob:AOK")  # after the reasons for accepting were typed
OBJECTION_EXPLAIN = Route("ob:ex", (ID,))  # the rater writes an explanation
OBJECTION_EVIDENCE = Route("ob:ev", (ID,))  # the employee's evidence file, sent again

# --- days off (Kepegawaian) ----------------------------------------------------------------------------------
DAYS_OFF = Route("cal:y", (PAGE,))  # a year; 0: this year (the main menu's entry)
DAYS_OFF_CHANGE = Route("cal:c", (word("off|work|reset", 5),))
DAYS_OFF_CANCEL = Route("cal:x")

# --- workshops -----------------------------------------------------------------------------------------------
CATALOGUE = Route("ws:l", (PAGE,))
WORKSHOP = Route("ws:d", (ID, PAGE), optional=1)  # the page of the list it was opened from, for "back"
WORKSHOP_ENROL = Route("ws:e", (ID,))
WORKSHOP_CANCEL = Route("ws:c", (ID,))
WORKSHOP_CANCEL_CONFIRMED = Route("ws:cy", (ID,))
WORKSHOP_CALENDAR = Route("ws:i", (ID,))
MY_TRAINING = Route("ws:my")
HR_WORKSHOPS = Route("wsh:l", (PAGE,))
HR_WORKSHOP = Route("wsh:d", (ID,))
HR_WORKSHOP_CLOSE = Route("wsh:cl", (ID,))
HR_WORKSHOP_CANCEL = Route("wsh:x", (ID,))
HR_WORKSHOP_CANCEL_CONFIRMED = Route("wsh:xy", (ID,))
HR_WORKSHOP_ROSTER = Route("wsh:r", (ID,))

# --- announcements (broadcasts) ------------------------------------------------------------------------------
ANNOUNCEMENTS = Route("ann:list", (PAGE,))
ANNOUNCEMENT = Route("ann:show", (ID,))
ANNOUNCEMENT_READ = Route("ack:b", (ID,))

BROADCAST_NEW = Route("bc:new")
BROADCAST_UNITS = Route("bc:units", (PAGE,))
BROADCAST_UNIT = Route("bc:u", (PAGE,))  # the unit's index in the draft, so any unit name fits 64 bytes
BROADCAST_KIND = Route("bc:kind")
BROADCAST_GRADES = Route("bc:grades")
BROADCAST_GRADE_FROM = Route("bc:gf", (PAGE,))
BROADCAST_GRADE_TO = Route("bc:gt", (PAGE,))
BROADCAST_GRADES_CLEAR = Route("bc:gclear")
BROADCAST_UNREAD = Route("bc:unread", (ID,), optional=1)
BROADCAST_EVERYONE = Route("bc:all")
BROADCAST_AUDIENCE = Route("bc:aud")
BROADCAST_NEXT = Route("bc:next")
BROADCAST_SKIP_ATTACHMENT = Route("bc:skip")
BROADCAST_ASK_READ = Route("bc:ack", (word("[01]", 1),))
BROADCAST_PREVIEW_READ = Route("bc:preview")
BROADCAST_SEND = Route("bc:send")
BROADCAST_LATER = Route("bc:later")
BROADCAST_SCHEDULE_CONFIRMED = Route("bc:at")
BROADCAST_CANCEL = Route("bc:cancel")
BROADCAST_REPORT = Route("bcr", (ID,))
BROADCAST_SHEET = Route("bcx", (ID,))
BROADCAST_STOP = Route("bcc", (ID,))
BROADCAST_STOP_CONFIRMED = Route("bcc!", (ID,))

# --- rotations -----------------------------------------------------------------------------------------------
MY_ROTATIONS = Route("rot:mine")
ROTATION = Route("rot:show", (ID,))
ROTATION_READ = Route("ack:r", (ID,))
HR_ROTATIONS = Route("rhr:list", (PAGE,))
HR_ROTATION_REMIND = Route("rhr:remind", (ID,))
HR_ROTATION_NEW = Route("rhr:new")
HR_ROTATION_SKIP = Route("rhr:skip")
HR_ROTATION_BACK = Route("rhr:back")
HR_ROTATION_PERSON = Route("rhr:who", (ID,))
HR_ROTATION_UNIT = Route("rhr:unit", (PAGE,))  # the unit's index in the draft, so any name fits 64 bytes
HR_ROTATION_PUBLISH = Route("rhr:publish")
HR_ROTATION_CANCEL = Route("rhr:cancel")
HR_ROTATION_LONG = Route("rhr:long", (PAGE,))  # who is at or beyond the maximum time in post

# --- HR: employees -------------------------------------------------------------------------------------------
HR_FIND_EMPLOYEE = Route("emp:find")
HR_EMPLOYEE = Route("emp:show", (ID,))
HR_ISSUE_CODE = Route("emp:code", (ID,))
HR_ISSUE_CODE_CONFIRMED = Route("emp:code!", (ID,))
HR_EMPLOYEE_CANCEL = Route("emp:cancel")

# --- career: aspirations, data corrections, Kepegawaian's planning ----------------------
ASPIRATION_KIND = word("[ujt]", 1)  # unit, jabatan (kind of post), topik
ASPIRATIONS = Route("asp:home")
ASPIRATION_ADD = Route("asp:add", (ASPIRATION_KIND,))
ASPIRATION_PICK = Route("asp:p", (ASPIRATION_KIND, PAGE))  # the index of the choice shown, so any value fits
ASPIRATION_TYPE = Route("asp:t", (ASPIRATION_KIND,))
ASPIRATION_REMOVING = Route("asp:del")
ASPIRATION_REMOVE = Route("asp:rm", (ID,))
ASPIRATIONS_OF = Route("asp:of", (ID,))  # someone else's, for their superiors and Kepegawaian
ASPIRATION_CANCEL = Route("asp:x")
CORRECTION_START = Route("cor:new")
CORRECTION_FIELD = Route("cor:f", (word("[a-z_]{1,20}", 20),))
CORRECTIONS_MINE = Route("cor:mine", (PAGE,))
CORRECTION_INBOX = Route("cor:in", (PAGE,))
CORRECTION = Route("cor:v", (ID,))
CORRECTION_EVIDENCE = Route("cor:e", (ID,))
CORRECTION_ACCEPT = Route("cor:a", (ID,))
CORRECTION_CONFIRM_ACCEPT = Route("cor:A", (ID,))
CORRECTION_REJECT = Route("cor:r", (ID,))
CORRECTION_SUBMIT = Route("cor:ok")
CORRECTION_CONFIRM_REJECT = Route("cor:R")
CORRECTION_CANCEL = Route("cor:x")
CAREER_PLAN = Route("cp:home")
CAREER_PLAN_MONTHS = Route("cp:m", (PAGE,))
CAREER_PLAN_SHEET = Route("cp:x", (PAGE,))
TALENT_BOX = Route("cp:tb")
TRAINING_TOPICS = Route("top:list")
TRAINING_TOPIC_ADD = Route("top:add")
TRAINING_TOPIC_RETIRE = Route("top:rm", (ID,))
TRAINING_TOPIC_CANCEL = Route("top:x")

# --- HR: spreadsheets in (uploads, templates) and out (reports) ---------------------------------------------
KIND = word(r"[a-z_]{1,20}", 20)  # an import kind's key (storage.services.import_kinds)
TOKEN = word(r"[0-9a-f]{8}", 8)  # which upload a preview's buttons belong to
HR_SPREADSHEETS = Route("xl:home")
HR_TEMPLATE = Route("xl:tpl", (KIND,))
UPLOAD_KIND = Route("xl:kind", (TOKEN, KIND))
UPLOAD_IMPORT = Route("xl:ok", (TOKEN,))
UPLOAD_CANCEL = Route("xl:x", (TOKEN,))
HR_REPORTS = Route("rp:home")
HR_REPORT = Route("rp:get", (word(r"[a-z_]{1,20}", 20),))
HR_SUMMARY = Route("rp:sum")
HR_BROADCASTS = Route("rp:bc")
HR_CODES = Route("cd:home")
HR_CODES_ISSUE = Route("cd:go", (word(r"[0-9a-f]{10}|all", 10),))  # a unit's key (services.unlinked), or all
HR_ROLE = Route("emp:hr", (ID, word("[+-]", 1)))  # give (+) or take (-) the HR role
HR_ROLE_REVOKE_CONFIRMED = Route("emp:hr!", (ID,))
HR_ATTENDANCE = Route("att:l", (ID, PAGE))
HR_ATTENDANCE_MARK = Route("att:m", (ID, word("[yn]", 1), PAGE))  # the enrolment, present or not, the page
