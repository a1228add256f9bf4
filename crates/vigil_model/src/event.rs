//! Events and their arguments: what happened, to whom, by whom, where, when.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Range, Span};

/// The event types of the design's `TAXONOMY.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventType {
    /// People publicly demonstrate.
    Protest,
    /// Authorities break up a protest.
    Dispersal,
    /// A person is taken into custody.
    Detention,
    /// A person's whereabouts become unknown after being taken.
    Disappearance,
    /// A home, office or outlet is searched.
    Raid,
    /// Violence against a person in the authorities' hands.
    Abuse,
    /// A person is killed by the authorities or dies in a crackdown.
    Killing,
    /// A person is formally accused.
    Charge,
    /// A court hears the case.
    Trial,
    /// Custody or punishment other than a fine is imposed.
    Sentence,
    /// A monetary penalty.
    Fine,
    /// A court reviews an earlier decision.
    Appeal,
    /// A person leaves custody.
    Release,
    /// Movement or speech restricted.
    Restriction,
}

impl EventType {
    /// Every type, in taxonomy order.
    pub const ALL: [EventType; 14] = [
        Self::Protest,
        Self::Dispersal,
        Self::Detention,
        Self::Disappearance,
        Self::Raid,
        Self::Abuse,
        Self::Killing,
        Self::Charge,
        Self::Trial,
        Self::Sentence,
        Self::Fine,
        Self::Appeal,
        Self::Release,
        Self::Restriction,
    ];

    /// The name used in JSON and in lexicon files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Protest => "protest",
            Self::Dispersal => "dispersal",
            Self::Detention => "detention",
            Self::Disappearance => "disappearance",
            Self::Raid => "raid",
            Self::Abuse => "abuse",
            Self::Killing => "killing",
            Self::Charge => "charge",
            Self::Trial => "trial",
            Self::Sentence => "sentence",
            Self::Fine => "fine",
            Self::Appeal => "appeal",
            Self::Release => "release",
            Self::Restriction => "restriction",
        }
    }

    /// The type named `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// One event proposed from a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Local id (`e1`, `e2`…).
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// The word or phrase that names the event.
    pub trigger: Span,
    /// The sentence that states it.
    pub sentence: Range,
    /// When.
    pub date: Option<DateSpan>,
    /// Where.
    pub place: Option<Place>,
    /// Who, in which role.
    pub participants: Vec<Participant>,
    /// What a protest demanded or opposed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// The offence as the report words it.
    pub charge: Option<String>,
    /// The force used, for a dispersal (or a killing, an abuse) where the report names it:
    /// tear gas, rubber bullets, water cannon, live fire, batons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub force: Vec<Force>,
    /// The penalty imposed (for an appeal that changes a sentence, the new one).
    pub penalty: Option<Penalty>,
    /// For an `appeal`: its outcome and the sentence it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<Appeal>,
    /// Negation, modality and who reported it.
    pub status: Status,
    /// Every sentence that contributes a field.
    pub evidence: Vec<Range>,
    /// The extractor's own estimate, 0–1.
    pub confidence: f64,
}

/// A means of force the authorities used against people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Force {
    /// Tear gas, pepper spray, other irritants.
    TearGas,
    /// Rubber, plastic or sponge bullets, birdshot, pellets.
    RubberBullets,
    /// Water cannon.
    WaterCannon,
    /// Live ammunition: shots fired, opened fire.
    LiveFire,
    /// Batons, clubs, whips, baton charges.
    Batons,
    /// Stun or sound grenades.
    StunGrenades,
    /// Beating and other physical force.
    Beating,
}

impl Force {
    /// Every kind, in the order above.
    pub const ALL: [Force; 7] = [
        Self::TearGas,
        Self::RubberBullets,
        Self::WaterCannon,
        Self::LiveFire,
        Self::Batons,
        Self::StunGrenades,
        Self::Beating,
    ];

    /// The name used in JSON and in lexicon files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TearGas => "tear_gas",
            Self::RubberBullets => "rubber_bullets",
            Self::WaterCannon => "water_cannon",
            Self::LiveFire => "live_fire",
            Self::Batons => "batons",
            Self::StunGrenades => "stun_grenades",
            Self::Beating => "beating",
        }
    }

    /// The kind named `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// A calendar day.
    Day,
    /// A week.
    Week,
    /// A month.
    Month,
    /// A year.
    Year,
    /// Not resolved.
    Unknown,
}

impl DatePrecision {
    /// The name it has in the JSON contract ("day", "week", …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
            Self::Unknown => "unknown",
        }
    }
}

/// When an event happened, as resolved and as the report said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateSpan {
    /// First day, if resolved.
    pub start: Option<NaiveDate>,
    /// Last day, if resolved.
    pub end: Option<NaiveDate>,
    /// How precise.
    pub precision: DatePrecision,
    /// The words of the report.
    pub text: String,
    /// The event the expression is relative to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// How precisely a place is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlacePrecision {
    /// A named building or spot.
    Site,
    /// A city or town.
    City,
    /// A region or province.
    Region,
    /// A country.
    Country,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The location entity, if one was found.
    pub entity: Option<String>,
    /// The place's name.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// A named building or spot ("city hall").
    pub site: Option<String>,
    /// How precise.
    pub precision: PlacePrecision,
}

/// The roles a participant can play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParticipantRole {
    /// Who detained, fined, dispersed.
    Agent,
    /// The court or ministry that decided.
    Authority,
    /// Who was detained, sentenced, fined, released.
    Target,
    /// Who took part in a protest.
    Participant,
    /// Who organised a protest.
    Organizer,
    /// Who told the reporter.
    Source,
}

/// One participant of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// The role played.
    pub role: ParticipantRole,
    /// The entity, if resolved.
    pub entity: Option<String>,
    /// The words of the report.
    pub text: String,
    /// How many, for crowds and groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<Count>,
    /// For a person the report describes only by kin or role ("Temirova's husband", "her
    /// lawyer"): whom they are related to, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<Related>,
}

/// A participant described by a relation to an entity: the participant is the `kind` of
/// `entity` ("parent": the entity's parent; "lawyer_of": the entity's lawyer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// What the participant is to the entity.
    #[serde(rename = "type")]
    pub kind: crate::RelationKind,
    /// Local id of the entity.
    pub entity: String,
}

/// What an appeal (or a higher court's review) did to a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealOutcome {
    /// An appeal was filed; no decision told.
    Filed,
    /// The sentence stands.
    Upheld,
    /// The sentence was cut, shortened or commuted.
    Reduced,
    /// The sentence was lengthened or made harsher.
    Increased,
    /// The conviction or sentence was quashed or annulled.
    Overturned,
}

/// The appeal facts of an `appeal` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    /// What happened to the sentence.
    pub outcome: AppealOutcome,
    /// Local id of the earlier `sentence` event of the same report it concerns, if told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
}

/// A count of people: "at least 12" → min 12.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// Lower bound.
    pub min: Option<u64>,
    /// Upper bound.
    pub max: Option<u64>,
    /// The words of the report.
    pub text: String,
}

/// Kinds of penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyKind {
    /// Jail.
    Jail,
    /// Administrative arrest.
    AdministrativeArrest,
    /// Prison.
    Prison,
    /// A fine.
    Fine,
    /// Probation or a suspended sentence.
    Probation,
    /// Community service.
    CommunityService,
    /// Anything else.
    Other,
}

/// A penalty imposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalty {
    /// What kind.
    pub kind: PenaltyKind,
    /// Duration in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Duration in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// Duration in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
    /// Amount of a fine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    /// ISO 4217 currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The words of the report.
    pub text: String,
}

/// Whether the event happened, as the report tells it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// The report says it did not happen.
    pub negated: bool,
    /// Feared, threatened, possible, planned.
    pub hypothetical: bool,
    /// Who said so, as worded ("her lawyer").
    pub reported_by: Option<String>,
}
