use crate::kratos::UiText;
use leptos::prelude::*;

/// One Kratos message: errors are alerts, everything else a polite status.
#[component]
pub(crate) fn Message(message: UiText) -> impl IntoView {
    let role = if message.is_error() {
        "alert"
    } else {
        "status"
    };
    let class = format!("message {}", kind_class(&message.kind));
    view! {
        <p class=class role=role data-testid=format!("ui/message/{}", message.id)>
            {message.text}
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
