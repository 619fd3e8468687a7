//! Render options: a chart inside a figure draws neither its title block
//! nor its source note, and gives their height to the plot; the default
//! draws both.

use super::{en, fa};
use dossier_canvas::svg::to_svg;

use crate::examples::samples;
use crate::*;

#[test]
fn a_figure_leaves_title_and_source_to_the_document() {
    for lang in [fa(), en()] {
        for (spec, data) in samples(lang) {
            let (_, standalone) = render_with_layout(&spec, &data, lang).unwrap();
            let (_, figure) =
                render_with_layout_and_options(&spec, &data, lang, RenderOptions::FIGURE).unwrap();
            let roles = |l: &ChartLayout| l.labels.iter().map(|p| p.role).collect::<Vec<_>>();
            let (s, f) = (roles(&standalone), roles(&figure));
            for role in [Role::Title, Role::Subtitle, Role::Note] {
                assert!(
                    s.contains(&role),
                    "{:?}: standalone lacks {role:?}",
                    spec.kind
                );
                assert!(!f.contains(&role), "{:?}: figure draws {role:?}", spec.kind);
            }
            assert!(f.contains(&Role::XTick));
            // The height goes to the plot (a timeline keeps its band and
            // labels on the axis, so its plot may keep its height).
            assert!(
                figure.plot.bottom() - figure.plot.y
                    >= standalone.plot.bottom() - standalone.plot.y,
                "{:?}",
                spec.kind
            );
            if spec.kind != ChartKind::Timeline {
                assert!(
                    figure.plot.height > standalone.plot.height + 30.0,
                    "{:?}",
                    spec.kind
                );
            }
            let only_title = RenderOptions {
                title: false,
                source_note: true,
            };
            let (_, l) = render_with_layout_and_options(&spec, &data, lang, only_title).unwrap();
            assert!(roles(&l).contains(&Role::Note) && !roles(&l).contains(&Role::Title));
        }
    }
}

#[test]
fn the_default_is_a_standalone_chart() {
    assert_eq!(RenderOptions::default(), RenderOptions::STANDALONE);
    for (spec, data) in samples(fa()) {
        let a = render(&spec, &data, fa()).unwrap();
        let b = render_with_options(&spec, &data, fa(), RenderOptions::STANDALONE).unwrap();
        assert_eq!(to_svg(&a), to_svg(&b));
    }
}
