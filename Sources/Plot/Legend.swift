/// The legend box: a line sample and the label of each series; when they need more than
/// `maxRows` rows, the first `maxRows − 1` and "… and N more".
struct Legend {
    struct Entry {
        var label: String
        var style: LineStyle
        var color: String
    }

    static let fontSize = 12.0
    static let rowHeight = 17.0
    static let padding = 8.0
    static let sampleLength = 26.0
    /// Longer labels are cut, ending in "…".
    static let maxLabelLength = 40

    var entries: [Entry]
    var hidden: Int

    /// Labels are cut so that the box is at most `maxWidth` wide.
    ///
    /// - Complexity: O(total label length), O(L²) to cut a label of length L.
    init(series: [Series], colors: [String], maxRows: Int, maxWidth: Double) {
        let shown = series.count > maxRows ? max(maxRows - 1, 0) : series.count
        let textWidth = maxWidth - 2 * Self.padding - Self.sampleLength - 6
        entries = zip(series.prefix(shown), colors).map { s, color in
            Entry(label: Self.cut(s.label, toWidth: textWidth), style: s.style, color: color)
        }
        hidden = series.count - shown
    }

    /// `label`, or its longest prefix that with "…" appended is at most
    /// `maxLabelLength` characters and `width` wide (at least one character).
    private static func cut(_ label: String, toWidth width: Double) -> String {
        func fits(_ text: String) -> Bool {
            text.count <= maxLabelLength && TextMetrics.width(text, fontSize: fontSize) <= width
        }
        if fits(label) { return label }
        var kept = min(label.count, maxLabelLength) - 1
        while kept > 1 && !fits(label.prefix(kept) + "…") { kept -= 1 }
        return label.prefix(max(kept, 1)) + "…"
    }

    private var rows: [String] {
        entries.map(\.label) + (hidden > 0 ? ["… and \(hidden) more"] : [])
    }

    var width: Double {
        let text = rows.map { TextMetrics.width($0, fontSize: Self.fontSize) }.max() ?? 0
        return 2 * Self.padding + Self.sampleLength + 6 + text
    }

    var height: Double {
        2 * Self.padding + Double(rows.count) * Self.rowHeight - 4
    }

    /// The number of rows that fit in `height` pixels.
    static func rows(fitting height: Double) -> Int {
        max(1, Int((height - 2 * padding + 4) / rowHeight))
    }

    /// Draws the legend with its top-left corner at `origin`.
    func draw(at origin: Point, into svg: inout SVGDocument) {
        let n = SVGDocument.number
        svg.add("rect", [("x", n(origin.x)), ("y", n(origin.y)), ("width", n(width)), ("height", n(height)),
                         ("rx", "3"), ("fill", "#fff"), ("fill-opacity", "0.9"), ("stroke", "#bbb")])
        let textX = origin.x + Self.padding + Self.sampleLength + 6
        for (i, row) in rows.enumerated() {
            let middle = origin.y + Self.padding + (Double(i) + 0.4) * Self.rowHeight
            if i < entries.count {
                let entry = entries[i]
                svg.add("line", [("x1", n(origin.x + Self.padding)), ("y1", n(middle)),
                                 ("x2", n(origin.x + Self.padding + Self.sampleLength)), ("y2", n(middle)),
                                 ("stroke", entry.color), ("stroke-width", "2")] + entry.style.strokeAttributes)
            }
            svg.add("text", [("x", n(i < entries.count ? textX : origin.x + Self.padding)), ("y", n(middle + 4.2))]
                        + (i < entries.count ? [] : [("fill", "#666"), ("font-style", "italic")]),
                    content: SVGDocument.escape(row))
        }
    }
}
