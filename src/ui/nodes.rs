use super::messages::{kratos_phrase, kratos_text, PhraseView};
use super::{Message, ToolButton, TriggerButton};
use crate::i18n::{use_translator, Arg};
use crate::kratos::node::{
    value_into_form_string, value_to_form_string, AnchorAttributes, DivAttributes, ImageAttributes,
    InputAttributes, ScriptAttributes, TextAttributes,
};
use crate::kratos::validate::is_http_url;
use crate::kratos::{NodeAttributes, TotpIssuer, UiNode, UiText};
use leptos::attr::any_attribute::IntoAnyAttribute;
use leptos::prelude::*;

/// Dispatches one node to the renderer of its kind.
#[component]
pub fn Node(node: UiNode) -> impl IntoView {
    let UiNode {
        attributes,
        group,
        messages,
        meta,
        ..
    } = node;
    let label = meta.label;
    match attributes {
        NodeAttributes::Input(attrs) => {
            view! { <InputNode attrs group label messages/> }.into_any()
        }
        NodeAttributes::Text(attrs) => view! { <TextNode attrs label messages/> }.into_any(),
        NodeAttributes::Img(attrs) => view! { <ImageNode attrs label/> }.into_any(),
        NodeAttributes::Anchor(attrs) => view! { <AnchorNode attrs/> }.into_any(),
        NodeAttributes::Script(attrs) => view! { <ScriptNode attrs/> }.into_any(),
        NodeAttributes::Div(attrs) => view! { <DivNode attrs/> }.into_any(),
        // A node type this UI does not know: its label and messages are still worth showing.
        NodeAttributes::Unknown(_) => view! {
            <div class="field unknown">
                {label.map(|l| view! { <p class="label">{kratos_text(&use_translator(), &l)}</p> })}
                <NodeMessages messages id=None/>
            </div>
        }
        .into_any(),
    }
}

/// Fields Kratos accepts empty that this UI requires. A security key without a name is listed by
/// Kratos v1.3.1 as "unnamed" (`webauthnx.NewWebAuthnUnlink`), which helps no one tell two apart.
/// The trigger island checks the form's validity before it asks the authenticator.
const REQUIRED_BY_UI: &[&str] = &["webauthn_register_displayname"];

/// Buttons that remove a way to sign in. Kratos disables them when it is the last one
/// (`selfservice/strategy/{passkey,webauthn}/…settings.go`, `oidc/strategy_settings.go`).
const REMOVE_BUTTONS: &[&str] = &["passkey_remove", "webauthn_remove", "unlink"];

/// Buttons that need none of their form's fields, so the browser must not stop them at a required
/// one: removing (the key's name is required for adding), "Resend code" of recovery and
/// verification (`email`: the code field is required), and sign-up's "Back" (`screen`).
const NEED_NO_FIELDS: &[&str] = &[
    "passkey_remove",
    "webauthn_remove",
    "unlink",
    "email",
    "screen",
];

/// Input types rendered as such; anything else becomes a text field.
const INPUT_TYPES: &[&str] = &[
    "text",
    "email",
    "password",
    "number",
    "tel",
    "url",
    "date",
    "datetime-local",
    "checkbox",
    "hidden",
    "search",
    "time",
    "month",
    "week",
    "color",
    "range",
];

#[component]
pub(crate) fn InputNode(
    mut attrs: InputAttributes,
    group: String,
    label: Option<UiText>,
    messages: Vec<UiText>,
) -> impl IntoView {
    let t = use_translator();
    let label = label.or_else(|| attrs.label.take());
    let testid = format!("node/input/{}", attrs.name);
    let checked = matches!(attrs.value, Some(serde_json::Value::Bool(true)));
    let value = attrs.value.take().and_then(value_into_form_string);
    match attrs.input_type.as_str() {
        "hidden" => view! { <input type="hidden" name=attrs.name value=value data-testid=testid/> }
            .into_any(),
        "submit" | "button" => {
            let text = label
                .map(|l| kratos_text(&t, &l))
                .or_else(|| value.clone())
                .unwrap_or_else(|| attrs.name.clone());
            // A remove button Kratos disables is the identity's last way to sign in; say so
            // instead of showing a button that does nothing.
            let removes = REMOVE_BUTTONS.contains(&attrs.name.as_str());
            let needs_no_fields = NEED_NO_FIELDS.contains(&attrs.name.as_str());
            let kept_id = (attrs.disabled && removes)
                .then(|| format!("{}--kept", field_id(&group, &attrs.name)));
            let kept_hint = kept_id.clone().map(|id| {
                view! {
                    <p class="hint" id=id data-testid="ui/cannot-remove">
                        {t.text("node-cannot-remove")}
                    </p>
                }
            });
            let button = match attrs.onclick_trigger {
                Some(trigger) => view! {
                    <TriggerButton>
                        <button
                            type="button"
                            name=attrs.name
                            value=value
                            disabled=attrs.disabled
                            data-trigger=trigger
                            data-testid=testid
                        >
                            {text}
                        </button>
                    </TriggerButton>
                }
                .into_any(),
                None => view! {
                    <button
                        type="submit"
                        name=attrs.name
                        value=value
                        disabled=attrs.disabled
                        formnovalidate=needs_no_fields
                        aria-describedby=kept_id
                        data-testid=testid
                    >
                        {text}
                    </button>
                }
                .into_any(),
            };
            view! {
                {button}
                {kept_hint}
                <NodeMessages messages id=None/>
            }
            .into_any()
        }
        _ => {
            let id = field_id(&group, &attrs.name);
            let messages_id = format!("{id}--messages");
            let invalid = messages.iter().any(UiText::is_error);
            let described = (!messages.is_empty()).then(|| messages_id.clone());
            let label_text = label
                .map(|l| kratos_text(&t, &l))
                .unwrap_or_else(|| attrs.name.clone());
            let required = attrs.required || REQUIRED_BY_UI.contains(&attrs.name.as_str());
            let control = if let Some(options) = attrs.options.filter(|o| !o.is_empty()) {
                let current = value.clone();
                view! {
                    <select
                        id=id.clone()
                        name=attrs.name
                        required=attrs.required
                        disabled=attrs.disabled
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=described
                        data-testid=testid
                    >
                        {options
                            .into_iter()
                            .filter_map(|o| value_to_form_string(&o.value))
                            .map(|v| {
                                let selected = current.as_deref() == Some(v.as_str());
                                view! { <option value=v.clone() selected=selected>{v.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                }
                .into_any()
            } else if attrs.input_type == "checkbox" {
                view! {
                    <input
                        type="checkbox"
                        id=id.clone()
                        name=attrs.name
                        value="true"
                        checked=checked
                        required=attrs.required
                        disabled=attrs.disabled
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=described
                        data-testid=testid
                    />
                }
                .into_any()
            } else {
                let input_type = INPUT_TYPES
                    .iter()
                    .find(|t| **t == attrs.input_type)
                    .copied()
                    .unwrap_or("text");
                view! {
                    <input
                        type=input_type
                        id=id.clone()
                        name=attrs.name
                        value=value
                        required=required
                        disabled=attrs.disabled
                        pattern=attrs.pattern
                        autocomplete=attrs.autocomplete
                        maxlength=attrs.maxlength
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=described
                        data-testid=testid
                    />
                }
                .into_any()
            };
            let class = if attrs.input_type == "checkbox" {
                "field checkbox"
            } else {
                "field"
            };
            view! {
                <div class=class>
                    <label for=id>{label_text}</label>
                    {control}
                    <NodeMessages messages id=Some(messages_id)/>
                </div>
            }
            .into_any()
        }
    }
}

/// Messages that belong to one field, referenced by the field's `aria-describedby`.
#[component]
fn NodeMessages(messages: Vec<UiText>, id: Option<String>) -> impl IntoView {
    (!messages.is_empty()).then(|| {
        view! {
            <div class="field-messages" id=id>
                {messages.into_iter().map(|message| view! { <Message message/> }).collect_view()}
            </div>
        }
    })
}

/// Text nodes: the TOTP secret and backup codes are shown as code, one `<code>` per secret, with
/// what people do with them: copy (JavaScript), download and print the codes, open the secret
/// in an authenticator app on the same phone.
#[component]
pub(crate) fn TextNode(
    attrs: TextAttributes,
    label: Option<UiText>,
    messages: Vec<UiText>,
) -> impl IntoView {
    let TextAttributes { text, id } = attrs;
    let secrets = text.secrets();
    let body = match secrets {
        Some(secrets) => {
            let unused: Vec<String> = secrets
                .iter()
                .filter_map(|s| s.context_str("secret").map(str::to_string))
                .collect();
            let total = secrets.len();
            view! {
                <ul class="codes" data-testid=format!("node/text/{id}/text")>
                    {secrets
                        .into_iter()
                        .map(|secret| match secret.context_str("secret") {
                            Some(code) => view! { <li><code>{code.to_string()}</code></li> }.into_any(),
                            None => view! {
                                <li class="used"><code><PhraseView phrase=kratos_phrase(&use_translator(), &secret)/></code></li>
                            }
                            .into_any(),
                        })
                        .collect_view()}
                </ul>
                <CodeTools unused total/>
            }
            .into_any()
        }
        None if id == "totp_secret_key" => {
            let secret = text.text;
            view! {
                <p class="secret"><code data-testid=format!("node/text/{id}/text")>{secret.clone()}</code></p>
                <SecretTools secret/>
            }
            .into_any()
        }
        None => view! {
            <p data-testid=format!("node/text/{id}/text")>
                <PhraseView phrase=kratos_phrase(&use_translator(), &text)/>
            </p>
        }
        .into_any(),
    };
    view! {
        <div class="text-node" id=id.clone()>
            {label.map(|l| view! {
                <p class="label" data-testid=format!("node/text/{id}/label")>{kratos_text(&use_translator(), &l)}</p>
            })}
            {body}
            <NodeMessages messages id=None/>
        </div>
    }
}

/// The account name of the signed-in identity (its email), provided by the settings page.
#[derive(Clone, Debug)]
pub(crate) struct TotpAccount(pub String);

/// Beside the TOTP secret: copy it, or hand it to an authenticator app on this device.
#[component]
fn SecretTools(secret: String) -> impl IntoView {
    let issuer = use_context::<TotpIssuer>().map(|i| i.0);
    let account = use_context::<TotpAccount>().map(|a| a.0);
    let link = otpauth_url(&secret, issuer.as_deref(), account.as_deref());
    let t = use_translator();
    let (copy, open) = (t.text("totp-copy"), t.text("totp-open-app"));
    view! {
        <p class="tools">
            <ToolButton>
                <button type="button" class="secondary needs-js" data-copy=secret data-testid="totp/copy">
                    {copy}
                </button>
            </ToolButton>
            <a class="button secondary" href=link data-testid="totp/otpauth">{open}</a>
            <CopiedStatus/>
        </p>
    }
}

/// Under revealed backup codes: how many are left, and copy, download and print.
#[component]
fn CodeTools(unused: Vec<String>, total: usize) -> impl IntoView {
    let t = use_translator();
    let count = t.text_with(
        "codes-unused",
        &[
            ("unused", Arg::Number(unused.len() as f64)),
            ("total", Arg::Number(total as f64)),
        ],
    );
    let all = unused.join("\n");
    let (copy, print, download_text) = (
        t.text("codes-copy"),
        t.text("codes-print"),
        t.text("codes-download"),
    );
    let download = format!(
        "data:text/plain;charset=utf-8,{}",
        percent_encode(&format!("{all}\n"))
    );
    view! {
        <p class="hint" data-testid="lookup/unused">{count}</p>
        <p class="tools">
            <ToolButton>
                <button type="button" class="secondary needs-js" data-copy=all data-testid="lookup/copy">
                    {copy}
                </button>
                <button type="button" class="secondary needs-js" data-print="" data-testid="lookup/print">
                    {print}
                </button>
            </ToolButton>
            <a class="button secondary" href=download download="backup-codes.txt" data-testid="lookup/download">
                {download_text}
            </a>
            <CopiedStatus/>
        </p>
    }
}

/// Where the copy buttons say how copying went: the words are the page's, in the visitor's
/// language (`data-copied`, `data-refused`); the island only puts one of them in.
#[component]
fn CopiedStatus() -> impl IntoView {
    let t = use_translator();
    view! {
        <span class="copied" role="status" aria-live="polite"
            data-copied=t.text("tool-copied") data-refused=t.text("tool-copy-refused")></span>
    }
}

/// The key URI authenticator apps read (Google's "Key Uri Format"), with Kratos's algorithm,
/// digits and period (`pquerna/otp` defaults, which Kratos v1.3.1 does not change).
fn otpauth_url(secret: &str, issuer: Option<&str>, account: Option<&str>) -> String {
    let account = account.unwrap_or("account");
    let mut url = String::from("otpauth://totp/");
    if let Some(issuer) = issuer {
        url.push_str(&percent_encode(issuer));
        url.push(':');
    }
    url.push_str(&percent_encode(account));
    url.push_str("?secret=");
    url.push_str(&percent_encode(secret));
    if let Some(issuer) = issuer {
        url.push_str("&issuer=");
        url.push_str(&percent_encode(issuer));
    }
    url.push_str("&algorithm=SHA1&digits=6&period=30");
    url
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[component]
pub(crate) fn ImageNode(attrs: ImageAttributes, label: Option<UiText>) -> impl IntoView {
    let ImageAttributes {
        src,
        id,
        width,
        height,
    } = attrs;
    let alt = label
        .map(|l| kratos_text(&use_translator(), &l))
        .unwrap_or_default();
    // Only images the page can show without loosening the CSP: data URIs (TOTP QR) and http(s).
    let allowed = src.starts_with("data:image/") || is_http_url(&src);
    allowed.then(|| {
        view! {
            <figure class="image-node">
                {img_tag(&src, width, height, &alt, &id)}
                {(!alt.is_empty()).then(|| view! { <figcaption>{alt.clone()}</figcaption> })}
            </figure>
        }
    })
}

/// The `<img>` written out by hand. The TOTP QR code is a data URI of about 5 KB that never
/// needs escaping, yet Leptos escapes attribute values byte by byte: that was 8 % of the
/// instructions of a whole settings view. [`push_attr_escaped`] finds clean values with memchr.
fn img_tag(
    src: &str,
    width: Option<u32>,
    height: Option<u32>,
    alt: &str,
    id: &str,
) -> leptos::tachys::html::InertElement {
    use std::fmt::Write;
    let mut html = String::with_capacity(src.len() + 2 * id.len() + alt.len() + 80);
    html.push_str("<img src=\"");
    push_attr_escaped(&mut html, src);
    html.push('"');
    for (name, value) in [("width", width), ("height", height)] {
        if let Some(value) = value {
            let _ = write!(html, " {name}=\"{value}\"");
        }
    }
    html.push_str(" alt=\"");
    push_attr_escaped(&mut html, alt);
    html.push_str("\" id=\"");
    push_attr_escaped(&mut html, id);
    html.push_str("\" data-testid=\"node/image/");
    push_attr_escaped(&mut html, id);
    html.push_str("\">");
    leptos::tachys::html::InertElement::new(html)
}

/// Appends `value` escaped for a double-quoted attribute by the escaper Leptos itself uses.
/// Values with nothing to escape, like a data URI, are found with two vectorised scans and copied.
fn push_attr_escaped(buf: &mut String, value: &str) {
    let bytes = value.as_bytes();
    if memchr::memchr3(b'&', b'"', b'<', bytes).is_none() && memchr::memchr(b'>', bytes).is_none() {
        buf.push_str(value);
    } else {
        html_escape::encode_double_quoted_attribute_to_string(value, buf);
    }
}

#[component]
pub(crate) fn AnchorNode(attrs: AnchorAttributes) -> impl IntoView {
    let AnchorAttributes { href, title, id } = attrs;
    let testid = format!("node/anchor/{id}");
    let text = kratos_text(&use_translator(), &title);
    if is_http_url(&href) {
        view! { <a href=href title=text.clone() id=id data-testid=testid>{text.clone()}</a> }
            .into_any()
    } else {
        // A link to anything but http(s) (javascript:, data:) is shown as text, not followed.
        view! { <span id=id data-testid=testid>{text}</span> }.into_any()
    }
}

#[component]
pub(crate) fn ScriptNode(attrs: ScriptAttributes) -> impl IntoView {
    // No nonce, Kratos's or this page's: the script runs because the CSP lists Kratos's origin,
    // and only scripts from there reach this renderer (`kratos::trust::confine_ui`). A nonce
    // would let any `src` run.
    let ScriptAttributes {
        src,
        id,
        is_async,
        referrerpolicy,
        crossorigin,
        integrity,
        script_type,
        ..
    } = attrs;
    is_http_url(&src).then(|| {
        view! {
            <script
                src=src
                integrity=integrity
                crossorigin=crossorigin
                referrerpolicy=referrerpolicy
                async=is_async
                type=script_type
                id=id.clone()
                data-testid=format!("node/script/{id}")
            ></script>
        }
    })
}

#[component]
pub(crate) fn DivNode(attrs: DivAttributes) -> impl IntoView {
    let DivAttributes { id, class, data } = attrs;
    // `data` keys become `data-*` attributes; names are restricted to what HTML allows.
    let data_attrs: Vec<leptos::attr::any_attribute::AnyAttribute> = data
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(|(k, v)| {
            leptos::attr::custom::custom_attribute(format!("data-{}", k.to_ascii_lowercase()), v)
                .into_any_attr()
        })
        .collect();
    view! { <div {..data_attrs} id=id class=class></div> }
}

fn field_id(group: &str, name: &str) -> String {
    let mut id = String::with_capacity(group.len() + name.len() + 2);
    for part in [group, "--", name] {
        id.extend(part.chars().map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        }));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::{otpauth_url, percent_encode};

    #[test]
    fn the_key_uri_names_issuer_and_account_and_encodes_them() {
        assert_eq!(
            otpauth_url("JBSWY3DP", Some("Acme Inc"), Some("ada@example.org")),
            "otpauth://totp/Acme%20Inc:ada%40example.org?secret=JBSWY3DP&issuer=Acme%20Inc&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            otpauth_url("JBSWY3DP", None, None),
            "otpauth://totp/account?secret=JBSWY3DP&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(percent_encode("a b\n&<\"é"), "a%20b%0A%26%3C%22%C3%A9");
    }
}
