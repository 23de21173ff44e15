from claims.pipeline.dedupe import normal_form, text_hash


def test_quote_marks_dashes_case_and_spacing_do_not_make_a_new_text():
    a = 'Trump said "my crimes can\'t be investigated" \u2014 in 2019.'
    b = "trump said \u201cmy crimes can\u2019t be  investigated\u201d - in 2019."
    assert normal_form(a) == normal_form(b)
    assert text_hash(a) == text_hash(b)


def test_words_and_numbers_still_make_a_new_text():
    assert text_hash("Exports fell 40% in 2016.") != text_hash("Exports fell 45% in 2016.")
    assert text_hash("Talks began in 2016.") != text_hash("Talks began in 2017.")
    assert normal_form("  Two\n lines ") == "two lines"
