//! The web editions in a real browser: every report under `reports/` is
//! built as HTML and loaded in headless Chromium at 1280 and 390 px wide.
//! A check script, added to a copy of each page (the page itself forbids
//! scripts), reports whether the page overflows horizontally, whether
//! every web font loaded, whether headings go down one level at a time,
//! and whether every SVG and image has alternative text. Screenshots of
//! the pages themselves land beside them, for a person to look at.
//!
//! Skipped, with a message, when `chromium` is not installed
//! (`scripts/test` installs it).

use std::path::Path;
use std::process::Command;

use dossier_e2e::root;
use dossier_report::{build, BuildOptions};

/// Runs in the page copy once fonts settle; writes its findings on the
/// root element as `data-check`.
const CHECK: &str = r#"<script>
document.fonts.ready.then(() => {
  const r = [];
  const w = document.documentElement.scrollWidth, v = window.innerWidth;
  if (w > v) r.push(`overflow ${w}>${v}`);
  const faces = [...document.fonts];
  if (faces.length === 0) r.push('no web font');
  for (const f of faces) if (f.status !== 'loaded') r.push(`font ${f.weight} ${f.status}`);
  let last = 0;
  for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
    const l = +h.tagName[1];
    if (l > last + 1) r.push(`heading ${h.tagName} after h${last}: ${h.textContent.slice(0, 40)}`);
    last = l;
  }
  for (const s of document.querySelectorAll('svg')) {
    if (s.parentElement.closest('svg')) continue;
    if (!(s.getAttribute('aria-label') || '').trim()) r.push('svg without alternative text');
  }
  for (const i of document.querySelectorAll('img')) if (!i.hasAttribute('alt')) r.push('img without alt');
  document.documentElement.dataset.check = r.length ? r.join(' | ') : 'ok';
});
</script>"#;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn headless(
    browser: &str,
    (width, height): (u32, u32),
    extra: &[String],
    page: &Path,
) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--virtual-time-budget=10000",
            &format!("--window-size={width},{height}"),
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("{browser} could not run: {e}"))
}

/// The findings of the check script on `page` at `width` px.
fn check(browser: &str, page: &Path, width: u32) -> String {
    let html = std::fs::read_to_string(page).expect("read page");
    // The copy drops the policy so the check may run, and nothing else.
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("a policy");
    let end = start + html[start..].find('>').expect("meta ends") + 1;
    let copy = format!("{}{}", &html[..start], &html[end..])
        .replace("</body>", &format!("{CHECK}</body>"));
    let copy_path = page.with_extension(format!("check{width}.html"));
    std::fs::write(&copy_path, copy).expect("write copy");
    let out = headless(browser, (width, 900), &["--dump-dom".into()], &copy_path);
    let dom = String::from_utf8_lossy(&out.stdout);
    let at = dom.find("data-check=\"").unwrap_or_else(|| {
        panic!(
            "{}: the check did not run at {width} px:\n{}",
            page.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let rest = &dom[at + "data-check=\"".len()..];
    rest[..rest.find('"').unwrap_or(rest.len())]
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&")
}

#[test]
fn web_editions_read_well_in_a_browser() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: chromium is not installed (Debian package `chromium`; scripts/test installs it)");
        return;
    };
    let out = root().join("target").join("browser");
    std::fs::create_dir_all(&out).expect("output folder");
    let options = BuildOptions {
        html: true,
        source_date_epoch: Some(1_764_288_000),
        ..Default::default()
    };
    let mut pages = 0;
    let mut reports: Vec<_> = std::fs::read_dir(root().join("reports"))
        .expect("reports/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("report.toml").is_file())
        .collect();
    reports.sort();
    let mut problems = Vec::new();
    for report in reports {
        let built =
            build(&report, &options).unwrap_or_else(|e| panic!("{}: {e}", report.display()));
        for file in built.files.iter().filter(|f| f.name.ends_with(".html")) {
            let page = out.join(&file.name);
            std::fs::write(&page, &file.bytes).expect("write page");
            pages += 1;
            for width in [1280, 390] {
                let found = check(browser, &page, width);
                if found != "ok" {
                    problems.push(format!("{} at {width} px: {found}", file.name));
                }
                let shot = page.with_extension(format!("{width}.png"));
                // Tall enough to show the cover, the contents and the first pages.
                headless(
                    browser,
                    (width, 5000),
                    &[format!("--screenshot={}", shot.display())],
                    &page,
                );
            }
        }
    }
    assert!(pages > 0, "no web edition was built");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
