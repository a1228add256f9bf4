//! Charts drawn on the server as inline SVG: the weekly timeline and the map.

pub mod map;
pub mod timeline;
