"""Display labels of choice fields (oza/choices.py) and the lean select widget."""

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils import translation

from cases.filtersets import ArrangementFilterSet
from cases.models import Arrangement, ArrangementFunction, ArrangementFunctionChoice, Phase
from cases.selectors import arrangements_visible_to


def test_no_model_keeps_the_display_method_that_translates_every_choice():
    left = [
        f"{model.__name__}.{name}"
        for model in apps.get_models()
        for name, method in vars(model).items()
        if isinstance(method, partialmethod) and method.func is Model._get_FIELD_display
    ]
    assert left == []


def test_display_label_is_in_the_language_of_the_request():
    arrangement = Arrangement(phase=Phase.EXECUTION)
    with translation.override("nl"):
        assert arrangement.get_phase_display() == "Uitvoering"
    with translation.override("en"):
        assert arrangement.get_phase_display() == "Execution"


def test_display_of_a_value_outside_the_choices_is_the_value_itself():
    assert Arrangement(phase="onbekend").get_phase_display() == "onbekend"
    assert ArrangementFunction(function="").get_function_display() == ""


def test_select_marks_the_chosen_option_and_keeps_the_labels(rf, procesbegeleider):
    request = rf.get("/", {"function": ArrangementFunctionChoice.values[1]})
    request.user = procesbegeleider
    form = ArrangementFilterSet(
        request.GET, queryset=arrangements_visible_to(procesbegeleider), request=request
    ).form
    with translation.override("nl"):
        html = str(form["function"])
    chosen = ArrangementFunctionChoice.values[1]
    assert f'<option value="{chosen}" selected>' in html
    assert f">{ArrangementFunctionChoice.labels[1]}</option>" in html
    assert html.count("<option") == len(ArrangementFunctionChoice.values) + 1
    assert html.startswith('<select name="function"')
