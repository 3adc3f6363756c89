/// Why a plot cannot be drawn.
public struct PlotError: Error, CustomStringConvertible, Sendable {
    /// A sentence naming the problem.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A line plot of several series, rendered as a standalone SVG document: framed axes
/// with "nice" ticks and light grid lines, a title, axis labels and a legend.
///
/// Colours come from a colour-blind-safe palette (see ``Series/colorIndex``). The legend
/// sits in the first inside corner (top right, top left, bottom right, bottom left) that
/// covers no data, else outside on the right (always there with more than 6 series); it
/// lists at most 12 series and then "… and N more".
public struct LinePlot: Sendable {
    /// Shown bold above the plot area; empty for none (as are the axis labels).
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    /// The picture size in pixels; at least 240 × 160.
    public var width: Double = 720, height: Double = 440
    public var series: [Series]

    /// A 720 × 440 plot on linear axes.
    public init(title: String, xLabel: String, yLabel: String, series: [Series] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    private static let fontSize = 12.0, labelSize = 13.0, titleSize = 15.0, tickLength = 5.0
    /// Most series listed in the legend, and most that may share the plot area with it.
    private static let legendEntries = 12, insideLegendEntries = 6

    /// The SVG document text.
    ///
    /// Points with a non-finite coordinate, or a non-positive one on a log axis, are left
    /// out and break their line.
    ///
    /// - Throws: ``PlotError`` if a series has different numbers of x and y values, no
    ///   point can be drawn (none finite, or none positive on a log axis), the data range
    ///   overflows, or the size is too small.
    /// - Complexity: O(n) for n points in all.
    public func svg() throws(PlotError) -> String {
        guard width.isFinite, height.isFinite, width >= 240, height >= 160 else {
            throw PlotError("plot size \(width) × \(height) is not at least 240 × 160")
        }
        if let s = series.first(where: { $0.x.count != $0.y.count }) {
            throw PlotError("series \"\(s.label)\" has \(s.x.count) x values but \(s.y.count) y values")
        }
        let coordinates = series.map { s in
            zip(s.x, s.y).map { x, y -> (x: Double, y: Double)? in
                guard let cx = Axis.coordinate(x, scale: xScale), let cy = Axis.coordinate(y, scale: yScale) else { return nil }
                return (cx, cy)
            }
        }
        let drawable = coordinates.joined().compactMap { $0 }
        guard let first = drawable.first else { throw nothingToDraw() }
        let xRange = drawable.reduce(first.x...first.x) { min($0.lowerBound, $1.x)...max($0.upperBound, $1.x) }
        let yRange = drawable.reduce(first.y...first.y) { min($0.lowerBound, $1.y)...max($0.upperBound, $1.y) }

        let (f, t) = (Self.fontSize, Self.tickLength)
        let top = title.isEmpty ? 16 : 20 + Self.titleSize
        let bottom = t + 3 + f + (xLabel.isEmpty ? 0 : 8 + Self.labelSize) + 10
        let plotHeight = height - top - bottom
        let yAxis = try Axis(scale: yScale, data: yRange, padding: 0.04, length: plotHeight) { _ in 2 * f }
        let yLabelWidth = yAxis.ticks.compactMap { $0.label?.width(fontSize: f) }.max() ?? 0
        let left = 10 + (yLabel.isEmpty ? 0 : Self.labelSize + 10) + yLabelWidth + 3 + t

        /// The x axis and plot area with at least `right` pixels to the right, more if the
        /// last tick label would overhang them.
        func layout(right: Double) throws(PlotError) -> (Axis, Rect) {
            func axis(_ right: Double) throws(PlotError) -> (Axis, Rect) {
                let frame = Rect(x: left, y: top, width: width - left - right, height: plotHeight)
                let axis = try Axis(scale: xScale, data: xRange, padding: 0, length: frame.width) { labels in
                    (labels.map { $0.width(fontSize: f) }.max() ?? 0) + f
                }
                return (axis, frame)
            }
            let (first, frame) = try axis(right)
            guard let last = first.ticks.last(where: { $0.label != nil }), let label = last.label else { return (first, frame) }
            let overhang = label.width(fontSize: f) / 2 - (1 - first.fraction(last.position)) * frame.width
            return overhang + 6 > right ? try axis(overhang + 6) : (first, frame)
        }

        let colors = Palette.colors(for: series)
        let hasLegend = series.contains { !$0.label.isEmpty }
        let legendRows = min(Self.legendEntries + 1, Legend.rows(fitting: plotHeight - 16))
        var (xAxis, frame) = try layout(right: 16)
        var lines = polylines(coordinates, xAxis, yAxis, frame)
        var legend: (Legend, at: Point)?
        if hasLegend && series.count <= Self.insideLegendEntries {
            let inside = Legend(series: series, colors: colors, maxRows: legendRows, maxWidth: frame.width - 16)
            legend = insideCorners(for: inside, in: frame).first { corner in
                let box = Rect(x: corner.x, y: corner.y, width: inside.width, height: inside.height).grown(by: 4)
                return !lines.joined().contains { line in
                    zip(line, line.count == 1 ? line : Array(line.dropFirst())).contains { box.intersects($0, $1) }
                }
            }.map { (inside, $0) }
        }
        if hasLegend && legend == nil {
            let outside = Legend(series: series, colors: colors, maxRows: legendRows, maxWidth: 0.45 * width - 24)
            (xAxis, frame) = try layout(right: outside.width + 24)
            lines = polylines(coordinates, xAxis, yAxis, frame)
            legend = (outside, Point(x: frame.maxX + 12, y: frame.y))
        }

        var svg = SVGDocument()
        drawGrid(xAxis, yAxis, frame, into: &svg)
        drawSeries(lines, colors: colors, frame: frame, into: &svg)
        drawAxes(xAxis, yAxis, frame, into: &svg)
        if let (legend, origin) = legend { legend.draw(at: origin, into: &svg) }
        drawLabels(frame, into: &svg)
        return svg.text(width: width, height: height)
    }

    /// The error for data with no drawable point.
    private func nothingToDraw() -> PlotError {
        let finite = series.flatMap { s in zip(s.x, s.y).filter { $0.isFinite && $1.isFinite } }
        if finite.isEmpty { return PlotError("nothing to draw: no point has finite x and y") }
        if xScale == .log && !finite.contains(where: { $0.0 > 0 }) { return PlotError("log x axis: no finite point has x > 0") }
        if yScale == .log && !finite.contains(where: { $0.1 > 0 }) { return PlotError("log y axis: no finite point has y > 0") }
        return PlotError("log x and y axes: no finite point has both x > 0 and y > 0")
    }

    /// Each series' unbroken runs of drawable points, in pixels rounded to hundredths,
    /// without consecutive repeats.
    private func polylines(_ coordinates: [[(x: Double, y: Double)?]], _ xAxis: Axis, _ yAxis: Axis,
                           _ frame: Rect) -> [[[Point]]] {
        coordinates.map { points in
            var runs: [[Point]] = [[]]
            for point in points {
                if let (x, y) = point {
                    let pixel = Point(x: ((frame.x + xAxis.fraction(x) * frame.width) * 100).rounded() / 100,
                                      y: ((frame.maxY - yAxis.fraction(y) * frame.height) * 100).rounded() / 100)
                    if runs[runs.count - 1].last != pixel { runs[runs.count - 1].append(pixel) }
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            return runs.filter { !$0.isEmpty }
        }
    }

    /// Top-left corners for the legend inside `frame`, in order of preference.
    private func insideCorners(for legend: Legend, in frame: Rect) -> [Point] {
        guard legend.width + 16 <= frame.width, legend.height + 16 <= frame.height else { return [] }
        let (left, right) = (frame.x + 8, frame.maxX - 8 - legend.width)
        let (top, bottom) = (frame.y + 8, frame.maxY - 8 - legend.height)
        return [Point(x: right, y: top), Point(x: left, y: top), Point(x: right, y: bottom), Point(x: left, y: bottom)]
    }

    private func drawGrid(_ xAxis: Axis, _ yAxis: Axis, _ frame: Rect, into svg: inout SVGDocument) {
        let n = SVGDocument.number
        for (ticks, vertical) in [(xAxis.ticks, true), (yAxis.ticks, false)] {
            for tick in ticks {
                let color = tick.label == nil ? "#f2f2f2" : "#e2e2e2"
                if vertical {
                    let x = n(frame.x + xAxis.fraction(tick.position) * frame.width)
                    svg.add("line", [("x1", x), ("y1", n(frame.y)), ("x2", x), ("y2", n(frame.maxY)), ("stroke", color)])
                } else {
                    let y = n(frame.maxY - yAxis.fraction(tick.position) * frame.height)
                    svg.add("line", [("x1", n(frame.x)), ("y1", y), ("x2", n(frame.maxX)), ("y2", y), ("stroke", color)])
                }
            }
        }
    }

    /// One path per series (a subpath per run) and a dot per isolated point.
    private func drawSeries(_ lines: [[[Point]]], colors: [String], frame: Rect, into svg: inout SVGDocument) {
        let n = SVGDocument.number
        let clip = frame.grown(by: 2)
        svg.add("clipPath", [("id", "plot-area")],
                content: "<rect x=\"\(n(clip.x))\" y=\"\(n(clip.y))\" width=\"\(n(clip.width))\" height=\"\(n(clip.height))\"/>")
        svg.raw("<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"1.8\" stroke-linejoin=\"round\">")
        for ((runs, color), s) in zip(zip(lines, colors), series) {
            let path = runs.filter { $0.count > 1 }.map { run in "M" + run.map { n($0.x) + "," + n($0.y) }.joined(separator: " ") }
            if !path.isEmpty {
                svg.add("path", [("d", path.joined(separator: " ")), ("stroke", color)] + s.style.strokeAttributes)
            }
            for run in runs where run.count == 1 {
                svg.add("circle", [("cx", n(run[0].x)), ("cy", n(run[0].y)), ("r", "2.5"), ("fill", color), ("stroke", "none")])
            }
        }
        svg.raw("</g>")
    }

    private func drawAxes(_ xAxis: Axis, _ yAxis: Axis, _ frame: Rect, into svg: inout SVGDocument) {
        let n = SVGDocument.number
        let t = Self.tickLength
        svg.add("rect", [("x", n(frame.x)), ("y", n(frame.y)), ("width", n(frame.width)), ("height", n(frame.height)),
                         ("fill", "none"), ("stroke", "#333")])
        for tick in xAxis.ticks {
            let x = frame.x + xAxis.fraction(tick.position) * frame.width
            let length = tick.label == nil ? t * 0.6 : t
            svg.add("line", [("x1", n(x)), ("y1", n(frame.maxY)), ("x2", n(x)), ("y2", n(frame.maxY + length)), ("stroke", "#333")])
            if let label = tick.label {
                svg.add("text", [("x", n(x)), ("y", n(frame.maxY + t + 3 + Self.fontSize)), ("text-anchor", "middle")],
                        content: markup(label))
            }
        }
        for tick in yAxis.ticks {
            let y = frame.maxY - yAxis.fraction(tick.position) * frame.height
            let length = tick.label == nil ? t * 0.6 : t
            svg.add("line", [("x1", n(frame.x - length)), ("y1", n(y)), ("x2", n(frame.x)), ("y2", n(y)), ("stroke", "#333")])
            if let label = tick.label {
                svg.add("text", [("x", n(frame.x - t - 3)), ("y", n(y + 4.2)), ("text-anchor", "end")], content: markup(label))
            }
        }
    }

    private func markup(_ label: TickLabel) -> String {
        SVGDocument.escape(label.text) + (label.superscript.map {
            "<tspan baseline-shift=\"super\" font-size=\"\(SVGDocument.number(0.75 * Self.fontSize))\">\(SVGDocument.escape($0))</tspan>"
        } ?? "")
    }

    /// The title over the plot area (shifted, or if need be shrunk, to stay on the
    /// canvas) and the axis labels centred on their axes.
    private func drawLabels(_ frame: Rect, into svg: inout SVGDocument) {
        let n = SVGDocument.number
        let middleX = n(frame.x + frame.width / 2), middleY = n(frame.y + frame.height / 2)
        if !title.isEmpty {
            // Bold runs about 10 % wider; a title wider than the canvas is set smaller.
            let natural = 1.1 * TextMetrics.width(title, fontSize: Self.titleSize)
            let size = Self.titleSize * min(1, (width - 8) / natural)
            let half = min(natural, width - 8) / 2
            let x = min(max(frame.x + frame.width / 2, half + 4), width - half - 4)
            svg.add("text", [("x", n(x)), ("y", n(frame.y - 12)), ("text-anchor", "middle"),
                             ("font-size", n(size)), ("font-weight", "bold")], content: SVGDocument.escape(title))
        }
        if !xLabel.isEmpty {
            svg.add("text", [("x", middleX), ("y", n(height - 10)), ("text-anchor", "middle"),
                             ("font-size", n(Self.labelSize))], content: SVGDocument.escape(xLabel))
        }
        if !yLabel.isEmpty {
            let x = n(10 + Self.labelSize)
            svg.add("text", [("x", x), ("y", middleY), ("text-anchor", "middle"), ("font-size", n(Self.labelSize)),
                             ("transform", "rotate(-90 \(x) \(middleY))")], content: SVGDocument.escape(yLabel))
        }
    }
}
