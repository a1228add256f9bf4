//! Word senses of trigger candidates, learned from data: whether "released" names a release
//! or a report ("released figures"), "died" a death in a crackdown or of an illness,
//! "demonstrate" a protest or a proof ("demonstrate that").
//!
//! A [`SenseModel`] is a sparse linear model over named context features of a candidate (the
//! trigger's words, its neighbours, whether its "of" phrase names a person or a thing,
//! whether the police or a means of force are named in its sentence). It has no bag of the
//! words around the trigger: such features let the model memorise the notes it was trained
//! on without telling unseen ones better (see `scripts/sense-cv.sh`). Feature names are hashed (FNV-1a, streamed over their
//! parts, so scoring allocates nothing); the model file `data/models/sense.tsv` keeps the
//! names, so a reviewer can read it and [`SenseModel::explain`] can print the features that
//! decided. It is trained by averaged perceptron ([`train`]) with the
//! `train_sense` example program, deterministically, from the data that README names.

use std::collections::{BTreeMap, HashMap};

use vigil_model::{Document, EventType};

use crate::context::Ctx;
use crate::lexicon::{Lexicon, WordClass};
use crate::sentence::Sentence;
use crate::token::TokenKind;
use crate::trigger::Hit;

/// The first line of a model file: the format and its version.
pub const FORMAT: &str = "vigil.sense/1";
/// Passes over the training examples.
const EPOCHS: usize = 8;
/// A feature seen in fewer training candidates than this gets no weight.
const MIN_COUNT: usize = 2;
/// A candidate is left out only when its score is below this: the notes' labels are weak
/// (coded for one protest per note), so the model vetoes only what it is sure of. Chosen by
/// training on one fold of the tune notes and scoring on the other (`scripts/sense-cv.sh`:
/// held-out macro F1, the mean of both ways, 0.515 without the model, 0.530 at -2, 0.531 at
/// -3, 0.526 at -4, 0.523 at -5). -4 rather than -3: in-sample the model gains 0.038 over
/// held-out at -4 and 0.052 at -3, and that memorising is what parts the tune and check
/// halves (0.050 apart with the model trained on the whole tune half).
const VETO_BELOW: f32 = -4.0;

/// A learned decision: does this trigger candidate name an event here?
#[derive(Debug)]
pub struct SenseModel {
    weights: HashMap<u64, f32>,
    veto_below: f32,
}

impl Default for SenseModel {
    fn default() -> Self {
        Self {
            weights: HashMap::new(),
            veto_below: VETO_BELOW,
        }
    }
}

impl SenseModel {
    /// Parse a model file: the [`FORMAT`] line, then `weight<TAB>feature` lines.
    ///
    /// # Errors
    /// The first line that is not of that shape.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut lines = text.lines();
        if lines.next().map(str::trim) != Some(FORMAT) {
            return Err(format!("a sense model starts with {FORMAT}"));
        }
        let mut weights = HashMap::new();
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let (w, name) = line
                .split_once('\t')
                .ok_or_else(|| format!("not weight<TAB>feature: {line}"))?;
            let w: f32 = w.parse().map_err(|_| format!("not a weight: {line}"))?;
            weights.insert(hash_parts(&[name]), w);
        }
        Ok(Self {
            weights,
            veto_below: VETO_BELOW,
        })
    }

    /// The same model leaving out candidates that score below `threshold` instead of
    /// [`VETO_BELOW`] (to choose the threshold on held-out data).
    #[must_use]
    pub fn with_veto(mut self, threshold: f32) -> Self {
        self.veto_below = threshold;
        self
    }

    /// Whether the model takes trigger `hit` of sentence `s` for an event. An empty model
    /// takes every candidate, and a phrase ("died in custody", "shot dead") is its own
    /// context: word senses are a question for single words.
    pub(crate) fn accepts(&self, ctx: &Ctx<'_>, s: Sentence, hit: Hit) -> bool {
        self.weights.is_empty()
            || hit.last > hit.first + 1
            || self.score(ctx, s, hit) >= self.veto_below
    }

    fn score(&self, ctx: &Ctx<'_>, s: Sentence, hit: Hit) -> f32 {
        let mut total = 0.0;
        features(ctx, s, hit, &mut |parts| {
            total += self.weights.get(&hash_parts(parts)).copied().unwrap_or(0.0);
        });
        total
    }

    /// The score of every trigger candidate of `text` and its heaviest features, strongest
    /// first: why the model of `lexicon` decided as it did.
    pub fn explain(text: &str, lexicon: &Lexicon) -> Vec<Explanation> {
        let model = &lexicon.sense;
        let doc = Document::new("-", text.to_owned());
        let ctx = Ctx::new(&doc, text, lexicon);
        let mut out = Vec::new();
        for s in ctx.sentences.clone() {
            for hit in crate::trigger::candidates(&ctx, s) {
                let mut named = Vec::new();
                features(&ctx, s, hit, &mut |parts| {
                    let w = model
                        .weights
                        .get(&hash_parts(parts))
                        .copied()
                        .unwrap_or(0.0);
                    if w != 0.0 {
                        named.push((parts.concat(), w));
                    }
                });
                named.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
                named.truncate(8);
                out.push(Explanation {
                    trigger: ctx.slice(hit.first, hit.last).to_owned(),
                    kind: hit.kind,
                    score: model.score(&ctx, s, hit),
                    features: named,
                });
            }
        }
        out
    }
}

/// Why one candidate was taken or left: its score and its heaviest features.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The trigger as written.
    pub trigger: String,
    /// The type it would name.
    pub kind: EventType,
    /// The sum of the heaviest features' weights.
    pub score: f32,
    /// Feature names and weights, heaviest first.
    pub features: Vec<(String, f32)>,
}

/// FNV-1a over the bytes of `parts` in order: the hash of their concatenation.
fn hash_parts(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A token's word for a feature: numbers, in figures or words, are one word, and so are
/// weekdays and months, the police and troops, and the nouns of unnamed groups and their
/// members ("workers", "a student"): which weekday or which crowd tells nothing of a word's sense that the class
/// does not, and the words themselves would let the model learn the notes it is trained on
/// by heart.
fn word<'c>(ctx: &'c Ctx<'_>, k: usize) -> &'c str {
    let t = &ctx.tokens[k];
    let lex = ctx.lex;
    if t.kind == TokenKind::Number || crate::counts::is_number_word(&t.lower) {
        "<num>"
    } else if lex.words.is(WordClass::Calendar, &t.lower) {
        "<cal>"
    } else if lex.orgs.longest_at(&ctx.tokens, k).is_some() {
        "<auth>"
    } else if lex.groups.longest_at(&ctx.tokens, k).is_some()
        || lex.groups.has_word(&format!("{}s", t.lower))
    {
        "<group>"
    } else {
        &t.lower
    }
}

/// The context features of candidate `hit`, each given as parts to concatenate.
fn features(ctx: &Ctx<'_>, s: Sentence, hit: Hit, emit: &mut dyn FnMut(&[&str])) {
    let t = hit.kind.as_str();
    let w = trigger_key(ctx, hit);
    let at = |k: Option<usize>| {
        k.filter(|&k| k >= s.first && k < s.last)
            .map_or("<s>", |k| word(ctx, k))
    };
    let p1 = at(hit.first.checked_sub(1));
    let n1 = at(Some(hit.last));
    emit(&["w:", w]);
    emit(&["w:", w, "|p1:", p1]);
    emit(&["w:", w, "|n1:", n1]);
    emit(&["t:", t, "|p1:", p1]);
    emit(&["t:", t, "|n1:", n1]);
    if n1 == "of" {
        let of = of_object(ctx, s, hit.last + 1);
        emit(&["t:", t, "|of:", of]);
        emit(&["w:", w, "|of:", of]);
    }
    let (mut authority, mut force) = (false, false);
    for k in s.first..s.last {
        authority |= ctx.lex.orgs.longest_at(&ctx.tokens, k).is_some();
        force |= ctx.lex.force.longest_at(&ctx.tokens, k).is_some();
    }
    if authority {
        emit(&["t:", t, "|authority"]);
        emit(&["w:", w, "|authority"]);
    }
    if force {
        emit(&["t:", t, "|force"]);
    }
}

/// What the "of" phrase from token `from` names: `injury` when it is wounds or injuries ("died
/// of his injuries", "died of gunshot wounds"), `person` when one of its first three words
/// is a role, kin, group or organisation word or a capitalised name ("the trial of the
/// activist", "of Aibek Toktogulov"), `thing` otherwise ("a trial of the new vaccine").
fn of_object(ctx: &Ctx<'_>, s: Sentence, from: usize) -> &'static str {
    let lex = ctx.lex;
    let injury = (from..(from + 3).min(s.last)).any(|k| {
        matches!(
            ctx.tokens[k].lower.as_str(),
            "injuries"
                | "injury"
                | "wounds"
                | "wound"
                | "gunshot"
                | "beating"
                | "beatings"
                | "burns"
        )
    });
    if injury {
        return "injury";
    }
    let person = (from..(from + 3).min(s.last)).any(|k| {
        let t = &ctx.tokens[k];
        (t.capital && t.kind != TokenKind::Number && !ctx.is_function(k))
            || lex.roles.longest_at(&ctx.tokens, k).is_some()
            || lex.groups.longest_at(&ctx.tokens, k).is_some()
            || lex.orgs.longest_at(&ctx.tokens, k).is_some()
            || lex.kinship.contains_key(&t.lower)
    });
    if person { "person" } else { "thing" }
}

/// The trigger's first word; a phrase's words joined by "_" would need an allocation, and
/// its first word with its neighbours tells the same.
fn trigger_key<'c>(ctx: &'c Ctx<'_>, hit: Hit) -> &'c str {
    &ctx.tokens[hit.first].lower
}

/// One training example: a text, and which candidates of which type are events in it.
#[derive(Debug, Clone)]
pub struct SenseExample {
    /// The text (a sentence or a whole note).
    pub text: String,
    /// The label of candidates of this type; other types' candidates are not examples.
    pub labels: Vec<(EventType, bool)>,
    /// When set, only the candidate whose words are these (lowercase) is an example.
    pub trigger: Option<String>,
}

impl SenseExample {
    /// Examples from labelled sentences: `label<TAB>type<TAB>trigger<TAB>sentence` lines
    /// (label `event` or `other`), `#` comments and blank lines skipped.
    ///
    /// # Errors
    /// The first line that is not of that shape.
    pub fn from_sentences(tsv: &str) -> Result<Vec<Self>, String> {
        let mut out = Vec::new();
        for line in tsv
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let [label, kind, trigger, sentence] = line.split('\t').collect::<Vec<_>>()[..] else {
                return Err(format!(
                    "not label<TAB>type<TAB>trigger<TAB>sentence: {line}"
                ));
            };
            let kind = EventType::parse(kind).ok_or_else(|| format!("unknown type: {line}"))?;
            if !matches!(label, "event" | "other") {
                return Err(format!("the label is event or other: {line}"));
            }
            out.push(Self {
                text: sentence.to_owned(),
                labels: vec![(kind, label == "event")],
                trigger: Some(trigger.to_owned()),
            });
        }
        Ok(out)
    }

    /// Examples from protest notes (`protest-notes` JSON lines), only those whose id is in
    /// `ids` (one a line), in file order. A note's document labels are weak labels for its
    /// candidates: every protest candidate is an event (every note reports one); a
    /// dispersal, abuse or killing candidate is one when the note carries that label.
    /// Detention candidates are not learned from notes: coders left out arrests told in
    /// passing, which says nothing about a word's sense.
    ///
    /// # Errors
    /// A line that is not JSON.
    pub fn from_notes(jsonl: &str, ids: &str) -> Result<Vec<Self>, String> {
        let tune: std::collections::HashSet<&str> = ids.lines().map(str::trim).collect();
        let mut out = Vec::new();
        for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
            let note: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("a note that is not JSON: {e}"))?;
            if !note["id"].as_str().is_some_and(|id| tune.contains(id)) {
                continue;
            }
            let label = |name: &str| note["labels"][name].as_bool().unwrap_or(false);
            out.push(Self {
                text: note["text"].as_str().unwrap_or_default().to_owned(),
                labels: vec![
                    (EventType::Protest, true),
                    (EventType::Dispersal, label("dispersal")),
                    (EventType::Abuse, label("abuse")),
                    (EventType::Killing, label("killing")),
                ],
                trigger: None,
            });
        }
        Ok(out)
    }
}

/// How a model is trained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// Passes over the examples.
    pub epochs: usize,
    /// A feature seen in fewer candidates than this gets no weight.
    pub min_count: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: EPOCHS,
            min_count: MIN_COUNT,
        }
    }
}

/// Train a model by averaged perceptron over `examples`, in the order given, for a fixed
/// number of passes: the same examples give the same model, byte for byte.
pub fn train(examples: &[SenseExample], lexicon: &Lexicon) -> String {
    train_with(examples, lexicon, TrainOptions::default())
}

/// [`train`] with other options.
pub fn train_with(examples: &[SenseExample], lexicon: &Lexicon, options: TrainOptions) -> String {
    let mut data: Vec<(Vec<String>, bool)> = Vec::new();
    for ex in examples {
        let doc = Document::new("-", ex.text.clone());
        let ctx = Ctx::new(&doc, &ex.text, lexicon);
        for s in ctx.sentences.clone() {
            for hit in crate::trigger::candidates(&ctx, s) {
                let Some(&(_, label)) = ex.labels.iter().find(|(k, _)| *k == hit.kind) else {
                    continue;
                };
                let words = ctx.slice(hit.first, hit.last).to_lowercase();
                if ex.trigger.as_ref().is_some_and(|t| *t != words) {
                    continue;
                }
                let mut names = Vec::new();
                features(&ctx, s, hit, &mut |parts| names.push(parts.concat()));
                data.push((names, label));
            }
        }
    }
    if options.min_count > 1 {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (names, _) in &data {
            for n in names {
                *seen.entry(n.clone()).or_default() += 1;
            }
        }
        for (names, _) in &mut data {
            names.retain(|n| seen.get(n).is_some_and(|&c| c >= options.min_count));
        }
    }
    let model = perceptron(&data, options.epochs);
    let mut out = format!("{FORMAT}\n");
    for (name, w) in model {
        out.push_str(&format!("{w:.4}\t{name}\n"));
    }
    out
}

/// Averaged perceptron: weights by feature name, zero weights left out.
fn perceptron(data: &[(Vec<String>, bool)], epochs: usize) -> BTreeMap<String, f32> {
    let mut w: HashMap<&str, f64> = HashMap::new();
    let mut total: HashMap<&str, f64> = HashMap::new();
    let mut stamp: HashMap<&str, usize> = HashMap::new();
    let mut step = 0usize;
    for _ in 0..epochs {
        for (names, label) in data {
            step += 1;
            let score: f64 = names
                .iter()
                .map(|n| w.get(n.as_str()).copied().unwrap_or(0.0))
                .sum();
            if (score >= 0.0) == *label {
                continue;
            }
            let delta = if *label { 1.0 } else { -1.0 };
            for n in names {
                let n = n.as_str();
                let old = w.get(n).copied().unwrap_or(0.0);
                let since = step - stamp.get(n).copied().unwrap_or(0);
                *total.entry(n).or_default() += old * since as f64;
                stamp.insert(n, step);
                w.insert(n, old + delta);
            }
        }
    }
    let steps = step.max(1) as f64;
    let mut out = BTreeMap::new();
    for (n, &v) in &w {
        let since = step - stamp.get(n).copied().unwrap_or(0);
        let avg = (total.get(n).copied().unwrap_or(0.0) + v * since as f64) / steps;
        let rounded = (avg * 10_000.0).round() / 10_000.0;
        if rounded != 0.0 {
            out.insert((*n).to_owned(), rounded as f32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_parts_is_hashing_their_concatenation() {
        assert_eq!(
            hash_parts(&["w:", "died", "|n1:", "of"]),
            hash_parts(&["w:died|n1:of"])
        );
    }

    #[test]
    fn a_model_file_round_trips_and_bad_lines_are_refused() {
        let model = SenseModel::parse("vigil.sense/1\n-1.5\tw:died|n1:of\n0.5\tb:killing\n")
            .expect("a valid model");
        assert_eq!(model.weights.len(), 2);
        assert!(SenseModel::parse("0.5\tb:killing\n").is_err());
        assert!(SenseModel::parse("vigil.sense/1\nheavy\tb:killing\n").is_err());
    }
}
