/// A point in SVG pixel coordinates (y grows downwards).
struct Point: Equatable {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle in SVG pixel coordinates.
struct Rect {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }

    /// `self` grown by `margin` on every side.
    func grown(by margin: Double) -> Rect {
        Rect(x: x - margin, y: y - margin, width: width + 2 * margin, height: height + 2 * margin)
    }

    /// Whether the segment from `a` to `b` meets the rectangle (Liang–Barsky clipping).
    func intersects(_ a: Point, _ b: Point) -> Bool {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        var (enter, leave) = (0.0, 1.0)
        for (p, q) in [(-dx, a.x - x), (dx, maxX - a.x), (-dy, a.y - y), (dy, maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else if p < 0 {
                enter = max(enter, q / p)
            } else {
                leave = min(leave, q / p)
            }
            if enter > leave { return false }
        }
        return true
    }
}
