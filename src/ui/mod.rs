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
