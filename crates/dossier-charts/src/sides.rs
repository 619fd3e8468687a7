//! Which side of a chart each thing goes to, in both reading directions:
//! the one place that applies the right-to-left convention described in
//! the crate docs (time and numbers keep their direction; text, and every
//! order that is not time, follows the reading direction).

use dossier_canvas::Rect;

/// How a text box is anchored at an x position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Left,
    Center,
    Right,
}

impl Anchor {
    /// The left edge of a box `width` wide anchored at `x`.
    pub(crate) fn left_edge(self, width: f32, x: f32) -> f32 {
        match self {
            Anchor::Left => x,
            Anchor::Center => x - width / 2.0,
            Anchor::Right => x - width,
        }
    }
}

/// The sides of a chart in its language's reading direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sides {
    rtl: bool,
}

impl Sides {
    pub(crate) fn new(rtl: bool) -> Sides {
        Sides { rtl }
    }

    /// Whether the language reads right to left.
    pub(crate) fn rtl(self) -> bool {
        self.rtl
    }

    /// Where text blocks (title, subtitle, captions, notes) are aligned:
    /// the start edge of `inner`, left in English, right in Persian.
    pub(crate) fn start(self, inner: &Rect) -> (Anchor, f32) {
        if self.rtl {
            (Anchor::Right, inner.right())
        } else {
            (Anchor::Left, inner.x)
        }
    }

    /// The left edge of a box `width` wide whose start is `offset` from the
    /// start edge of `inner`: legend and key entries follow one another in
    /// reading order.
    pub(crate) fn left_of_entry(self, inner: &Rect, offset: f32, width: f32) -> f32 {
        if self.rtl {
            inner.right() - offset - width
        } else {
            inner.x + offset
        }
    }

    /// The value axis of a vertical chart stands on the start side, under
    /// its caption: on the right in a right-to-left language.
    pub(crate) fn value_axis_right(self) -> bool {
        self.rtl
    }

    /// The slot, counted from the left, of series `i` of `k` in a group of
    /// bars: the first series is at the start side, as in the legend.
    pub(crate) fn group_slot(self, i: usize, k: usize) -> usize {
        if self.rtl {
            k - 1 - i
        } else {
            i
        }
    }

    /// A horizontal bar chart is mirrored: its categories stand on the
    /// right and its bars grow leftwards in a right-to-left language.
    pub(crate) fn bars_grow_left(self) -> bool {
        self.rtl
    }

    /// A label beside its mark (a line chart's value, a timeline's event)
    /// goes after it in reading order: to the right in English, to the left
    /// in Persian, so that the label's start is next to the mark.
    pub(crate) fn after_is_right(self) -> bool {
        !self.rtl
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_side_and_slots_mirror() {
        let inner = Rect::new(10.0, 0.0, 100.0, 50.0);
        let (ltr, rtl) = (Sides::new(false), Sides::new(true));
        assert_eq!(ltr.start(&inner), (Anchor::Left, 10.0));
        assert_eq!(rtl.start(&inner), (Anchor::Right, 110.0));
        assert_eq!(ltr.left_of_entry(&inner, 5.0, 20.0), 15.0);
        assert_eq!(rtl.left_of_entry(&inner, 5.0, 20.0), 85.0);
        assert_eq!((ltr.group_slot(0, 3), rtl.group_slot(0, 3)), (0, 2));
        assert!(rtl.value_axis_right() && !ltr.value_axis_right());
        assert!(ltr.after_is_right() && !rtl.after_is_right());
        assert_eq!(Anchor::Right.left_edge(20.0, 110.0), 90.0);
        assert_eq!(Anchor::Center.left_edge(20.0, 50.0), 40.0);
    }
}
