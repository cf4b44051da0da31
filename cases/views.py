from django.views.generic import TemplateView


class DossierListView(TemplateView):
    template_name = "base.html"
