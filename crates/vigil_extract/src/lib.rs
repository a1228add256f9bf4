//! The extract stage: a [`vigil_model::Document`] → entities and events with evidence.
//! (Skeleton: the extract work fills it in.)

mod counts;
mod dates;
mod gazetteer;
mod money;
mod penalty;
