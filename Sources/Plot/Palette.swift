/// The Okabe–Ito colour-blind-safe categorical palette, without its yellow (too faint
/// for thin lines on white). Slots beyond its size wrap around.
enum Palette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000"]

    /// The colour of each series: explicit indices as given, the others in order over
    /// the slots not claimed explicitly.
    ///
    /// - Complexity: O(n) for n series.
    static func colors(for series: [Series]) -> [String] {
        let claimed = Set(series.compactMap(\.colorIndex))
        var next = 0
        return series.map { s in
            if let index = s.colorIndex { return color(index) }
            while claimed.contains(next) { next += 1 }
            defer { next += 1 }
            return color(next)
        }
    }

    static func color(_ index: Int) -> String {
        let count = colors.count
        return colors[((index % count) + count) % count]
    }
}
