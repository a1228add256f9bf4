//! The extract stage: a [`vigil_model::Document`] → entities and events with evidence.
//!
//! [`extract`] reads a cleaned report with the compiled [`Lexicon`] and returns its
//! [`vigil_model::Analysis`]: people, organisations, groups and places; events of every type
//! in the taxonomy with trigger, sentence, participants by role, place, date, counts, claim,
//! charge, penalty, status and confidence; and diagnostics for what it could not settle.
//! Rules carry stable codes, listed in [`RULES`].
//!
//! ```
//! use vigil_extract::{Lexicon, extract};
//! use vigil_model::Document;
//!
//! let lexicon = Lexicon::english();
//! let doc = Document::new("-", "Police detained three activists on Monday.".to_owned());
//! let analysis = extract(&doc, &lexicon);
//! assert_eq!(analysis.events[0].kind.as_str(), "detention");
//! ```

mod analysis;
mod caption;
mod context;
mod counts;
mod dates;
mod entities;
mod force;
mod gazetteer;
mod gazetteer_glue;
mod geo;
mod language;
mod lexicon;
mod mention;
mod money;
mod penalty;
mod place;
mod relations;
mod rules;
mod sense;
mod sentence;
mod status;
mod temporal;
mod token;
mod trigger;

pub use analysis::extract;
pub use lexicon::Lexicon;
pub use rules::RULES;
pub use sense::{
    Explanation, FORMAT as SENSE_FORMAT, SenseExample, SenseModel,
    TrainOptions as SenseTrainOptions, train as train_sense, train_with as train_sense_with,
};
