//! Renders Kratos UI nodes as plain HTML forms that post straight to Kratos: one renderer per node
//! kind, one section (form) per Kratos group. Everything Kratos sends is rendered as text.

mod islands;
mod messages;
mod nodes;
mod sections;
mod session;

pub(crate) use nodes::TotpAccount;
pub use nodes::{Node, NodeProps};
pub use sections::{FlowForms, FlowFormsProps};

pub(crate) use islands::{PendingForm, ToolButton, TriggerButton};
pub(crate) use messages::{Message, Messages};
pub(crate) use session::{SessionCard, SignOutOthersForm};

/// `path` (one of `paths`, possibly with a query) under the base path the app is served at
/// (`paths::BasePath`, provided by the server for each page; none in tests that render alone).
pub(crate) fn link(path: &str) -> String {
    use leptos::prelude::use_context;
    use_context::<crate::paths::BasePath>()
        .unwrap_or_default()
        .at(path)
}
