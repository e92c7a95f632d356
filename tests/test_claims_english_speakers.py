"""English speakers: the head of the subject phrase decides; names, pronouns and titles
continue a speaker named before. Sentences written for these tests."""

from __future__ import annotations

from marsad.pipeline import analyze_text


def _speakers(text: str) -> list[tuple[str | None, str, str | None]]:
    doc = analyze_text(text, published="2022-01-21")
    return [(c.verb, c.speaker.kind, c.speaker.entity) for c in doc.claims]


def test_head_not_modifier_of_the_phrase() -> None:
    got = _speakers(
        "The US-led coalition against the Islamic State (ISIS) said the camp was calm. "
        "According to the UK-based Syrian Observatory for Human Rights, 12 people died."
    )
    assert got == [("said", "official_body", "coalition"), ("According to", "official_body", "sohr")]


def test_name_before_appositive_title_and_surname_later() -> None:
    got = _speakers(
        "Farhad Shami, Director of the SDF Media Center, said on Monday that the raid ended. "
        '"The cells fled east," Shami added.'
    )
    assert got == [("said", "named_person", "farhad_shami"), ("added", "named_person", "farhad_shami")]


def test_unknown_capitalised_name_is_a_named_person_and_he_continues() -> None:
    got = _speakers(
        "Local sources said the market reopened. Karim Haddad explained that the road was shut. "
        "He added that two shops burned."
    )
    assert got[1] == ("explained", "named_person", None)
    assert got[2] == ("added", "named_person", None)


def test_media_center_of_body_and_it_added() -> None:
    got = _speakers(
        "The Media Center of the SDF indicated that the guards were safe. "
        "It added that the fire was put out."
    )
    assert got == [("indicated", "official_body", "sdf"), ("added", "official_body", "sdf")]


def test_bare_title_refers_to_the_person_named_with_it() -> None:
    got = _speakers(
        "John W. Brennan, commander of the Combined Joint Task Force, said in a statement that "
        "work remains. The commander also said that the partners stay."
    )
    assert got[-1] == ("said", "named_person", "john_brennan_oir")


def test_parenthesis_naming_the_head() -> None:
    got = _speakers(
        "The United Nations children's agency (UNICEF) called for calm, saying the children "
        "were at risk."
    )
    assert got == [("saying", "official_body", "unicef")]


def test_verbs_inside_a_quotation_are_not_claims() -> None:
    got = _speakers(
        '"Two men came in and told me that if I said a word they would shoot," a resident '
        "told a reporter."
    )
    assert got == [("told", "local_sources", None)]


def test_quoted_as_saying_is_one_claim_and_the_sources_corefer() -> None:
    got = _speakers(
        "Local sources revealed that a fire broke out. A correspondent quoted the sources as "
        "saying that smoke rose. The sources pointed out that nobody was hurt."
    )
    assert [v for v, _, _ in got] == ["revealed", "quoted", "pointed out"]
    assert got[2][1] == "local_sources"


def test_unknown_common_noun_subject_is_not_the_previous_speaker() -> None:
    got = _speakers(
        "The SDF said the siege ended. Shop owners in the town said they feared reprisals."
    )
    assert got[1][1] == "unknown"
