//! Synthetic pages (plain-text dumps and HTML) under `tests/fixtures/`, each
//! cleaned and snapshotted as its `Document` in JSON, one snapshot per
//! fixture named after it. Each also checks that cleaning the document's own
//! text as a plain-text page gives the same text back.

use std::path::PathBuf;

use vigil_clean::{CleanSettings, clean};
use vigil_model::{Document, RawPage};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Clean one fixture as the binary would: no content type, no hints.
fn clean_fixture(file: &str) -> Document {
    let page = RawPage {
        source: file.to_owned(),
        bytes: std::fs::read(fixtures_dir().join(file)).expect("fixture is there"),
        ..RawPage::default()
    };
    let doc = clean(&page, &CleanSettings::default()).expect("fixture cleans");
    let again = RawPage {
        source: file.to_owned(),
        content_type: Some("text/plain; charset=utf-8".to_owned()),
        bytes: doc.text.clone().into_bytes(),
        ..RawPage::default()
    };
    let again = clean(&again, &CleanSettings::default()).expect("own text cleans");
    assert_eq!(
        again.text, doc.text,
        "cleaning {file}'s own text changed it"
    );
    doc
}

macro_rules! fixtures {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                insta::assert_json_snapshot!($file, clean_fixture($file));
            }
        )*

        const FILES: &[&str] = &[$($file),*];
    };
}

fixtures! {
    article_full => "article-full.html",
    article_twin_boxes => "article-twin-boxes.html",
    banners => "banners.txt",
    bom_utf16le => "bom-utf16le.html",
    bom_utf8 => "bom-utf8.txt",
    byline_date => "byline-date.txt",
    caption_repeated_apart => "caption-repeated-apart.txt",
    caption_twice => "caption-twice.txt",
    click_here => "click-here.txt",
    cookie_consent => "cookie-consent.txt",
    cp1251_russian => "cp1251-russian.html",
    dateline_ap => "dateline-ap.txt",
    dateline_emdash => "dateline-emdash.txt",
    dateline_reuters => "dateline-reuters.txt",
    hard_wrapped => "hard-wrapped.txt",
    koi8r_russian => "koi8r-russian.txt",
    law_report_kept => "law-report-kept.txt",
    legal_fine_notice => "legal-fine-notice.txt",
    most_read_block => "most-read-block.txt",
    nav_skip_links => "nav-skip-links.txt",
    newsletter => "newsletter.txt",
    newsletter_box => "newsletter-box.txt",
    notice_blocked_vpn => "notice-blocked-vpn.txt",
    notice_foreign_agent => "notice-foreign-agent.txt",
    notice_read_via_telegram => "notice-read-via-telegram.txt",
    notice_undesirable => "notice-undesirable.txt",
    promo_box => "promo-box.txt",
    promo_partner_outlet => "promo-partner-outlet.txt",
    promo_podcast => "promo-podcast.txt",
    promo_sentence_kept => "promo-sentence-kept.txt",
    related_block_mid => "related-block-mid.txt",
    rss_item => "rss-item.html",
    share_print_comment => "share-print-comment.txt",
    standfirst_related => "standfirst-related.txt",
    subscription => "subscription.txt",
}

#[test]
fn every_fixture_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|f| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(listed.len() >= 20);
}
