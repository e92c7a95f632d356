"""Time expressions: find them, then resolve them against the publication date.

Contract (``shared/contract.md``, "Time values"): ``value`` is as precise as the text allows
and no more — ``2022-01-20``, ``2022-01``, ``2022``, ``2024-W35``, ``XXXX-11-27`` when the
year is unknown, ``null`` (+ ``weekday``) for a weekday that cannot be anchored. Relative
expressions (أمس، الأسبوع الفائت، 27 تشرين الثاني الماضي) are resolved against
``doc.published``; without it only what the text fixes is resolved.

How it works (one pass each, no per-token regexes):

1. One lexicon scan (``kb/data/time_vocabulary.toml``) finds month names of the three Arabic
   month systems, English and Hijri months, weekdays, relative days (أمس، أول أمس، اليوم),
   parts of the day, period phrases («الأسبوع الماضي»), vague periods («الأيام القادمة»)
   and duration units (يومين، سنوات); one compiled regex finds numeric dates (20/1/2022,
   2022/01/20, 2024.01.16) and years after a cue word (عام 2022، سنة 1958، in 2019).
2. Each hit is parsed locally: a day number before a month («27 تشرين الثاني», «20 من
   كانون الثاني»), a year and a direction word after it, a count and a head word before a
   duration unit («منذ 10 سنوات»).
3. Adjacent day-level pieces merge into one expression: «مساء أمس الأحد», «يوم الخميس
   20/1/2022», «اليوم السبت 31 كانون الثاني 2026».
4. The expression is resolved: see ``resolve.resolve_group`` and the decisions below.

Decisions (documented because the text does not settle them):
* A day or month with no year and no direction word, with a publication date: the
  occurrence on or before ``published`` (or up to 30 days after it, for announcements), with
  ``"year_inferred": true``. Without ``published`` the year stays ``XXXX``.
* A bare weekday («يوم الخميس») with ``published``: the most recent such day on or before it;
  «الخميس الماضي» strictly before; «الخميس المقبل» strictly after, and so is a bare weekday
  in a sentence about the future (سوف، من المقرر، a verb with the future prefix سـ: «ستعقد
  يوم الأحد»), marked ``"tense": "future"``. Without ``published`` a weekday is ``null`` with
  ``weekday`` and ``relative: true``.
* «الشهر نفسه», «اليوم ذاته», «نفس العام», «الـ15 من الشهر نفسه»: the period of the last
  expression resolved before it (``"anaphoric": true``); with no such antecedent, nothing.
* «منذ/قبل N وحدة» (N units ago): the point N units before ``published`` at the precision of
  the unit (days -> date, weeks -> ISO week, months -> month, years -> year), plus
  ``"duration": "P10Y"``. «خلال/بعد N وحدة» has no anchor: value null, only the duration.
* Vague periods («خلال الأيام القادمة», «الأشهر الماضية»): value null, ``"vague":
  "future"|"past"``, and the side of ``published`` in ``earliest``/``latest``.
* Night («ليلة»، «منتصف ليلة أمس»): the interval runs to the next day, since midnight
  belongs to either.
* Hijri dates: value null with ``"calendar": "hijri"`` and ``"hijri"`` as written; when the
  year is given, ``earliest``/``latest`` come from the arithmetic (tabular) Islamic calendar
  widened by 2 days, since the official calendars (Umm al-Qura, sighting) differ from it by
  1-2 days.

dateparser was measured on located candidates: it reads «٢٠ يونيو ٢٠٢٢», «أمس» and «قبل
يومين», but not «27 تشرين الثاني الماضي», «الأسبوع الفائت» or «كانون الثاني 2022» (Levantine
months need a locale), fills a bare month with today's day, and costs 0.4-1 ms a call (100 ms
for the first); nothing here needed it, so it is not used.

Modules, each importing only those before it: ``vocabulary`` (the compiled time vocabulary),
``pieces`` (finding and grouping), ``calendars`` (date arithmetic), ``resolve`` (a group to a
value), ``context`` (what the surrounding text adds), ``expressions`` (``recognize_times``).
"""

from marsad.recognize.times.expressions import recognize_times

__all__ = ["recognize_times"]
