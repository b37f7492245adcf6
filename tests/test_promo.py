"""The promo filter's outlet choice, extra packs, heuristics and spans."""

from __future__ import annotations

import pytest

import newsclean
from newsclean import ConfigError, Doc, DropPromoLines
from newsclean.rules import detect_outlets

BODY = (
    "The minister resigned on Tuesday after weeks of pressure from her own party over "
    "the budget, the delayed rail plan and a string of poor polls."
)


def reasons(text: str, **options: object) -> list[str]:
    result = newsclean.clean_and_explain(text, **options)
    return [c.reason for c in result.changes if c.filter == "drop_promo"]


def test_outlet_detection_from_source_hint_and_text() -> None:
    assert detect_outlets("", "https://www.theguardian.com/world/2022/mar/04/x") == ("guardian",)
    assert detect_outlets("", "bbc") == ("bbc",)
    assert detect_outlets("", "The Washington Post") == ("washingtonpost",)
    assert "reuters" in detect_outlets("LONDON (Reuters) - Shares fell.")
    assert detect_outlets("No outlet is named here.") == ()


def test_outlets_auto_loads_only_the_detected_pack() -> None:
    line = "skip past newsletter promotion"
    text = f"{BODY}\n{line}"
    assert newsclean.clean(text, outlets="auto") == text  # no Guardian signal
    assert newsclean.clean(text, outlets="auto", source="theguardian.com") == BODY
    assert newsclean.clean(text) == BODY  # "all": every pack
    assert newsclean.clean(text, outlets=["guardian"]) == BODY
    assert newsclean.clean(text, outlets=["bbc"]) == text


def test_unknown_outlet_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="outlets"):
        DropPromoLines(outlets=("nosuchpaper",))


def test_inline_pack() -> None:
    pack = (
        '[pack]\nname = "mine"\nversion = "1"\ndescription = "inline"\n\n'
        '[[rule]]\nid = "mine.banner"\nfamily = "ad"\npattern = "our sponsor today is acme"\n'
        'description = "d"\nexamples = ["Our sponsor today is Acme", "OUR SPONSOR TODAY IS ACME."]\n'
    )
    assert reasons(f"{BODY}\nOur sponsor today is Acme", packs=[pack]) == ["promo:mine.banner"]


def test_strictness_aggressive_catches_more_calls_to_action() -> None:
    text = f"{BODY}\nGet the latest updates on our website."
    assert newsclean.clean(text) == text
    assert newsclean.clean(text, strictness="aggressive") == BODY


def test_call_to_action_heuristic_explains_its_features() -> None:
    (reason,) = reasons(f"{BODY}\nTap here to get breaking news alerts")
    assert reason == "promo:heuristic.call-to-action:cta+object+short+unquoted+no_stop"


def test_quoted_call_to_action_is_reporting() -> None:
    text = "“Click here to claim your prize,” the scam message said."
    assert newsclean.clean(text, strictness="aggressive") == text


def test_promo_span_at_paragraph_end_and_start() -> None:
    end = f"{BODY} Sign up for our daily politics newsletter."
    start = f"CLICK HERE TO GET THE FOX NEWS APP. {BODY}"
    assert newsclean.clean(end) == BODY
    assert newsclean.clean(start) == BODY
    result = newsclean.clean_and_explain(end)
    (change,) = [c for c in result.changes if c.filter == "drop_promo"]
    assert change.reason == "promo_span:generic.newsletter:end"
    assert change.before == end
    assert change.after == BODY


def test_attributed_promo_sentence_stays() -> None:
    text = f"{BODY} Click here to get the Fox News app, he joked."
    assert newsclean.clean(text) == text


def test_glued_ad_label_on_a_paragraph() -> None:
    assert newsclean.clean(f"ADVERTISEMENT{BODY}") == BODY
    assert reasons(f"ADVERTISEMENT{BODY}") == ["promo_span:label:ADVERTISEMENT"]


def test_link_list_after_heading_ends_at_the_first_sentence() -> None:
    text = "\n".join(
        [
            "Most read in world news",
            "",
            "Royal parties in pictures",
            "Tourists stranded by storm",
            BODY,
        ]
    )
    assert newsclean.clean(text) == BODY
    assert reasons(text).count("promo:heuristic.link-list:after_heading") == 2


def test_link_list_after_heading_takes_titles_ending_in_a_bang_or_a_question() -> None:
    titles = ["Harbour Festival Adds a Second Stage", "See the Stars Who Said Yes!"]
    question = "Is This the End of the Harbour Show?"
    text = "\n\n".join(["Read more:", *titles, question, BODY])
    assert newsclean.clean(text) == BODY
    assert reasons(text).count("promo:heuristic.link-list:after_heading") == 3
    # right under the heading, a question may be the page's own subhead: it stays
    text = "\n\n".join(["Read more:", question, BODY])
    assert newsclean.clean(text) == f"{question}\n\n{BODY}"
    # a line of two sentences is no title
    text = "\n\n".join(["Read more:", titles[0], "Wow. She said yes!", BODY])
    assert "Wow. She said yes!" in newsclean.clean(text)


def test_link_after_a_pointer_line() -> None:
    text = f"You can read more about the airline boss here.\n\nProfile of airline boss Tony Fernandes\n\n{BODY}"
    assert "Profile of airline boss" not in newsclean.clean(text)
    assert "You can read more" in newsclean.clean(text)


def test_source_hint_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="source"):
        newsclean.clean("x", source=42)  # type: ignore[arg-type]


def test_filter_keeps_the_source_on_the_doc() -> None:
    doc = Doc.from_text("skip past newsletter promotion\nText here.", source="theguardian.com")
    out = DropPromoLines(outlets="auto")(doc)
    assert out.source == "theguardian.com"
    assert out.lines == ("Text here.",)


def test_a_list_that_runs_on_under_a_pointer_is_the_pages_own() -> None:
    # "find out who won here." and then every category's winners: no links, the story
    winners = [f"Best Picture Nominee Number {n}" for n in range(1, 16)]
    pointer = "You can find out who won every award right here."
    text = "\n\n".join([pointer, *winners, BODY])
    assert newsclean.clean(text) == text
    assert newsclean.clean("\n\n".join([pointer.replace("here.", "here:"), *winners, BODY])) == (
        "\n\n".join([pointer.replace("here.", "here:"), *winners, BODY])
    )


def test_numbered_entries_and_stage_directions_are_no_links() -> None:
    for after in ("2. Group training", "(APPLAUSE)"):
        text = f"Read more about how to train safely here.\n\n{after}\n\n{BODY}"
        assert after in newsclean.clean(text), after


def test_a_short_list_under_a_colon_pointer_goes() -> None:
    links = ["Embassy page", "Travel information", "Trade statistics office"]
    text = "\n\n".join(["More on the country is listed here:", *links, BODY])
    out = newsclean.clean(text)
    assert not any(link in out for link in links)
    assert "listed here:" in out


def test_a_pack_domain_names_its_site_not_any_host_ending_in_it() -> None:
    assert detect_outlets("", "https://www.nationalreview.com/2020/story") == ()
    assert detect_outlets("", "https://ew.com/tv/story") == ("ew",)
    assert detect_outlets("", "consumer.healthday.com") == ("healthday",)


def test_what_a_pointer_does_not_point_at_stays() -> None:
    cases = [
        # the verb stands in an earlier sentence: "… here." is no pointer
        (
            "We will see how it goes. The answers were not found here.",
            "Their Long Engagement Story",
        ),
        # a lead-in and a time-stamped entry of a live blog
        ("See the list of winners here.", "Here's what took place during the show"),
        ("See the list of winners here.", "11 p.m.: Bruno Mars wins the top award"),
        # a line ending in a colon leads into what follows
        ("See their family photo here.", "The actress will play the queen, seen having tea:"),
        # under a sentence, a link title has three words at least
        ("Read more about the casting here.", "Drax"),
    ]
    for pointer, after in cases:
        text = f"{pointer}\n\n{after}\n\n{BODY}"
        assert after in newsclean.clean(text), (pointer, after)


def test_a_lead_in_ending_the_page_goes_with_every_one_before_it() -> None:
    text = f"{BODY}\n\nRevisit their big day:\n\nCheck it out:"
    result = newsclean.clean_and_explain(text)
    assert result.text == BODY
    assert (
        sorted(c.reason for c in result.changes if c.filter == "drop_promo")
        == ["promo:heuristic.dangling-lead-in:last_line"] * 2
    )
    assert newsclean.clean(result.text) == result.text


def test_a_lead_in_with_something_after_it_stays() -> None:
    for text in (
        f"{BODY}\n\nSee the full list of nominees:\n\nBest Film – The Harbour",
        f"{BODY}\n\nShe said:",  # reported speech, no pointing verb
        "Relive the moment:",  # the page's only line
    ):
        assert newsclean.clean(text) == text
    off = newsclean.clean(f"{BODY}\n\nCheck it out:", disabled_rules=["heuristic.dangling-lead-in"])
    assert off.endswith("Check it out:")


def test_a_wikis_edit_labels_go_and_its_headings_stay() -> None:
    cast = "The cast of the first season returned for the second, bar one actor."
    history = "The show was first broadcast in 2005 and ran for nineteen seasons."
    text = f"Plot Edit\n\n{BODY}\n\nMain Cast Edit\n\n{cast}\n\nHistory[edit]\n\n{history}"
    result = newsclean.clean_and_explain(text)
    assert result.text == f"Plot\n\n{BODY}\n\nMain Cast\n\n{cast}\n\nHistory\n\n{history}"
    assert reasons(text) == ["promo:heuristic.wiki-edit-label:heading"] * 3
    assert newsclean.clean(result.text) == result.text


def test_one_edit_heading_or_an_edit_sentence_stays() -> None:
    for text in (
        f"Photo Edit\n\n{BODY}",  # one heading of its own
        f"{BODY}\n\nShe asked the editor to make the edit.\n\nWho Made The Final Edit",
        f"Plot Edit\n\n{BODY}\n\nThen came the Edit.",  # a sentence, not a heading
    ):
        assert newsclean.clean(text) == text
    # a heading a rule would drop alone keeps its label rather than go
    gallery = f"Plot Edit\n\n{BODY}\n\nPhotos Edit\n\nCast Edit"
    assert newsclean.clean(gallery) == f"Plot\n\n{BODY}\n\nPhotos Edit\n\nCast"
    labelled = f"Plot Edit\n\n{BODY}\n\nCast Edit"
    assert newsclean.clean(labelled, disabled_rules=["heuristic.wiki-edit-label"]) == labelled


def test_a_pitchs_lead_in_question_goes_with_it() -> None:
    pitch = (
        "Can't get enough of the latest kitchen news, plus recipes, videos and more from our "
        "cooks? Sign up for our newsletter!"
    )
    result = newsclean.clean_and_explain(f"{BODY}\n\n{pitch}\n\n{BODY[:-1]} again.")
    assert pitch[:40] not in result.text
    assert reasons(f"{BODY}\n\n{pitch}") == [
        "promo_span:generic.newsletter:end",
        "promo:generic.newsletter:lead_in",
    ]
    answered = (
        "Why did the council wait so long to act on the harbour plan? The answer came on "
        "Monday. Sign up for our newsletter!"
    )
    assert "The answer came on Monday." in newsclean.clean(f"{BODY}\n\n{answered}")
    # the page's first line (a teaser headline, perhaps) keeps its question
    assert newsclean.clean(f"{pitch}\n\n{BODY}").startswith(pitch.split("?")[0])
