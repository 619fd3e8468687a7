//! The plot area: plotters' coordinate mapping onto a rectangle of the
//! Scene, and the shapes drawn through it.

use std::cell::RefCell;
use std::rc::Rc;

use dossier_canvas::{Color, Rect, Scene};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{
    Cartesian2d, Circle, DrawingArea, IntoDrawingArea, PathElement, Polygon, Rectangle,
};
use plotters::style::{RGBAColor, ShapeStyle};

use crate::backend::{px, SceneBackend, SUBPIXEL};
use crate::PALETTE;

pub(crate) fn rgba(c: Color) -> RGBAColor {
    RGBAColor(c.r, c.g, c.b, c.alpha as f64)
}

pub(crate) fn fill_style(c: Color) -> ShapeStyle {
    ShapeStyle {
        color: rgba(c),
        filled: true,
        stroke_width: 0,
    }
}

pub(crate) fn line_style(c: Color, width: f32) -> ShapeStyle {
    ShapeStyle {
        color: rgba(c),
        filled: false,
        stroke_width: (width * SUBPIXEL).round().max(1.0) as u32,
    }
}

pub(crate) type Area = DrawingArea<SceneBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The plot area mapped by plotters: logical x and y ranges onto a
/// rectangle in points. `x_flip` mirrors x (for right-to-left value axes).
pub(crate) struct Plot {
    pub(crate) area: Area,
    rect: Rect,
    x: (f64, f64),
    y: (f64, f64),
    x_flip: bool,
}

impl Plot {
    pub(crate) fn new(
        scene: &Rc<RefCell<Scene>>,
        rect: Rect,
        x: (f64, f64),
        y: (f64, f64),
        x_flip: bool,
    ) -> Plot {
        let root = SceneBackend::new(scene.clone()).into_drawing_area();
        let xr = if x_flip {
            px(rect.right())..px(rect.x)
        } else {
            px(rect.x)..px(rect.right())
        };
        let coord = Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(
            x.0..x.1,
            y.0..y.1,
            (xr, px(rect.bottom())..px(rect.y)),
        );
        Plot {
            area: root.apply_coord_spec(coord),
            rect,
            x,
            y,
            x_flip,
        }
    }

    pub(crate) fn map_x(&self, v: f64) -> f32 {
        let t = ((v - self.x.0) / (self.x.1 - self.x.0)) as f32;
        if self.x_flip {
            self.rect.right() - t * self.rect.width
        } else {
            self.rect.x + t * self.rect.width
        }
    }

    pub(crate) fn map_y(&self, v: f64) -> f32 {
        let t = ((v - self.y.0) / (self.y.1 - self.y.0)) as f32;
        self.rect.bottom() - t * self.rect.height
    }

    pub(crate) fn rect(&self, x0: f64, x1: f64, y0: f64, y1: f64, c: Color) -> Result<(), String> {
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], fill_style(c)))
            .map_err(|e| e.to_string())
    }

    pub(crate) fn polyline(&self, pts: &[(f64, f64)], c: Color, width: f32) -> Result<(), String> {
        self.area
            .draw(&PathElement::new(pts.to_vec(), line_style(c, width)))
            .map_err(|e| e.to_string())
    }

    pub(crate) fn marker(&self, at: (f64, f64), shape: usize, c: Color) -> Result<(), String> {
        let r = 3.5f64;
        let res = match shape % 3 {
            0 => self
                .area
                .draw(&Circle::new(at, px(r as f32) as u32, fill_style(c))),
            1 => {
                let (x, y) = (self.map_x(at.0), self.map_y(at.1));
                let d = r as f32 * 0.9;
                let pts = [
                    (x - d, y - d),
                    (x + d, y - d),
                    (x + d, y + d),
                    (x - d, y + d),
                ];
                self.area.strip_coord_spec().draw(&Polygon::new(
                    pts.iter().map(|p| (px(p.0), px(p.1))).collect::<Vec<_>>(),
                    fill_style(c),
                ))
            }
            _ => {
                let (x, y) = (self.map_x(at.0), self.map_y(at.1));
                let d = r as f32 * 1.2;
                let pts = [(x, y - d), (x + d, y + d * 0.75), (x - d, y + d * 0.75)];
                self.area.strip_coord_spec().draw(&Polygon::new(
                    pts.iter().map(|p| (px(p.0), px(p.1))).collect::<Vec<_>>(),
                    fill_style(c),
                ))
            }
        };
        res.map_err(|e| e.to_string())
    }
}

pub(crate) fn series_color(i: usize, own: Option<Color>) -> Color {
    own.unwrap_or(PALETTE[i % PALETTE.len()])
}

pub(crate) fn luminance(c: Color) -> f32 {
    0.299 * c.r as f32 + 0.587 * c.g as f32 + 0.114 * c.b as f32
}
