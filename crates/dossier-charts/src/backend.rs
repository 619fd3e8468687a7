//! A plotters [`DrawingBackend`] that records vector items into a [`Scene`].
//!
//! plotters works in whole pixels. To keep sub-point precision the backend
//! reports a surface [`SUBPIXEL`] times larger than the scene in points and
//! divides every coordinate (and stroke width) by that factor when it records
//! an item. Nothing is rasterised here: lines, rectangles, paths, circles and
//! polygons become [`Item::Path`]s, and text goes through dossier-canvas
//! (shaping, bidi) and becomes glyph runs.

use std::cell::RefCell;
use std::rc::Rc;

use dossier_canvas::{Color, Direction, Item, Path, Point, Rect, Scene, SpanStyle, Stroke, Weight};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

/// Backend pixels per point.
pub const SUBPIXEL: f32 = 8.0;

/// Points → backend pixels.
pub fn px(v: f32) -> i32 {
    (v * SUBPIXEL).round() as i32
}

/// Backend pixels → points.
fn pt(v: i32) -> f32 {
    v as f32 / SUBPIXEL
}

fn point(c: BackendCoord) -> Point {
    Point::new(pt(c.0), pt(c.1))
}

fn color(c: BackendColor) -> Color {
    Color::rgb(c.rgb.0, c.rgb.1, c.rgb.2).with_alpha(c.alpha.clamp(0.0, 1.0) as f32)
}

/// What the backend refuses to do.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// Rotated text is not supported: chart text is laid out horizontally.
    #[error("rotated text is not supported ({0:?})")]
    RotatedText(String),
    /// The text could not be shaped with the embedded fonts.
    #[error(transparent)]
    Text(#[from] dossier_canvas::TextError),
}

/// Records plotters drawing calls into a shared [`Scene`].
pub struct SceneBackend {
    scene: Rc<RefCell<Scene>>,
    size: (u32, u32),
}

impl SceneBackend {
    /// A backend drawing into `scene`, whose size in points gives the surface.
    pub fn new(scene: Rc<RefCell<Scene>>) -> SceneBackend {
        let (w, h) = {
            let s = scene.borrow();
            (s.width, s.height)
        };
        SceneBackend {
            scene,
            size: (px(w).max(1) as u32, px(h).max(1) as u32),
        }
    }

    fn push(&mut self, item: Item) {
        self.scene.borrow_mut().push(item);
    }

    fn stroke_of<S: BackendStyle>(style: &S) -> Option<Stroke> {
        let c = style.color();
        if c.alpha == 0.0 || style.stroke_width() == 0 {
            return None;
        }
        Some(Stroke::solid(
            color(c),
            style.stroke_width() as f32 / SUBPIXEL,
        ))
    }
}

/// Direction of a label from its content: right-to-left when it holds any
/// Arabic-script letter.
pub fn direction_of(text: &str) -> Direction {
    if text
        .chars()
        .any(|c| matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF))
    {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

fn text_label<T: BackendTextStyle>(
    text: &str,
    style: &T,
) -> Result<std::sync::Arc<dossier_canvas::Label>, BackendError> {
    let weight = match style.style() {
        FontStyle::Bold => Weight::Bold,
        _ => Weight::Regular,
    };
    let span = SpanStyle::new(style.size() as f32 / SUBPIXEL, weight, color(style.color()));
    let dir = direction_of(text);
    Ok(dossier_canvas::with_typesetter(|ts| {
        ts.label(text, &span, dir, "chart")
    })?)
}

impl DrawingBackend for SceneBackend {
    type ErrorType = BackendError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        c: BackendColor,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        if c.alpha > 0.0 {
            let r = Rect::new(pt(p.0), pt(p.1), 1.0 / SUBPIXEL, 1.0 / SUBPIXEL);
            self.push(Item::Path {
                path: Path::rect(r),
                fill: Some(color(c)),
                stroke: None,
            });
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        if let Some(stroke) = Self::stroke_of(style) {
            self.push(Item::Path {
                path: Path::line(point(from), point(to)),
                fill: None,
                stroke: Some(stroke),
            });
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        let (x0, x1) = (pt(ul.0.min(br.0)), pt(ul.0.max(br.0)));
        let (y0, y1) = (pt(ul.1.min(br.1)), pt(ul.1.max(br.1)));
        let path = Path::rect(Rect::new(x0, y0, x1 - x0, y1 - y0));
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.push(Item::Path {
                path,
                fill: Some(color(c)),
                stroke: None,
            });
        } else if let Some(stroke) = Self::stroke_of(style) {
            self.push(Item::Path {
                path,
                fill: None,
                stroke: Some(stroke),
            });
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        let Some(stroke) = Self::stroke_of(style) else {
            return Ok(());
        };
        let mut p = Path::new();
        for (i, c) in path.into_iter().enumerate() {
            let q = point(c);
            if i == 0 {
                p.move_to(q.x, q.y);
            } else {
                p.line_to(q.x, q.y);
            }
        }
        if p.segs.len() > 1 {
            self.push(Item::Path {
                path: p,
                fill: None,
                stroke: Some(stroke),
            });
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let path = Path::circle(point(center), radius as f32 / SUBPIXEL);
        if fill {
            self.push(Item::Path {
                path,
                fill: Some(color(c)),
                stroke: None,
            });
        } else if let Some(stroke) = Self::stroke_of(style) {
            self.push(Item::Path {
                path,
                fill: None,
                stroke: Some(stroke),
            });
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let mut p = Path::new();
        for (i, v) in vert.into_iter().enumerate() {
            let q = point(v);
            if i == 0 {
                p.move_to(q.x, q.y);
            } else {
                p.line_to(q.x, q.y);
            }
        }
        if p.segs.len() > 2 {
            p.close();
            self.push(Item::Path {
                path: p,
                fill: Some(color(c)),
                stroke: None,
            });
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        if !matches!(style.transform(), FontTransform::None) {
            return Err(DrawingErrorKind::DrawingError(BackendError::RotatedText(
                text.to_string(),
            )));
        }
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let label = text_label(text, style).map_err(DrawingErrorKind::DrawingError)?;
        let anchor = style.anchor();
        let x = pt(pos.0)
            - match anchor.h_pos {
                HPos::Left => 0.0,
                HPos::Center => label.width / 2.0,
                HPos::Right => label.width,
            };
        let h = label.ascent + label.descent;
        let top = pt(pos.1)
            - match anchor.v_pos {
                VPos::Top => 0.0,
                VPos::Center => h / 2.0,
                VPos::Bottom => h,
            };
        let items = label.items_at(x, top + label.ascent);
        self.scene.borrow_mut().items.extend(items);
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<BackendError>> {
        let label = text_label(text, style).map_err(DrawingErrorKind::DrawingError)?;
        Ok((
            (label.width * SUBPIXEL).ceil() as u32,
            ((label.ascent + label.descent) * SUBPIXEL).ceil() as u32,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::{Circle, IntoDrawingArea, PathElement, Rectangle, Text};
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use plotters::style::{RGBAColor, ShapeStyle, TextStyle};

    fn scene() -> Rc<RefCell<Scene>> {
        Rc::new(RefCell::new(Scene::new(100.0, 50.0)))
    }

    #[test]
    fn shapes_are_recorded_in_points_with_sub_point_precision() {
        let s = scene();
        let root = SceneBackend::new(s.clone()).into_drawing_area();
        assert_eq!(root.dim_in_pixel(), (800, 400));
        root.draw(&Rectangle::new(
            [(px(10.25), px(5.5)), (px(20.0), px(9.125))],
            ShapeStyle {
                color: RGBAColor(0, 0, 255, 1.0),
                filled: true,
                stroke_width: 0,
            },
        ))
        .unwrap();
        root.draw(&PathElement::new(
            vec![(0, 0), (px(3.5), px(1.0))],
            ShapeStyle {
                color: RGBAColor(0, 0, 0, 1.0),
                filled: false,
                stroke_width: 8,
            },
        ))
        .unwrap();
        root.draw(&Circle::new(
            (px(50.0), px(25.0)),
            px(2.0) as u32,
            ShapeStyle {
                color: RGBAColor(255, 0, 0, 1.0),
                filled: true,
                stroke_width: 0,
            },
        ))
        .unwrap();
        let items = &s.borrow().items;
        assert_eq!(items.len(), 3);
        let Item::Path { path, fill, .. } = &items[0] else {
            panic!()
        };
        assert_eq!(fill.unwrap(), Color::rgb(0, 0, 255));
        assert_eq!(
            path.segs[0],
            dossier_canvas::PathSeg::MoveTo(Point::new(10.25, 5.5))
        );
        let Item::Path { stroke, .. } = &items[1] else {
            panic!()
        };
        assert_eq!(stroke.as_ref().unwrap().width, 1.0);
    }

    #[test]
    fn text_goes_through_the_canvas_and_rotation_is_refused() {
        let s = scene();
        let root = SceneBackend::new(s.clone()).into_drawing_area();
        let style = TextStyle::from(("sans-serif", 80.0)).pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new("سلام 2024", (px(50.0), px(25.0)), style.clone()))
            .unwrap();
        let runs = s.borrow().glyph_runs().len();
        assert!(runs >= 1);
        let text: String = s
            .borrow()
            .glyph_runs()
            .iter()
            .map(|(_, r)| r.text())
            .collect();
        assert!(text.contains("سلام") && text.contains("2024"), "{text}");
        let (w, h) = root.estimate_text_size("سلام", &style).unwrap();
        assert!(w > 0 && h > 0);
        let rotated = style.transform(FontTransform::Rotate90);
        assert!(root.draw(&Text::new("x", (0, 0), rotated)).is_err());
    }
}
