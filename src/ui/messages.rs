use crate::i18n::{use_translator, Phrase, PhrasePart, Translator};
use crate::kratos::UiText;
use leptos::prelude::*;

/// Kratos's text in the visitor's language (`i18n`), with the values of its context; Kratos's own
/// words where the catalog has none.
pub(crate) fn kratos_phrase(t: &Translator, text: &UiText) -> Phrase {
    t.kratos(text.id, &text.text, text.context.as_ref())
}

/// The same as plain text, for labels, buttons and attributes.
pub(crate) fn kratos_text(t: &Translator, text: &UiText) -> String {
    kratos_phrase(t, text).plain()
}

/// A translated text, its times as `<time datetime>`.
#[component]
pub(crate) fn PhraseView(phrase: Phrase) -> impl IntoView {
    phrase
        .0
        .into_iter()
        .map(|part| match part {
            PhrasePart::Text(text) => text.into_any(),
            PhrasePart::Time { datetime, shown } => {
                view! { <time datetime=datetime>{shown}</time> }.into_any()
            }
        })
        .collect_view()
}

/// One Kratos message: errors are alerts, everything else a polite status.
#[component]
pub(crate) fn Message(message: UiText) -> impl IntoView {
    let role = if message.is_error() {
        "alert"
    } else {
        "status"
    };
    let class = format!("message {}", kind_class(&message.kind));
    let phrase = kratos_phrase(&use_translator(), &message);
    view! {
        <p class=class role=role data-testid=format!("ui/message/{}", message.id)>
            <PhraseView phrase/>
        </p>
    }
}

/// Flow-level messages (`ui.messages`), shown above the forms.
#[component]
pub(crate) fn Messages(messages: Vec<UiText>) -> impl IntoView {
    (!messages.is_empty()).then(|| {
        view! {
            <div class="messages">
                {messages.into_iter().map(|message| view! { <Message message/> }).collect_view()}
            </div>
        }
    })
}

fn kind_class(kind: &str) -> &'static str {
    match kind {
        "error" => "error",
        "success" => "success",
        _ => "info",
    }
}
