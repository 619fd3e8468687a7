//! Axis ticks at "nice" steps: 1, 2 or 5 × 10ⁿ.

/// Ticks of a value axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    /// Axis domain, widened to whole steps.
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub values: Vec<f64>,
    /// Decimals needed to write the step.
    pub decimals: usize,
}

/// The nice step (1, 2 or 5 × 10ⁿ) nearest to `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f < 1.5 {
        1.0
    } else if f < 3.0 {
        2.0
    } else if f < 7.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// Ticks covering `[min, max]` with about `target` intervals (at least 1).
/// An empty range (all values equal) is widened around its value, so a
/// single point or a flat series still gets an axis.
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Ticks {
    let (mut min, mut max) = (min.min(max), min.max(max));
    if (max - min).abs() <= f64::EPSILON * max.abs().max(1.0) {
        let d = if min == 0.0 { 1.0 } else { min.abs() * 0.1 };
        if min >= 0.0 && min - d < 0.0 {
            min = 0.0;
        } else {
            min -= d;
        }
        max += d;
    }
    let target = target.max(1) as f64;
    let step = nice_step((max - min) / target);
    let lo = (min / step + 1e-9).floor() * step;
    let hi = (max / step - 1e-9).ceil() * step;
    let n = ((hi - lo) / step).round() as usize;
    let values = (0..=n)
        .map(|i| {
            let v = lo + i as f64 * step;
            // Snap away binary noise such as 0.30000000000000004.
            (v / step).round() * step
        })
        .collect();
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil().max(0.0) as usize
    };
    Ticks {
        lo,
        hi,
        step,
        values,
        decimals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_five() {
        assert_eq!(nice_step(0.7), 0.5);
        assert_eq!(nice_step(1.3), 1.0);
        assert_eq!(nice_step(2.5), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(1234.0), 1000.0);
        assert!((nice_step(0.023) - 0.02).abs() < 1e-12);
    }

    #[test]
    fn ticks_cover_range() {
        let t = nice_ticks(0.0, 27.3, 5);
        assert_eq!(t.values, vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0]);
        let t = nice_ticks(-12.0, 31.0, 4);
        assert!(t.lo <= -12.0 && t.hi >= 31.0);
        assert!(t.values.contains(&0.0));
    }

    #[test]
    fn flat_and_huge_ranges() {
        let t = nice_ticks(5.0, 5.0, 5);
        assert!(t.lo < 5.0 && t.hi > 5.0);
        let t = nice_ticks(0.0, 0.0, 5);
        assert_eq!((t.lo, t.hi), (0.0, 1.0));
        let t = nice_ticks(0.0, 3.2e15, 5);
        assert!(t.values.len() <= 8);
        let t = nice_ticks(0.0, 0.034, 4);
        assert_eq!(t.decimals, 2);
    }
}
