//! [`Number`], the exact decimal every formatting call takes, and the one
//! rounding rule dossier uses (half away from zero).

use fixed_decimal::{Decimal as IcuDecimal, Sign, SignedRoundingMode, UnsignedRoundingMode};

/// A number to format, held exactly as a decimal.
///
/// Integers and `rust_decimal::Decimal` convert without loss; an `f64`
/// (a chart value) converts through its shortest round-trip form, so
/// `0.1` is 0.1 and not 0.1000000000000000055….
#[derive(Clone, Debug, PartialEq)]
pub struct Number(pub(crate) IcuDecimal);

/// An `f64` that is not a number or is infinite has no decimal form.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[error("{0} is not a finite number")]
pub struct NotFinite(pub f64);

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(v: $t) -> Number {
                Number(IcuDecimal::from(v))
            }
        }
    )*};
}
from_integer!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, usize, isize);

impl From<rust_decimal::Decimal> for Number {
    fn from(v: rust_decimal::Decimal) -> Number {
        let mut d = IcuDecimal::from(v.mantissa());
        // The scale of a rust_decimal is at most 28, so it fits an i16.
        d.multiply_pow10(-(v.scale() as i16));
        Number(d)
    }
}

impl From<&rust_decimal::Decimal> for Number {
    fn from(v: &rust_decimal::Decimal) -> Number {
        Number::from(*v)
    }
}

impl TryFrom<f64> for Number {
    type Error = NotFinite;
    fn try_from(v: f64) -> Result<Number, NotFinite> {
        if !v.is_finite() {
            return Err(NotFinite(v));
        }
        // `Display` of a finite f64 is its shortest round-trip decimal,
        // never in exponent form, which fixed_decimal parses.
        IcuDecimal::try_from_str(&format!("{v}"))
            .map(|d| Number(d).without_negative_zero())
            .map_err(|_| NotFinite(v))
    }
}

impl Number {
    /// Rounded half away from zero to `places` digits after the point,
    /// and padded with zeros to exactly that many.
    pub(crate) fn with_places(&self, places: u8) -> Number {
        let position = -i16::from(places);
        let mut d = self.0.clone();
        d.round_with_mode(
            position,
            SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
        );
        d.absolute.pad_end(position);
        Number(d).without_negative_zero()
    }

    /// The number as it was given, without trailing zeros after the point.
    pub(crate) fn trimmed(&self) -> Number {
        let mut d = self.0.clone();
        d.absolute.trim_end();
        Number(d).without_negative_zero()
    }

    /// A value that rounds to zero is shown without a sign: `-0.01` to no
    /// places is `0`, not `-0`.
    fn without_negative_zero(mut self) -> Number {
        if self.0.absolute.is_zero() {
            self.0.sign = Sign::None;
        }
        self
    }

    pub(crate) fn is_negative(&self) -> bool {
        self.0.sign == Sign::Negative
    }

    /// The absolute value.
    pub(crate) fn abs(&self) -> Number {
        let mut d = self.0.clone();
        d.sign = Sign::None;
        Number(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: &Number) -> String {
        n.0.to_string()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        let n = |s: &str| Number(IcuDecimal::try_from_str(s).unwrap());
        assert_eq!(text(&n("43.745").with_places(2)), "43.75");
        assert_eq!(text(&n("-43.745").with_places(2)), "-43.75");
        assert_eq!(text(&n("2.5").with_places(0)), "3");
        assert_eq!(text(&n("0.125").with_places(2)), "0.13");
        assert_eq!(text(&n("7").with_places(2)), "7.00");
        assert_eq!(text(&n("-0.01").with_places(0)), "0");
        assert_eq!(text(&n("-0.004").with_places(2)), "0.00");
    }

    #[test]
    fn conversions_are_exact() {
        assert_eq!(text(&Number::from(-1417)), "-1417");
        assert_eq!(
            text(&Number::from(rust_decimal::Decimal::new(43745, 3))),
            "43.745"
        );
        assert_eq!(text(&Number::from(rust_decimal::Decimal::new(-5, 0))), "-5");
        assert_eq!(text(&Number::try_from(0.1).unwrap()), "0.1");
        assert_eq!(text(&Number::try_from(-0.0).unwrap()), "0");
        assert_eq!(
            text(&Number::try_from(1e21).unwrap()),
            "1000000000000000000000"
        );
        assert!(Number::try_from(f64::NAN).is_err());
        assert!(Number::try_from(f64::INFINITY).is_err());
    }
}
