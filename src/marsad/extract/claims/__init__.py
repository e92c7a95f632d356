"""Claims: what is reported, by whom, through whom, with what stance.

A claim is anchored on a reporting verb (``kb/data/reporting_verbs.toml``, every person, tense,
passive and participle) or a postposed attribution («وفق ما جاء في بيان ...», «بحسب ...»).

* Speaker: the subject right after the verb (Arabic VSO: «أكد مصدر ... أن»), else the subject
  before it (SVO: «المصادر لفتت», «تقارير ... حذرت»). A continuation without a subject —
  a participle («مشيراً»), «وأكد», «وأشارت إلى أن» — keeps the previous speaker.
* Chain (``via``): «نقلت صحيفة الوطن عن مصدر» → the source speaks, al_watan passed it on.
  ``via`` lists the intermediaries between the speaker and THIS document's publisher, nearest
  first; the publisher itself is never listed (a source speaking «لـ«الوطن»» in al-Watan has
  ``via == []``; the same words quoted in another outlet give ``["al_watan"]``). The full
  chain, intermediaries without a KB entity included, is in ``Claim.chain``.
* Content: from the complementiser (أنّ/بأن/إلى أن) — or the end of the speaker — to the end
  of the sentence or the next reporting verb in it.
* Stance: from the verb (نفى deny, زعم/ادعى/تداول allege, توقع predict, حذّر warn).

Modules, each building on ``state`` (the document, its hits and the claims so far): ``frames``
(is this verb a claim, and what stands before its content), ``subjects`` and ``english`` (the
speaker), ``chains`` (through whom), ``attributions`` (postposed markers and colon headlines),
``quotations`` and ``contents`` (where the content ends); ``builder`` runs them in text order.
"""

from marsad.extract.claims.builder import extract_claims

__all__ = ["extract_claims"]
