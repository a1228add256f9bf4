//! `vigil eval`: measure each stage against gold data.

pub mod clean;
pub mod events;
