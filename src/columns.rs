//! How a table's width is shared among its columns, from each column's min- and
//! max-content widths: one rule for the PDF (points) and DOCX (twips), so a
//! table wraps the same way in both.

/// The share of the table width a column whose max-content width is at most
/// this fraction of it gets whole, as "narrow" (序号, dates, short marks).
const NARROW: f32 = 0.18;

/// Column widths for a table `width` wide (any unit, the same for all).
///
/// When every column's max-content width fits, the spare width is shared in
/// proportion. Otherwise narrow columns (max-content at most [`NARROW`] of the
/// width) get their max-content width, so one long CJK cell (which can break
/// anywhere) cannot starve them. Of what is left, a column whose max-content
/// width is at most an equal share gets it whole (a 单位 of a dozen characters
/// beside a long 隐患描述 stays on one line); the others share in proportion to
/// their max-content width, none below `floor` (a readable line, as wide as its
/// text where that is narrower, and never below its min-content width): a
/// column under it gets it and the others share again. If even that overflows,
/// every column is scaled down alike.
pub fn share(min: &[f32], max: &[f32], width: f32, floor: f32) -> Vec<f32> {
    let n = max.len();
    let total_max: f32 = max.iter().sum();
    if total_max <= width {
        let k = width / total_max.max(1.0);
        return max.iter().map(|m| m * k).collect();
    }
    let narrow = width * NARROW;
    let mut w = vec![0.0f32; n];
    let mut rest = width;
    for c in 0..n {
        if max[c] <= narrow {
            w[c] = max[c];
            rest -= max[c];
        }
    }
    let mut wide: Vec<usize> = (0..n).filter(|&c| max[c] > narrow).collect();
    wide.sort_by(|a, b| max[*a].total_cmp(&max[*b]));
    let mut open = wide.len();
    for &c in &wide {
        if max[c] * open as f32 <= rest {
            w[c] = max[c];
            rest -= max[c];
            open -= 1;
        } else {
            break;
        }
    }
    let floor_of = |c: usize| max[c].min(floor.max(min.get(c).copied().unwrap_or(0.0)));
    let mut shared: Vec<usize> = wide[wide.len() - open..].to_vec();
    loop {
        let weight: f32 = shared.iter().map(|&c| max[c]).sum();
        let under: Vec<usize> = shared
            .iter()
            .copied()
            .filter(|&c| rest * (max[c] / weight) < floor_of(c))
            .collect();
        if under.is_empty() || under.len() == shared.len() {
            for &c in &shared {
                w[c] = (rest * (max[c] / weight)).max(floor_of(c));
            }
            break;
        }
        for &c in &under {
            w[c] = floor_of(c);
            rest -= w[c];
        }
        shared.retain(|c| !under.contains(c));
    }
    let total: f32 = w.iter().sum();
    // Float noise is no overflow: scaling by 0.99999 would wrap a header that
    // fits its column exactly.
    if total > width * (1.0 + 1e-4) {
        let k = width / total;
        w.iter_mut().for_each(|x| *x *= k);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn everything_fits_so_the_spare_width_is_shared_in_proportion() {
        assert_eq!(share(&[1.0, 1.0], &[10.0, 30.0], 80.0, 5.0), [20.0, 60.0]);
    }

    #[test]
    fn narrow_columns_whole_short_text_whole_long_text_the_rest() {
        // 100 wide: two narrow columns (10, 18 ≤ 18) whole; of the 72 left a
        // text of 30 fits an equal share (36) and is whole; the long one gets 42.
        assert_eq!(
            share(&[1.0; 4], &[10.0, 18.0, 30.0, 300.0], 100.0, 5.0),
            [10.0, 18.0, 30.0, 42.0]
        );
        // A text of 40 does not fit an equal share (36): in proportion with the
        // long one (72 × 40 / 340 = 8.5), but not under the floor of 20.
        assert_eq!(
            share(&[1.0; 4], &[10.0, 18.0, 40.0, 300.0], 100.0, 20.0),
            [10.0, 18.0, 20.0, 52.0]
        );
        // A floor wider than a column's text is its text's width.
        let w = share(&[1.0; 3], &[10.0, 19.0, 300.0], 40.0, 30.0);
        assert_eq!(w[1], 19.0 * 40.0 / 59.0, "{w:?}");
    }

    /// Both sides of the overflow tolerance: float noise (0.005 %) is no
    /// overflow, 0.5 % is.
    #[test]
    fn only_a_real_overflow_is_scaled() {
        let noise = [18.0, 18.0, 18.0, 18.0, 18.0, 10.005];
        assert_eq!(share(&[1.0; 6], &noise, 100.0, 5.0), noise);
        let over = [18.0, 18.0, 18.0, 18.0, 18.0, 10.5];
        let w = share(&[1.0; 6], &over, 100.0, 5.0);
        let total: f32 = w.iter().sum();
        assert!((total - 100.0).abs() < 1e-3, "{w:?}");
        assert!(w[0] < 18.0, "{w:?}");
    }

    #[test]
    fn what_does_not_fit_is_scaled_down_alike() {
        // Two short columns whole (18 + 18) and floors of 30 for two long ones
        // in 80: 96 → 80.
        let w = share(&[1.0; 4], &[18.0, 18.0, 300.0, 300.0], 80.0, 30.0);
        let total: f32 = w.iter().sum();
        assert!((total - 80.0).abs() < 1e-3, "{w:?}");
        assert!((w[0] / w[2] - 18.0 / 30.0).abs() < 1e-4, "{w:?}");
        // The min-content width raises the floor.
        let w = share(&[1.0, 1.0, 50.0], &[10.0, 300.0, 300.0], 100.0, 20.0);
        assert!(w[2] >= w[1], "{w:?}");
    }
}
