from django import forms
from django.utils.translation import gettext_lazy as _

from dagtilbud import formatting
from dagtilbud.formatting import AmountParseError, parse_amount
from dagtilbud.forms import RequiredChoices

from .models import BudgetAgreement, Initiative, Section

# The budget years the app accepts: an agreement's and an amount's. Wider than any real budget, and inside what a
# date and the database's small integer can hold (year 0 has no dates, 32768 no column), so a typo gets a message.
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_RANGE_MESSAGE = _("Budgetåret skal ligge mellem %(first)d og %(last)d.")


class DanishAmountField(forms.CharField):
    """An amount as Danes write it ("300.000", "0,3 mio."), cleaned to whole kroner."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except AmountParseError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class ReportingOpenForm(forms.Form):
    deadline = forms.DateField(label=_("Frist for indberetning"),
                               widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                               help_text=_("Indberetterne får besked nu og en påmindelse før fristen."))

    def clean_deadline(self):
        from django.utils import timezone

        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("Fristen kan ikke ligge før i dag."))
        return deadline


class ReviewForm(forms.Form):
    """The administrator's answer to one sent row: approve it, or return it with a comment."""

    comment = forms.CharField(label=_("Kommentar til centret (når du sender retur)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Begrundelse for genåbning"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)


class AgreementForm(RequiredChoices, forms.ModelForm):
    class Meta:
        model = BudgetAgreement
        fields = ["title", "year", "committee", "case_number", "reading_guide", "economy_guide"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(YEAR_RANGE_MESSAGE % {"first": FIRST_YEAR, "last": LAST_YEAR})
        return year


class AgreementEditForm(AgreementForm):
    """An agreement's details and the dates of its four rounds. A published round's date, and the year once a round
    is published, are what its report printed: shown, not editable."""

    # The agreement's revision this form was loaded with (services.agreement_update refuses an older one, or none).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.revision
        self.rounds = list(self.instance.rounds.all())
        if any(r.is_published for r in self.rounds):
            self.fields["year"].disabled = True
            self.fields["year"].help_text = _("Kan ikke ændres, når en opfølgning er offentliggjort.")
        for round_ in self.rounds:
            self.fields[f"round_{round_.number}"] = forms.DateField(
                label=_("Dato for %(round)s") % {"round": round_.name}, initial=round_.date,
                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                disabled=round_.is_published,
                help_text=_("Offentliggjort: datoen kan ikke ændres.") if round_.is_published else "",
            )

    def clean(self):
        data = super().clean()
        year = data.get("year")
        previous = None
        for round_ in self.rounds:
            name = f"round_{round_.number}"
            date = data.get(name)
            if date is None:
                continue
            if year is not None and date.year != year and not round_.is_published:
                self.add_error(name, _("Datoen skal ligge i budgetåret %(year)d.") % {"year": year})
            elif previous is not None and date <= previous:
                self.add_error(name, _("Datoen skal ligge efter den forrige opfølgnings dato."))
            previous = date
        return data

    def agreement_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def round_dates(self):
        return {r.number: self.cleaned_data[f"round_{r.number}"] for r in self.rounds if not r.is_published}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["number", "title"]

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement

    def clean_number(self):
        # The agreement is not a field of this form, so the form's own check of the unique number leaves it out
        # and the database would refuse the duplicate with an error page.
        number = self.cleaned_data["number"]
        if number is not None and self.instance.agreement.sections.exclude(pk=self.instance.pk).filter(
                number=number).exists():
            raise forms.ValidationError(_("Aftalen har allerede et afsnit med det nummer."))
        return number


class InitiativeForm(RequiredChoices, forms.ModelForm):
    """An initiative with its amounts per year and its milestone text for each of the year's four rounds."""

    amounts = forms.CharField(
        label=_("Afsatte beløb pr. år"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Én linje pr. år, fx “2019: 0,3 mio.” eller “2020: 300.000”."),
    )
    # The version this form was loaded with; a save based on an older one, or on none, is refused by
    # services.initiative_save as stale, with the current values shown (not as an error on a hidden field).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Initiative
        fields = ["section", "number", "title", "text", "kind", "responsible_center", "responsible_committee",
                  "contributors", "end_date", "districts"]
        widgets = {"districts": forms.CheckboxSelectMultiple, "end_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, agreement, section=None, carried=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["section"].queryset = agreement.sections.all()
        if not self.instance.pk:
            # A new initiative: what is almost surely meant is chosen already (still a choice to change): the
            # section asked for (the previous initiative's, after "Gem og opret næste") or the only one, and the only
            # committee there is or else the agreement's own.
            sections = list(self.fields["section"].queryset)
            if section is None and len(sections) == 1:
                section = sections[0]
            if section is not None:
                self.fields["section"].initial = section.pk
            committees = list(self.fields["responsible_committee"].queryset[:2])
            self.fields["responsible_committee"].initial = (
                committees[0].pk if len(committees) == 1 else agreement.committee_id)
            for name, pk in (carried or {}).items():  # the previous initiative's, after "Gem og opret næste"
                if self.fields[name].queryset.filter(pk=pk).exists():
                    self.fields[name].initial = int(pk)
        self.rounds = list(agreement.rounds.all())
        existing = {}
        self.fields["version"].initial = self.instance.version
        if self.instance.pk:
            existing = dict(self.instance.milestones.values_list("round__number", "text"))
            self.fields["amounts"].initial = "\n".join(
                f"{a.year}: {formatting.million_kr(a.amount)}" for a in self.instance.amounts.all())
        for round_ in self.rounds:
            self.fields[f"milestone_{round_.number}"] = forms.CharField(
                label=_("Milepæl: %(round)s") % {"round": round_.name}, required=False,
                initial=existing.get(round_.number, ""), widget=forms.Textarea(attrs={"rows": 2}),
                disabled=round_.is_published,
            )

    def clean_amounts(self):
        amounts = {}
        for number, line in enumerate((self.cleaned_data["amounts"] or "").splitlines(), start=1):
            if not line.strip():
                continue
            year, sep, amount = line.partition(":")
            if not sep or not year.strip().isdecimal():  # isdigit() takes "²", which int() refuses
                raise forms.ValidationError(
                    _("Linje %(n)d: skriv år og beløb som “2019: 0,3 mio.”.") % {"n": number})
            if not FIRST_YEAR <= int(year) <= LAST_YEAR:
                raise forms.ValidationError(_("Linje %(n)d: året skal ligge mellem %(first)d og %(last)d.") % {
                    "n": number, "first": FIRST_YEAR, "last": LAST_YEAR})
            try:
                amounts[int(year)] = parse_amount(amount)
            except AmountParseError as error:
                raise forms.ValidationError(_("Linje %(n)d: %(error)s") % {"n": number, "error": error}) from error
        return amounts

    def milestone_texts(self):
        return {r.number: self.cleaned_data.get(f"milestone_{r.number}", "") for r in self.rounds
                if not r.is_published}


class EconomyForm(forms.Form):
    """The economy details of one initiative in one round: text, and a budget changed by the council."""

    text = forms.CharField(label=_("Tekst"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    corrected_budget = DanishAmountField(
        label=_("Ændret budget"), required=False, help_text=_("Kun hvis Kommunalbestyrelsen har godkendt et ændret "
                                                               "budget. Opfølgningen måles derefter mod det."))
    approval_reference = forms.CharField(label=_("Godkendt af Kommunalbestyrelsen (dato/sag)"), required=False,
                                         max_length=200)  # the column's length
    # A missing version is refused by the service as stale, like an old one (see GridRowForm).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if (data.get("corrected_budget") is not None and not data.get("approval_reference")
                and "approval_reference" not in self.errors):  # given but refused: that message says it
            self.add_error("approval_reference", _("Et ændret budget skal være godkendt af Kommunalbestyrelsen: "
                                                   "angiv referencen."))
        return data
