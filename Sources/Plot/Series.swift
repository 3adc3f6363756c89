/// How a series' line is stroked.
public enum LineStyle: Sendable {
    case solid, dashed, dotted

    /// The SVG stroke attributes beyond colour and width.
    var strokeAttributes: [(String, String)] {
        switch self {
        case .solid: []
        case .dashed: [("stroke-dasharray", "7 4")]
        case .dotted: [("stroke-dasharray", "0.1 3"), ("stroke-linecap", "round")]
        }
    }
}

/// One line of a ``LinePlot``: the points (x[i], y[i]) joined in order.
///
/// A point with a non-finite coordinate (or a non-positive one on a log axis) is not
/// drawn and breaks the line; an isolated point is drawn as a dot.
public struct Series: Sendable {
    /// The legend text.
    public var label: String
    /// The abscissae, as many as `y`.
    public var x: [Double]
    /// The ordinates, as many as `x`.
    public var y: [Double]
    public var style: LineStyle
    /// The palette slot; `nil` takes the next slot no other series claims. Series with
    /// the same index share a colour (e.g. an original block sum solid and its reduced
    /// counterpart dashed).
    public var colorIndex: Int? = nil

    /// A series of the points (x[i], y[i]); ``LinePlot/svg()`` rejects unequal lengths.
    public init(label: String, x: [Double], y: [Double], style: LineStyle = .solid, colorIndex: Int? = nil) {
        self.label = label
        self.x = x
        self.y = y
        self.style = style
        self.colorIndex = colorIndex
    }
}
