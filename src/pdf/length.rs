//! One length type for the whole layout: [`Abs`], an absolute length in points.
//!
//! Like typst's `Abs`, every measurement in `pdf/` is an `Abs`; millimetres from the
//! front matter are converted on the way in, and only `write` turns them into
//! printpdf's units.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Points per millimetre (1 pt = 1/72 inch, 1 inch = 25.4 mm).
const PT_PER_MM: f32 = 72.0 / 25.4;

/// An absolute length in PostScript points.
#[derive(Debug, Default, Clone, Copy, PartialEq, PartialOrd)]
pub struct Abs(f32);

impl Abs {
    /// Zero length.
    pub const ZERO: Abs = Abs(0.0);

    /// A length of `v` points.
    pub const fn pt(v: f32) -> Abs {
        Abs(v)
    }

    /// A length of `v` millimetres.
    pub fn mm(v: f32) -> Abs {
        Abs(v * PT_PER_MM)
    }

    /// The length in points.
    pub const fn to_pt(self) -> f32 {
        self.0
    }

    /// The length in millimetres.
    pub fn to_mm(self) -> f32 {
        self.0 / PT_PER_MM
    }

    /// The larger of two lengths.
    pub fn max(self, other: Abs) -> Abs {
        Abs(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Abs) -> Abs {
        Abs(self.0.min(other.0))
    }

    /// Whether `self` fits into `room`, allowing for float noise.
    pub fn fits(self, room: Abs) -> bool {
        self.0 <= room.0 + 0.01
    }
}

impl Add for Abs {
    type Output = Abs;
    fn add(self, o: Abs) -> Abs {
        Abs(self.0 + o.0)
    }
}

impl AddAssign for Abs {
    fn add_assign(&mut self, o: Abs) {
        self.0 += o.0;
    }
}

impl Sub for Abs {
    type Output = Abs;
    fn sub(self, o: Abs) -> Abs {
        Abs(self.0 - o.0)
    }
}

impl SubAssign for Abs {
    fn sub_assign(&mut self, o: Abs) {
        self.0 -= o.0;
    }
}

impl Neg for Abs {
    type Output = Abs;
    fn neg(self) -> Abs {
        Abs(-self.0)
    }
}

impl Mul<f32> for Abs {
    type Output = Abs;
    fn mul(self, k: f32) -> Abs {
        Abs(self.0 * k)
    }
}

impl Div<f32> for Abs {
    type Output = Abs;
    fn div(self, k: f32) -> Abs {
        Abs(self.0 / k)
    }
}

impl Div for Abs {
    type Output = f32;
    fn div(self, o: Abs) -> f32 {
        self.0 / o.0
    }
}

impl std::iter::Sum for Abs {
    fn sum<I: Iterator<Item = Abs>>(iter: I) -> Abs {
        Abs(iter.map(|a| a.0).sum())
    }
}

/// A point on a page: `x` from the left edge, `y` down from the top edge.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Point {
    /// Distance from the left edge.
    pub x: Abs,
    /// Distance from the top edge.
    pub y: Abs,
}

impl Point {
    /// A point at `(x, y)`.
    pub const fn new(x: Abs, y: Abs) -> Point {
        Point { x, y }
    }

    /// This point moved by `(dx, dy)`.
    pub fn offset(self, dx: Abs, dy: Abs) -> Point {
        Point::new(self.x + dx, self.y + dy)
    }
}

/// A width and a height.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Size {
    /// Horizontal extent.
    pub w: Abs,
    /// Vertical extent.
    pub h: Abs,
}

impl Size {
    /// A size of `w × h`.
    pub const fn new(w: Abs, h: Abs) -> Size {
        Size { w, h }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm_round_trip() {
        assert!((Abs::mm(25.4).to_pt() - 72.0).abs() < 1e-4);
        assert!((Abs::pt(72.0).to_mm() - 25.4).abs() < 1e-4);
    }
}
