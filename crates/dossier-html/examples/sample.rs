//! Writes the sample briefing of dossier-doc as web pages, to look at in a
//! browser: `cargo run -p dossier-html --example sample -- OUT_DIR`.

use dossier_doc::sample::sample_document;
use dossier_doc::Theme;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "target".into());
    let theme = Theme::default();
    for (persian, lang) in [(false, "en"), (true, "fa")] {
        let doc = sample_document(persian, 3, &theme);
        let html = dossier_html::write(&doc, &dossier_html::Options::default())?;
        let path = std::path::Path::new(&dir).join(format!("sample.{lang}.html"));
        std::fs::write(&path, &html)?;
        println!("{} {} bytes", path.display(), html.len());
    }
    Ok(())
}
