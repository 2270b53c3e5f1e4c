use super::{Node, PendingForm};
use crate::i18n::use_translator;
use crate::kratos::webauthn::exclude_registered_credentials;
use crate::kratos::{NodeAttributes, UiContainer, UiNode};
use leptos::prelude::*;

/// A Kratos node group shown as its own form, in Kratos's settings order
/// (`selfservice/flow/settings/sort.go`). Its heading is `section-<group>` in the catalog, and
/// its description `section-<group>-hint` where `hinted`.
pub(crate) struct Section {
    pub group: &'static str,
    pub hinted: bool,
}

pub(crate) const SECTIONS: &[Section] = &[
    Section {
        group: "profile",
        hinted: true,
    },
    Section {
        group: "password",
        hinted: true,
    },
    Section {
        group: "oidc",
        hinted: true,
    },
    Section {
        group: "lookup_secret",
        hinted: true,
    },
    Section {
        group: "webauthn",
        hinted: true,
    },
    Section {
        group: "passkey",
        hinted: true,
    },
    Section {
        group: "totp",
        hinted: true,
    },
    // Groups Kratos uses in login flows.
    Section {
        group: "code",
        hinted: false,
    },
    Section {
        group: "identifier_first",
        hinted: false,
    },
];

pub(crate) fn section_for(group: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.group == group)
}

fn rank(group: &str) -> usize {
    SECTIONS
        .iter()
        .position(|s| s.group == group)
        .unwrap_or(SECTIONS.len())
}

/// Every group of a flow as its own `<form action=ui.action method=post>`, each carrying the
/// `default` group's nodes (the CSRF token). Script nodes are not form controls; they go after the forms.
#[component]
pub fn FlowForms(mut ui: UiContainer, #[prop(optional)] headings: bool) -> impl IntoView {
    exclude_registered_credentials(&mut ui.nodes);
    let mut scripts = Vec::new();
    let mut shared = Vec::new();
    // Each group's own nodes, moved rather than copied: only `shared` is repeated in every form.
    let mut groups: Vec<(String, Vec<UiNode>)> = Vec::new();
    for node in ui.nodes {
        if matches!(node.attributes, NodeAttributes::Script(_)) {
            scripts.push(node);
        } else if node.group == "default" {
            shared.push(node);
        } else if let Some((_, nodes)) = groups.iter_mut().find(|(g, _)| *g == node.group) {
            nodes.push(node);
        } else {
            groups.push((node.group.clone(), vec![node]));
        }
    }
    // Stable: unknown groups keep Kratos's order, after the known ones.
    groups.sort_by_key(|(g, _)| rank(g));
    let forms = groups
        .into_iter()
        .map(|(group, own)| {
            // Hidden shared nodes (the CSRF token) go into every form. A visible one, such as the
            // login identifier Kratos v1.3.1 shares between password and passkey, goes only into
            // forms submitted with a `method` button: the passkey form is submitted by Kratos's
            // script, which needs no identifier, and a second email field would only confuse.
            let submits_method = own.iter().any(is_method_button);
            let mut nodes: Vec<UiNode> = shared
                .iter()
                .filter(|node| submits_method || is_hidden_input(node))
                .cloned()
                .map(|mut node| {
                    // Field ids are made from the group; the form's group keeps them unique.
                    node.group.clone_from(&group);
                    node
                })
                .collect();
            nodes.extend(own);
            view! {
                <GroupSection
                    group=group
                    nodes=nodes
                    action=ui.action.clone()
                    method=ui.method.clone()
                    heading=headings
                />
            }
        })
        .collect_view();
    view! {
        {forms}
        {scripts.into_iter().map(|node| view! { <Node node/> }).collect_view()}
    }
}

#[component]
pub(crate) fn GroupSection(
    group: String,
    nodes: Vec<UiNode>,
    action: String,
    method: String,
    heading: bool,
) -> impl IntoView {
    let t = use_translator();
    // Only settings pages show headings; the sign-in page's forms need none.
    let titled = heading.then(|| {
        let known = section_for(&group);
        let title = known
            .map(|s| t.text(&format!("section-{}", s.group)))
            .unwrap_or_else(|| humanize(&group));
        let description = known
            .filter(|s| s.hinted)
            .map(|s| t.text(&format!("section-{}-hint", s.group)));
        (title, description)
    });
    let needs_js = NEEDS_SCRIPT
        .contains(&group.as_str())
        .then(|| t.text("section-needs-js"));
    let heading_id = format!("section-{group}");
    let labelled_by = heading.then(|| heading_id.clone());
    view! {
        <section class="card" aria-labelledby=labelled_by data-group=group.clone()>
            {titled.map(|(title, description)| view! {
                <h2 id=heading_id>{title}</h2>
                {description.map(|d| view! { <p class="hint">{d}</p> })}
            })}
            {needs_js.map(|text| view! {
                <noscript>
                    <p class="message info" data-testid="ui/needs-js">{text}</p>
                </noscript>
            })}
            <PendingForm>
                <form action=action method=method.to_lowercase()>
                    {nodes.into_iter().map(|node| view! { <Node node/> }).collect_view()}
                </form>
            </PendingForm>
        </section>
    }
}

/// Groups whose buttons run Kratos's `webauthn.js`: without JavaScript they cannot add or use a
/// key, so the section says so (and the stylesheet hides the buttons, `.trigger-scope`).
const NEEDS_SCRIPT: &[&str] = &["webauthn", "passkey"];

fn is_hidden_input(node: &UiNode) -> bool {
    matches!(&node.attributes, NodeAttributes::Input(a) if a.input_type == "hidden")
}

fn is_method_button(node: &UiNode) -> bool {
    matches!(&node.attributes, NodeAttributes::Input(a) if a.input_type == "submit" && a.name == "method")
}

fn humanize(group: &str) -> String {
    let text = group.replace(['_', '-'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Other".into(),
    }
}
