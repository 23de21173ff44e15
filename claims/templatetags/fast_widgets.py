"""``{% select_widget boundfield %}``: a plain <select> rendered in Python.

Django renders every <option> through the template engine (the widget templates):
for the queue's four filter selects that was about half the page's render time
against the ``bench/ui.py`` database. The options, their
labels and which one is selected come from the widget's own ``get_context``, so the
result is the same markup; a widget that is not a plain ``forms.Select``, or a
field with errors, is rendered by Django as before.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def select_widget(bf):
    widget = bf.field.widget
    if type(widget) is not forms.Select or bf.errors:  # errors: Django adds aria-* attrs
        return str(bf)
    attrs = bf.build_widget_attrs({"id": bf.auto_id} if bf.auto_id else {})
    ctx = widget.get_context(bf.html_name, bf.value(), attrs)["widget"]
    options = format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((o["value"], flatatt(o["attrs"]), o["label"])
         for _, group, _ in ctx["optgroups"] for o in group),
    )
    return format_html('<select name="{}"{}>{}</select>', ctx["name"], flatatt(ctx["attrs"]),
                       options)
