//! Renders Kratos UI nodes as plain HTML forms that post straight to Kratos: one renderer per node
//! kind, one section (form) per Kratos group. Everything Kratos sends is rendered as text.

mod islands;
mod messages;
mod nodes;
mod sections;

pub use islands::{PendingForm, TriggerButton};
pub use messages::{Message, Messages};
pub use nodes::{AnchorNode, DivNode, ImageNode, InputNode, Node, ScriptNode, TextNode};
pub use sections::{section_for, FlowForms, GroupSection, Section, SECTIONS};
