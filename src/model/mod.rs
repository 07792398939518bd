//! The typed model of what users write: streams (cards, conditions, routes), rosters and visitors.
//!
//! Every field that a finding may point at keeps its [`Spanned`](crate::source::Spanned) position.
//! A card reused through a YAML alias appears once per place it is used, all copies carrying the
//! anchor's position: one source location, several places in the tree.

pub mod condition;
pub mod roster;
pub mod route;
pub mod stream;
pub mod visitors;

pub use condition::{Condition, Operator};
pub use roster::Roster;
pub use route::{Route, RouteKind, RoutingRule, RuleTarget};
pub use stream::*;
pub use visitors::Visitors;
