"""Facts told in chatty lines, through the whole pipeline on a real data folder: kept, asked
back in another process however the question is typed, asked about first when read loosely,
replaced, forgotten and exported."""

import json
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.runtime.assistant import Assistant
from assistant.skills import identity, memory
from assistant.skills.contract import Request
from tests.conftest import FIXED_NOW, FixedClock, run_cli
from tests.test_knowing import ask

TOLD = {
    "hey so I never told you my name, its Maya": "Maya",
    "we have two kids, Leo and Isla": "Got it. Your children are Leo and Isla.",
    "Leo is 7 and Isla is 4": "Got it. Leo is 7 and Isla is 4.",
    "and a cat named Pickle, she's a menace lol": "Got it. Your cat is called Pickle.",
    "my birthday's on the 14th of february": "Got it. Your birthday is on the 14th of February.",
    "im from galway originally": "Got it. You're from Galway.",
    "btw im allergic to penicillin": "Got it. You're allergic to penicillin.",
    "my husband is called tom": "Got it. Your husband's name is Tom.",
    "oh and i teach year 4 at st marys": (
        "Got it. You're a year 4 teacher and you work at St Marys."
    ),
}
"""A chatty first session, and what it says back to each line (a greeting varies: its name)."""

ASKED = {
    "whats my name": "You're Maya.",
    "whens my birthday": "Your birthday is on the 14th of February.",
    "remind me whats my husbands name": "Your husband's name is Tom.",
    "how old is leo": "Leo is 7.",
    "how old's isla": "Isla is 4.",
    "what am i allergic to again": "You're allergic to penicillin.",
    "what are my kids called": "Your children are Leo and Isla.",
    "do you remember my cats name": "Your cat is called Pickle.",
    "where am i from": "You're from Galway.",
    "remind me what do i do for work": "You're a year 4 teacher.",
    "where do i work again": "You work at St Marys.",
}
"""Each fact asked back the way people type, and the answer."""


def test_facts_told_chattily_are_answered_back_in_the_next_process(tmp_path: Path) -> None:
    home = tmp_path / "home"
    told = ask(home, *TOLD)
    for reply, expected in zip(told, TOLD.values(), strict=True):
        assert expected in reply
    assert ask(home, *ASKED) == list(ASKED.values())
    exported = json.loads(run_cli("memory", "export", "--data-dir", str(home)).stdout)
    kept = {(f["subject"], f["relation"], f["value"]) for f in exported["facts"]}
    assert {("child", "name", "Leo"), ("Isla", "age", "4"), ("me", "hometown", "Galway")} <= kept
    assert {p["name"] for p in exported["people"]} >= {"Leo", "Isla", "Tom"}


def test_a_fact_read_loosely_is_asked_about_and_kept_only_on_yes(assistant: Assistant) -> None:
    talk = assistant.conversation()
    assert talk.run_text("Leo is 7").reply == "Shall I remember that Leo is 7?"
    assert talk.run_text("yes").reply == "Got it. Leo is 7."
    assert talk.run_text("how old is leo").reply == "Leo is 7."
    assert talk.run_text("Isla is 4").reply == "Shall I remember that Isla is 4?"
    assert talk.run_text("no").reply
    assert talk.run_text("how old is isla").reply == "You haven't told me Isla's age."
    assert talk.run_text("my husband is Tom").reply == (
        "Shall I remember that your husband's name is Tom?"
    )
    talk.run_text("what time is it")
    assert talk.run_text("yes").reply == "There's nothing waiting for a yes right now."
    assert talk.run_text("whats my husbands name").reply == (
        "You haven't told me your husband's name."
    )


def test_a_sure_fact_is_kept_and_a_loose_one_asked_in_the_same_line(
    assistant: Assistant,
) -> None:
    talk = assistant.conversation()
    assert talk.run_text("my son is called Leo and Isla is 4").reply == (
        "Got it. Leo is your son. Shall I remember that Isla is 4?"
    )
    assert talk.run_text("yep").reply == "Got it. Isla is 4."


def test_a_newer_fact_replaces_the_older_and_says_so(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("my husband is called tom")
    assert talk.run_text("oh and my husband is called Tim lol").reply == (
        "I had Tom; I'll remember Tim now."
    )
    talk.run_text("we have two kids, Leo and Isla")
    talk.run_text("Leo is 7")
    assert talk.run_text("Leo just turned 8").reply == "I had 7; I'll remember 8 now."
    assert talk.run_text("what are my kids called").reply == "Your children are Leo and Isla."


def test_an_age_grows_with_the_time_since_it_was_told(
    assistant: Assistant, clock: FixedClock
) -> None:
    talk = assistant.conversation()
    talk.run_text("my son is called Leo and he's 7")
    clock.moment = FIXED_NOW + timedelta(days=400)
    assert talk.run_text("how old is leo").reply == (
        "Your son was 7 when you told me, in November 2026, so about 8 now."
    )


def test_chatty_facts_are_forgotten(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("we have two kids, Leo and Isla")
    talk.run_text("Leo is 7 and Isla is 4")
    talk.run_text("my birthday's on the 14th of february")
    forgetting = talk.run_text("forget Leo").reply
    assert forgetting.startswith("I'd forget Leo and 2 things you told me about Leo")
    talk.run_text("yes")
    assert talk.run_text("how old is leo").reply == "You haven't told me Leo's age."
    assert talk.run_text("what are my kids called").reply == "Isla is your child."
    assert talk.run_text("forget my birthday").reply.startswith(
        "I'd forget 1 thing you told me about your birthday"
    )
    talk.run_text("yes")
    assert talk.run_text("whens my birthday").reply == "You haven't told me your birthday."


def test_the_children_s_ages_and_allergies_are_asked_back_together(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("we have two kids, Leo and Isla")
    talk.run_text("Leo is 7 and Isla is 4")
    assert talk.run_text("isla is allergic to peanuts and plasters").reply == (
        "Got it. Isla is allergic to peanuts and plasters."
    )
    assert talk.run_text("how old are the kids").reply == "Leo is 7. Isla is 4."
    assert talk.run_text("what is isla allergic to").reply == (
        "Isla is allergic to peanuts and plasters."
    )
    assert talk.run_text("is leo allergic to anything").reply == (
        "You haven't told me about any allergies Leo has."
    )


def test_a_question_sent_without_slots_is_read_from_its_words(assistant: Assistant) -> None:
    """As the learned step sends a line it placed: the intent, and no slots."""
    talk = assistant.conversation()
    talk.run_text("remember that the spare key is under the blue plant pot")
    talk.run_text("my husband is called tom")
    asked = {
        "where's the spare key": "The spare key is under the blue plant pot.",
        "can u remind me what my hubbys name is": "Your husband's name is Tom.",
        "what day do the bins go out": "I don't think you've told me that.",
    }
    for line, expected in asked.items():
        talk.context.words = line
        request = Request("memory.ask", {}, talk.context, talk.services)
        assert memory.ask(request).reply == expected


def test_a_line_sent_to_remember_with_nothing_read_is_asked_about(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.context.words = "tbh the bins go out on tuesday nights"
    asked = memory.remember(Request("memory.remember", {}, talk.context, talk.services))
    assert asked.reply == "Shall I remember that the bins go out on tuesday nights?"
    assert asked.plan is not None
    assert asked.plan.apply(lambda done, total: None).reply.startswith("I'll remember that")
    facts = assistant.memory.facts.all()
    assert [(f.relation, f.value) for f in facts] == [("note", "the bins go out on tuesday nights")]


def test_a_name_line_sent_without_slots_is_read_from_its_words(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.context.words = "uh im tom by the way"
    reply = identity.user_name(Request("identity.user_name", {}, talk.context, talk.services))
    assert "Tom" in reply.reply
    assert talk.run_text("whats my name").reply == "You're Tom."


def test_a_loose_fact_sent_with_the_whole_line_as_its_slot_is_still_asked_about(
    assistant: Assistant,
) -> None:
    talk = assistant.conversation()
    talk.context.words = "Leo is 7"
    request = Request("memory.remember", {"fact": "Leo is 7"}, talk.context, talk.services)
    assert memory.remember(request).reply == "Shall I remember that Leo is 7?"
    talk.context.words = "remember that Leo is 7"
    request = Request("memory.remember", {"fact": "Leo is 7"}, talk.context, talk.services)
    assert memory.remember(request).reply == "Got it. Leo is 7."


def test_where_their_people_live_and_work_is_asked_back(assistant: Assistant) -> None:
    talk = assistant.conversation()
    assert talk.run_text("my mum is called Jean and she lives in leeds").reply == (
        "Got it. Your mother's name is Jean and your mother lives in Leeds."
    )
    assert talk.run_text("my wife is a doctor at the royal").reply == (
        "Shall I remember that your wife is a doctor and your wife works at the royal?"
    )
    assert talk.run_text("yes").reply == (
        "Got it. Your wife is a doctor and your wife works at the royal."
    )
    assert talk.run_text("where does my mum live").reply == "Your mother lives in Leeds."
    assert talk.run_text("where does jean live").reply == "Your mother lives in Leeds."
    assert talk.run_text("what does my wife do").reply == "Your wife is a doctor."
    assert talk.run_text("where does my wife work").reply == "Your wife works at the royal."


def test_forgetting_someone_by_relation_forgets_all_told_about_them(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("my mum is called Jean and she lives in leeds")
    talk.run_text("my mums birthday is 3 june")
    talk.run_text("my sister is called Anna")
    assert talk.run_text("forget my mum").reply.startswith(
        "I'd forget Jean and 3 things you told me about your mother"
    )
    talk.run_text("yes")
    assert talk.run_text("where does my mum live").reply == (
        "You haven't told me where your mother lives."
    )
    assert talk.run_text("forget my brother").reply == (
        "There's nothing about your brother in my memory."
    )
    assert talk.run_text("whats my sisters name").reply == "Your sister's name is Anna."


def test_he_or_she_on_a_line_of_its_own_is_whoever_was_just_talked_about(
    assistant: Assistant,
) -> None:
    talk = assistant.conversation()
    assert talk.run_text("he's 7").reply.startswith("Who do you mean?")
    talk.run_text("my daughter is called Isla")
    talk.run_text("my son is called Leo")
    assert talk.run_text("she's 4").reply == "Shall I remember that your daughter is 4?"
    talk.run_text("yes")
    assert talk.run_text("he's 7").reply == "Shall I remember that your son is 7?"
    talk.run_text("yes")
    assert talk.run_text("how old is isla").reply == "Your daughter is 4."
    assert talk.run_text("how old is leo").reply == "Your son is 7."


def test_a_name_given_for_someone_just_talked_of_is_asked_about_and_kept(
    assistant: Assistant,
) -> None:
    talk = assistant.conversation()
    assert talk.run_text("my husband works at the bank").reply == (
        "Got it. Your husband works at the bank."
    )
    assert talk.run_text("his name is dave").reply == (
        "Shall I remember that your husband's name is Dave?"
    )
    talk.run_text("yes")
    assert talk.run_text("whats my husbands name").reply == "Your husband's name is Dave."
    talk.run_text("my daughter lives in australia")
    assert talk.run_text("her names sarah").reply == "Shall I remember that Sarah is your daughter?"


def test_a_name_for_no_one_talked_of_is_not_kept(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("her name is sarah")
    assert talk.context.pending is None
    assert "Sarah" not in talk.run_text("what do you know about me").reply


LISTED = {
    "i have two kids, ava who is 9 and noah whos 6": (
        "Got it. Your children are Ava and Noah, Ava is 9 and Noah is 6."
    ),
    "i live in leeds with my partner sam and our dog biscuit": (
        "Got it. You live in Leeds, your partner's name is Sam and your dog is called Biscuit."
    ),
    "oh and my sisters called claire she lives in york": (
        "Got it. Your sister's name is Claire and your sister lives in York."
    ),
    "my doctor is dr khan": "Got it. Your doctor's name is Dr Khan.",
    "my grandson oliver is 12": "Got it. Oliver is your grandson and Oliver is 12.",
}
"""Names with ages in a list, people named in passing, a run-on "she lives", a title."""

LISTED_ASKED = {
    "how old are my kids": "Ava is 9. Noah is 6.",
    "whats my partners name": "Your partner's name is Sam.",
    "whats my dogs name again": "Your dog is called Biscuit.",
    "where does claire live": "Your sister lives in York.",
    "who is my doctor": "Your doctor's name is Dr Khan.",
    "who are my kids": "Your children are Ava and Noah.",
    "what are my grandkids called": "Oliver is your grandson.",
}


def test_names_listed_with_ages_and_named_in_passing_are_answered_back(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert ask(home, *LISTED) == list(LISTED.values())
    assert ask(home, *LISTED_ASKED) == list(LISTED_ASKED.values())


def test_a_first_name_in_small_letters_is_asked_about_and_a_mood_is_not(
    assistant: Assistant,
) -> None:
    talk = assistant.conversation()
    assert talk.run_text("hi im sam").reply == "Shall I remember that your name is Sam?"
    assert talk.run_text("yes").reply == "Nice to meet you, Sam. I'll remember that."
    assert talk.run_text("whats my name").reply == "You're Sam."
    assert "name" not in talk.run_text("im buzzing").reply
    assert talk.run_text("whats my name").reply == "You're Sam."


TOLD_THEN_ASKED = [
    ("we've got 3 children - molly 12, finn 10 and rosie 5", "how old is finn", "Finn is 10."),
    ("my wife jean passed away two years ago", "what was my wifes name", "Jean"),
    ("we had three kids, susan david and michael", "who are my kids", "Susan, David and Michael"),
    ("my dog max is 5 btw, hes a lab", "how old is max", "5"),
    ("got 2 girls, maisie is 8 and poppy is 5", "how old is poppy", "Poppy is 5."),
    ("our cat smudge turned 10 last month", "how old is smudge", "10"),
    ("we have 3 grandkids: amelia 6, harry 4 and baby george", "how old is harry", "Harry is 4."),
    ("my step dad mark passed away in march", "what was my step dads name", "Mark"),
    ("our girls ruby and nell are 6", "how old is nell", "Nell is 6."),
    ("my boys sid and alf are 9 and 11", "how old is alf", "Alf is 11."),
    ("my dad is 80 and still lives by himself in derby", "where does my dad live", "Derby"),
    ("ive a big sister called lou whos 40", "how old is lou", "40"),
    ("and my youngest, tilly, is 3", "how old is tilly", "Tilly is 3."),
    ("my best mate is called ade, known him forever", "who is my best mate", "Ade"),
    ("my oldest friend is called sue", "who is my oldest friend", "Sue, your friend."),
    ("we rescued a lurcher called pip", "whats my dogs name", "Pip"),
    ("me and my fiance tom just got a flat", "whats my fiances name", "Tom"),
    ("my daughter amy is 30 and works at the bank", "where does amy work", "bank"),
    ("my other half works for the council", "where does my partner work", "council"),
    ("my auntie pat lives in leeds", "where does my auntie live", "Leeds"),
    ("my little brother is 9", "how old is my little brother", "9"),
    ("my late husband was called ron", "what was my late husbands name", "Ron"),
    ("we have two dogs rex and bella", "what are my dogs called", "Rex and Bella"),
    ("my husbnd rob is a chef", "whats my husbands name", "Rob"),
    ("my neice freya lives in york", "where does my niece live", "York"),
    ("my freind jo works at tesco", "where does jo work", "Tesco"),
    ("fave band is abba always has been", "whats my favourite band", "abba"),
    ("my mums 81 now can you believe it", "how old is my mum", "81"),
    ("our tortoise is called shelly", "whats the tortoises name", "Shelly"),
    ("my dads moving in next week, he lives in hull now", "where does my dad live", "Hull"),
    ("the girls are ivy and mae", "what are my girls called", "Ivy and Mae"),
    ("the boys are ted and sam, ted is 9 and sam is 6", "how old is sam", "Sam is 6."),
    ("our rabbits names are flopsy and mopsy", "what are my rabbits called", "Flopsy and Mopsy"),
    ("our cat is a tabby called mittens", "whats my cats name", "Mittens"),
    ("we have a cocker spaniel named rolo", "whats my dogs name", "Rolo"),
    ("my sons bday is the twenty second of may", "when is my sons birthday", "22nd of May"),
    ("my friend sals birthday is 3/11", "when is sals birthday", "3rd of November"),
    ("im alergic to nuts", "what am i allergic to", "nuts"),
    ("im 17 omg exams this year", "how old am i", "17"),
    ("im from belfast originally tho", "where am i from originally", "Belfast"),
    ("my names robert but my mates call me bobby", "whats my nickname", "Bobby"),
    ("im 52 with two teenagers god help me", "how old am i", "52"),
    ("favrite food's lasagne", "what food do i like best", "lasagne"),
    ("my older brother kev lives in crewe", "wheres my brother live", "Crewe"),
    ("we have 3 grandkids. the eldest is ruby, shes 10", "how old is ruby", "10"),
    ("got 2 guinea pigs, fudge and toffee", "what are my guinea pigs called", "Fudge"),
    ("its my dads birthday on the second of april", "when is my dads birthday", "April"),
    ("my name is brenda i turned 80 in june", "how old am i", "80"),
    ("work as a porter at the hospital", "whats my job", "porter"),
    ("my partners from lisbon originally", "where is my partner from", "Lisbon"),
    ("hiya, names colin btw", "do you remember my name", "Colin"),
    ("im 16 lol ignore the typos", "how old am i", "16"),
    ("originally from hull tho born and bred", "where am i originally from", "Hull"),
    ("born and raised in york me", "where am i from", "York"),
    ("i wrok at the town hall mostly mornings", "where do i work", "the town hall."),
    ("omg fav food is literally sushi", "whats my favourite food", "sushi"),
    ("mum lives in filey on her own", "where does my mum live", "Filey"),
    ("nan is 90 and still drives", "how old is nan now", "90"),
    ("we got a labrador puppy called rolo hes bonkers", "whats the dogs name", "Rolo"),
    ("my uncle ray works at the docks", "where does uncle ray work", "docks"),
]
"""A line telling facts in passing or in a list, and a question about one of them."""


@pytest.mark.parametrize(
    ("told", "asked", "answer"),
    [
        ("my husband carl is a midwife", "what does my husband do", "midwife"),
        ("my mate gaz is a roofer", "what does gaz do for a living", "roofer"),
    ],
)
def test_a_job_told_in_passing_is_asked_about_and_kept_on_a_yes(
    assistant: Assistant, told: str, asked: str, answer: str
) -> None:
    talk = assistant.conversation()
    assert talk.run_text(told).reply.endswith("?")
    talk.run_text("yes")
    assert answer in talk.run_text(asked).reply


@pytest.mark.parametrize(("told", "asked", "answer"), TOLD_THEN_ASKED)
def test_a_fact_told_in_passing_or_in_a_list_is_answered_back(
    assistant: Assistant, told: str, asked: str, answer: str
) -> None:
    talk = assistant.conversation()
    talk.run_text(told)
    assert answer in talk.run_text(asked).reply


@pytest.mark.parametrize(
    ("told", "question", "asked", "answer"),
    [
        (
            "i look after my dad, his names frank",
            "Shall I remember that your father's name is Frank?",
            "whats my dads name",
            "Your father's name is Frank.",
        ),
        (
            "we just got a kitten, we called him ziggy",
            "Shall I remember that your kitten is called Ziggy?",
            "whats my kittens name",
            "Your kitten is called Ziggy.",
        ),
        (
            "i have a younger brother, his name is olly",
            "Shall I remember that your brother's name is Olly?",
            "whats my brothers name",
            "Your brother's name is Olly.",
        ),
        (
            "i have an older sister her name is beth",
            "Shall I remember that your sister's name is Beth?",
            "who is my sister",
            "Your sister's name is Beth.",
        ),
    ],
)
def test_a_name_for_someone_just_mentioned_or_said_to_be_had_is_asked_about_and_kept(
    assistant: Assistant, told: str, question: str, asked: str, answer: str
) -> None:
    talk = assistant.conversation()
    assert talk.run_text(told).reply == question
    talk.run_text("yes")
    assert talk.run_text(asked).reply == answer


def test_several_pets_of_one_kind_are_all_kept_and_said_together(assistant: Assistant) -> None:
    talk = assistant.conversation()
    told = talk.run_text("we've got 2 cats, salt and pepper").reply
    assert told == "Got it. Your cats are called Salt and Pepper."
    talk.run_text("and a puppy called bo")
    assert talk.run_text("whats my cats name").reply == "Your cats are called Salt and Pepper."
    assert talk.run_text("what pets do i have").reply == (
        "Your cats are called Salt and Pepper. Your puppy is called Bo."
    )


def test_a_name_given_with_no_one_said_before_is_not_kept(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("we named him after his grandad")
    talk.run_text("me and my mum went shopping")
    assert talk.run_text("whats my mums name").reply == "You haven't told me your mother's name."
    assert "name" not in talk.run_text("whats my sons name").reply.casefold().replace(
        "haven't told me your son's name", ""
    )


def test_who_someone_is_is_said_with_no_mail_account(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("my sister is called anna")
    assert talk.run_text("who is anna").reply == "Anna, your sister."
    assert talk.run_text("my sister in law is jenny").reply == (
        "Shall I remember that your sister in law's name is Jenny?"
    )
    talk.run_text("yes")
    assert talk.run_text("who is my sister in law").reply == "Jenny, your sister in law."


def test_one_more_child_said_after_the_others_is_named_and_aged(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("we have a daughter called nora")
    talk.run_text("and a son, finn, hes 4")
    assert talk.run_text("how old is finn").reply == "Finn is 4."
    assert "Finn" in talk.run_text("whats my sons name").reply


def test_words_that_only_look_like_a_slip_are_left_alone() -> None:
    from assistant.memory.words import mended

    assert mended("my huband and my neices name") == "my husband and my nieces name"
    assert mended("my other half and my house") == "my other half and my house"
    assert mended("my husbands name and my sisters car") == "my husbands name and my sisters car"
    assert mended("her brithday, im alergic") == "her birthday, im allergic"
