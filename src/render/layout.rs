//! A tidy top-down tree layout (Reingold–Tilford with per-depth contours), for the SVG.
//!
//! A stream's picture is a tree (alias reuse is already one node per occurrence), so a tree
//! layout draws it without crossings: each subtree is laid out on its own, then siblings are
//! pushed apart until their subtrees' contours (leftmost and rightmost extent at every depth)
//! keep a gap, and each parent is centred over its first and last child. Every node occupies its
//! *footprint*: its box, and above it the label of the edge leading to it, so labels never
//! overlap either. Rows are as tall as their tallest footprint. Deterministic; O(n × depth).

/// What one node needs on the page.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
    /// The label of the edge into the node, drawn just above it (0 × 0 without one).
    pub label_width: f64,
    pub label_height: f64,
}

/// Where a node is: its box's top-left corner, and its row's label band.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Placed {
    /// Horizontal centre of the node (and of its label).
    pub center_x: f64,
    /// Top of the node's box.
    pub top: f64,
    /// Top of the label band of the node's row (labels are drawn from there).
    pub label_top: f64,
    pub depth: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub placed: Vec<Placed>,
    pub width: f64,
    pub height: f64,
    /// Per depth: the top of the row's label band and the row's box band, and the box band's
    /// height.
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    pub label_top: f64,
    pub box_top: f64,
    pub box_height: f64,
}

/// Horizontal gap between neighbouring footprints.
pub const GAP_X: f64 = 24.0;
/// Vertical gap between a row's boxes and the next row's labels (room for the edge's elbow).
pub const GAP_Y: f64 = 28.0;
/// Space between a label and the box below it.
pub const LABEL_GAP: f64 = 10.0;
pub const MARGIN: f64 = 16.0;

/// Lays out the tree given by `children` (a tree rooted at node 0, children left to right).
/// Nodes not reachable from node 0 are not placed (they keep the default position).
pub fn tidy_tree(children: &[Vec<usize>], sizes: &[Size]) -> Layout {
    let n = sizes.len();
    if n == 0 {
        return Layout {
            placed: Vec::new(),
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
            rows: Vec::new(),
        };
    }
    // Depths and a pre-order (iteratively: streams may be thousands of cards deep).
    let mut depth = vec![0usize; n];
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![0usize];
    while let Some(v) = stack.pop() {
        order.push(v);
        for &c in children[v].iter().rev() {
            depth[c] = depth[v] + 1;
            stack.push(c);
        }
    }
    let footprint = |v: usize| sizes[v].width.max(sizes[v].label_width);

    // Post-order (reverse pre-order): each subtree's contour, relative to its root's centre,
    // and each child's offset from its parent.
    let mut contour: Vec<Vec<(f64, f64)>> = vec![Vec::new(); n];
    let mut offset = vec![0.0f64; n];
    for &v in order.iter().rev() {
        let half = footprint(v) / 2.0;
        let kids = &children[v];
        if kids.is_empty() {
            contour[v] = vec![(-half, half)];
            continue;
        }
        // Place the children left to right, relative to the first one.
        let mut merged: Vec<(f64, f64)> = Vec::new();
        let mut positions = Vec::with_capacity(kids.len());
        for &c in kids {
            let theirs = std::mem::take(&mut contour[c]);
            let shift = if merged.is_empty() {
                0.0
            } else {
                merged
                    .iter()
                    .zip(&theirs)
                    .map(|((_, right), (left, _))| right - left + GAP_X)
                    .fold(f64::MIN, f64::max)
            };
            positions.push(shift);
            for (d, (left, right)) in theirs.into_iter().enumerate() {
                match merged.get_mut(d) {
                    Some(m) => {
                        m.0 = m.0.min(left + shift);
                        m.1 = m.1.max(right + shift);
                    }
                    None => merged.push((left + shift, right + shift)),
                }
            }
        }
        let centre = (positions[0] + positions[positions.len() - 1]) / 2.0;
        for (&c, p) in kids.iter().zip(&positions) {
            offset[c] = p - centre;
        }
        let mut mine = Vec::with_capacity(merged.len() + 1);
        mine.push((-half, half));
        mine.extend(merged.into_iter().map(|(l, r)| (l - centre, r - centre)));
        contour[v] = mine;
    }

    // Absolute centres, pre-order.
    let mut x = vec![0.0f64; n];
    for &v in &order {
        for &c in &children[v] {
            x[c] = x[v] + offset[c];
        }
    }
    let left = order
        .iter()
        .map(|&v| x[v] - footprint(v) / 2.0)
        .fold(f64::MAX, f64::min);
    let right = order
        .iter()
        .map(|&v| x[v] + footprint(v) / 2.0)
        .fold(f64::MIN, f64::max);

    // Rows.
    let max_depth = order.iter().map(|&v| depth[v]).max().unwrap_or(0);
    let mut label_h = vec![0.0f64; max_depth + 1];
    let mut box_h = vec![0.0f64; max_depth + 1];
    for &v in &order {
        let d = depth[v];
        if sizes[v].label_height > 0.0 {
            label_h[d] = label_h[d].max(sizes[v].label_height + LABEL_GAP);
        }
        box_h[d] = box_h[d].max(sizes[v].height);
    }
    let mut rows = Vec::with_capacity(max_depth + 1);
    let mut y = MARGIN;
    for d in 0..=max_depth {
        if d > 0 {
            y += GAP_Y;
        }
        let label_top = y;
        y += label_h[d];
        rows.push(Row {
            label_top,
            box_top: y,
            box_height: box_h[d],
        });
        y += box_h[d];
    }

    let mut placed = vec![Placed::default(); n];
    for &v in &order {
        let row = rows[depth[v]];
        placed[v] = Placed {
            center_x: x[v] - left + MARGIN,
            top: row.box_top,
            label_top: row.box_top - LABEL_GAP - sizes[v].label_height,
            depth: depth[v],
        };
    }
    Layout {
        placed,
        width: right - left + 2.0 * MARGIN,
        height: y + MARGIN,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(w: f64) -> Size {
        Size {
            width: w,
            height: 40.0,
            label_width: 0.0,
            label_height: 0.0,
        }
    }

    #[test]
    fn a_parent_is_centred_over_its_children_and_siblings_keep_the_gap() {
        let children = vec![vec![1, 2], vec![], vec![]];
        let l = tidy_tree(&children, &[size(100.0), size(100.0), size(100.0)]);
        let [p, a, b] = [l.placed[0], l.placed[1], l.placed[2]];
        assert_eq!(p.center_x, (a.center_x + b.center_x) / 2.0);
        assert_eq!(b.center_x - a.center_x, 100.0 + GAP_X);
        assert!(a.top > p.top + 40.0);
    }

    #[test]
    fn deep_subtrees_are_pushed_apart_at_every_depth() {
        // 0 -> [1, 2]; 1 -> [3]; 3 -> [5] (wide); 2 -> [4]; 4 -> [6] (wide).
        let children = vec![
            vec![1, 2],
            vec![3],
            vec![4],
            vec![5],
            vec![6],
            vec![],
            vec![],
        ];
        let mut sizes = vec![size(50.0); 7];
        sizes[5] = size(400.0);
        sizes[6] = size(400.0);
        let l = tidy_tree(&children, &sizes);
        assert!(l.placed[6].center_x - l.placed[5].center_x >= 400.0 + GAP_X);
    }

    #[test]
    fn a_chain_thousands_deep_does_not_overflow_the_stack() {
        let n = 5000;
        let children: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        let l = tidy_tree(&children, &vec![size(80.0); n]);
        assert_eq!(l.rows.len(), n);
    }
}
