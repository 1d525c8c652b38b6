"""A PDF lays out stored text in work that grows with its length (#24, finding 4).

reportlab lays a paragraph out again each time it splits it across a page, so one
comment of 5,000 short lines (within its 10,000 characters) took five seconds as one
paragraph. Long texts are printed as paragraphs of a few lines each; the test counts
the lines each paragraph holds, not the time.
"""

from reportlab.platypus import Paragraph

from programme.platform import documents


def test_a_text_of_5000_lines_is_printed_as_paragraphs_of_a_few_lines_each():
    text = "a line\n" * 5000
    flowables = documents.to_flowables([documents.Text(text, lead="Comment:")])
    paragraphs = [f for f in flowables if isinstance(f, Paragraph)]
    assert len(paragraphs) == len(flowables) > 1
    lines = [p.text.count("<br/>") + 1 for p in paragraphs]
    assert max(lines) <= documents.LINES_PER_PARAGRAPH
    assert sum(lines) == 5001  # every line, in order, once
    assert paragraphs[0].text.startswith("<b>Comment:</b> a line")
    assert documents.to_pdf([documents.Text(text)], title="Long").startswith(b"%PDF")


def test_a_short_text_is_one_paragraph_as_before():
    flowables = documents.to_flowables([documents.Text("One.\nTwo.", small=True)])
    assert len(flowables) == 1
    assert flowables[0].text == "One.<br/>Two."
