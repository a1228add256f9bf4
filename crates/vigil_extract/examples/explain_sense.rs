//! Print the word-sense model's decision on every trigger candidate of each argument: its
//! score and the heaviest features ("why was \"died\" left out here?").
//!
//! `cargo run --release -p vigil_extract --example explain_sense -- "TEXT" …`

use vigil_extract::{Lexicon, SenseModel};

fn main() {
    let lexicon = Lexicon::english();
    for text in std::env::args().skip(1) {
        println!("{text}");
        for e in SenseModel::explain(&text, &lexicon) {
            println!("  {} \"{}\" {:+.2}", e.kind.as_str(), e.trigger, e.score);
            for (name, w) in &e.features {
                println!("      {w:+.2} {name}");
            }
        }
    }
}
