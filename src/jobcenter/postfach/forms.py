"""Forms of the Postfach pages (citizen and staff)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts.models import User
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.postfach.models import ReplyTemplate, Thread, Topic
from jobcenter.postfach.services import MAX_ATTACHMENTS, MAX_BODY


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _body_help() -> str:
    return gettext("Nur Text. Links werden erkannt. Höchstens %(max)s Zeichen.") % {"max": MAX_BODY}


def _files_help() -> str:
    return gettext("Optional, höchstens %(count)s Dateien: PDF, JPG, PNG oder HEIC, je bis 10 MB. "
             "Mehrere Dateien wählen Sie zusammen aus.") % {"count": MAX_ATTACHMENTS}


class _MessageForm(NamedMessagesMixin, forms.Form):
    body = forms.CharField(label=_("Ihre Nachricht"), max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 6}))
    anhaenge = MultipleFileField(label=_("Anhänge"), required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # help texts with numbers: built per request, in the reader's language
        self.fields["body"].help_text = _body_help()
        self.fields["anhaenge"].help_text = _files_help()
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class ReplyForm(_MessageForm):
    pass


class TopicChoiceField(forms.ModelChoiceField):
    """Topics with their description, in the reader's language where the text is a msgid
    (the seeded topics); an admin's own texts stay as typed."""

    def label_from_instance(self, obj: Any) -> str:
        title = gettext(obj.title)
        return f"{title} – {gettext(obj.description)}" if obj.description else title


class NewThreadForm(_MessageForm):
    topic = TopicChoiceField(label=_("Worum geht es?"), queryset=Topic.objects.none(),
                             widget=forms.RadioSelect, empty_label=None)
    subject = forms.CharField(label=_("Betreff"), max_length=150)

    field_order = ["topic", "subject", "body", "anhaenge", "token"]

    def __init__(self, *args: Any, topics: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["topic"]).queryset = topics


class StaffReplyForm(_MessageForm):
    body = forms.CharField(label=_("Antwort"), max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 8}))


class StaffNewThreadForm(_MessageForm):
    topic = forms.ModelChoiceField(label=_("Thema"), queryset=Topic.objects.none())
    subject = forms.CharField(label=_("Betreff"), max_length=150)
    body = forms.CharField(label=_("Nachricht"), max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 8}))

    field_order = ["topic", "subject", "body", "anhaenge", "token"]

    def __init__(self, *args: Any, topics: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["topic"]).queryset = topics


class AssignForm(NamedMessagesMixin, forms.Form):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Bearbeitung"), queryset=User.objects.none(), required=False,
        empty_label=_("niemand"))

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = staff


class StateForm(NamedMessagesMixin, forms.Form):
    state = forms.ChoiceField(label=_("Stand"), choices=Thread.State.choices)


class TopicForm(NamedMessagesMixin, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "description", "team", "service_days", "is_active", "position"]

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = cast(forms.ModelChoiceField, self.fields["team"])
        team.queryset = teams
        team.empty_label = _("kein Team (alle sehen die Nachrichten)")
        self.fields["service_days"].widget.attrs.update({"min": 1, "max": 30})

    def clean_service_days(self) -> int:
        days = self.cleaned_data["service_days"]
        if not 1 <= days <= 30:
            raise forms.ValidationError(_("Bitte geben Sie zwischen 1 und 30 Arbeitstage an."))
        return int(days)


class ReplyTemplateForm(NamedMessagesMixin, forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["title", "body", "is_active"]
        help_texts = {
            "body": _("Platzhalter: {anrede} (z. B. „Sehr geehrte Frau Yilmaz,“), {name}, "
                      "{sachbearbeitung} (Ihr Name), {jobcenter}."),
        }
