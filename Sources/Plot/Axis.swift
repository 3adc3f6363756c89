import Foundation

/// How values map onto an axis.
public enum AxisScale: Sendable {
    case linear
    /// Base-10 logarithmic; non-positive values cannot be shown.
    case log
}

/// One axis of a plot: its range and ticks in axis coordinates (the value itself on a
/// linear axis, its base-10 logarithm on a log axis).
struct Axis {
    struct Tick {
        var position: Double
        /// `nil` for a minor (unlabelled) tick.
        var label: TickLabel?
    }

    var lower: Double
    var upper: Double
    var ticks: [Tick]

    /// The axis coordinate of `value`, `nil` if it cannot be shown (not finite, or not
    /// positive on a log axis).
    static func coordinate(_ value: Double, scale: AxisScale) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .log: return value > 0 ? log10(value) : nil
        }
    }

    /// Where `coordinate` lies along the axis: 0 at `lower`, 1 at `upper`.
    func fraction(_ coordinate: Double) -> Double {
        (coordinate - lower) / (upper - lower)
    }

    /// The axis over the data coordinates `data`, widened by `padding` (a fraction of its
    /// span) at each end, with the densest "nice" ticks (1-2-5 steps; powers of ten on a
    /// log axis; 3 to 8 labels) whose labels, spread over `length` pixels, are at least
    /// `minimumGap(labels)` apart. A degenerate range is widened around its value.
    ///
    /// - Complexity: O(1) tick candidates, each O(number of ticks).
    init(scale: AxisScale, data: ClosedRange<Double>, padding: Double, length: Double,
         minimumGap: ([TickLabel]) -> Double) throws(PlotError) {
        var (lower, upper) = Self.widened(data, scale: scale)
        let pad = padding * (upper - lower)
        (lower, upper) = (lower - pad, upper + pad)
        if scale == .log && floor(upper) - ceil(lower) < 1 {
            (lower, upper) = (floor(lower), ceil(upper))
        }
        guard lower.isFinite, upper.isFinite, (upper - lower).isFinite else {
            throw PlotError("data range \(data.lowerBound)…\(data.upperBound) is too wide to plot")
        }
        (self.lower, self.upper) = (lower, upper)
        ticks = []
        for maxTicks in (3...8).reversed() {
            ticks = scale == .log ? Self.logTicks(lower, upper, maxTicks) : Self.linearTicks(lower, upper, maxTicks)
            let labelled = ticks.filter { $0.label != nil }
            let closest = zip(labelled, labelled.dropFirst()).map { $1.position - $0.position }.min() ?? .infinity
            if closest / (upper - lower) * length >= minimumGap(labelled.compactMap(\.label)) { break }
        }
    }

    /// `data` if it has a usable span, else an interval around its value.
    private static func widened(_ data: ClosedRange<Double>, scale: AxisScale) -> (Double, Double) {
        let (lo, hi) = (data.lowerBound, data.upperBound)
        let center = lo / 2 + hi / 2
        switch scale {
        case .log:
            return hi - lo > 1e-9 ? (lo, hi) : (center - 0.5, center + 0.5)
        case .linear:
            if hi - lo > max(1e-290, 1e-12 * max(abs(lo), abs(hi))) { return (lo, hi) }
            let half = abs(center) < 1e-290 ? 1 : 0.1 * abs(center)
            return (center - half, center + half)
        }
    }

    /// Multiples of the smallest step m·10^e (m ∈ {1, 2, 5}) giving 2…`maxTicks` ticks
    /// in [lower, upper], or failing that the fewest ticks ≥ 2.
    private static func linearTicks(_ lower: Double, _ upper: Double, _ maxTicks: Int) -> [Tick] {
        let e0 = Int(floor(log10(upper - lower)))
        var chosen: (k: ClosedRange<Int>, m: Int, e: Int)?
        search: for e in (e0 - 3)...(e0 + 1) {
            for m in [1, 2, 5] {
                let step = scaled(m, e)
                let first = Int((lower / step - 1e-9).rounded(.up))
                let last = Int((upper / step + 1e-9).rounded(.down))
                if last - first < 1 { break search }
                chosen = (first...last, m, e)
                if last - first < maxTicks { break search }
            }
        }
        guard let (ks, m, e) = chosen else { return [] }
        let labels = TickLabel.decimals(ks.map { (n: $0 * m, e: e) })
        return zip(ks, labels).map { k, label in Tick(position: scaled(k * m, e), label: label) }
    }

    /// Labelled powers of ten every k decades (k ∈ 1, 2, 3, 5, 10, …, the smallest giving
    /// at most `maxTicks`); minor ticks at the other decades (up to 60 of them), and at
    /// 2…9 × 10^d when k = 1 and the axis spans at most 6 decades. When fewer than three
    /// powers of ten are in range, 2 × 10^d and 5 × 10^d are labelled too, all in decimals,
    /// if that makes at most `maxTicks` labels.
    private static func logTicks(_ lower: Double, _ upper: Double, _ maxTicks: Int) -> [Tick] {
        let decades = Int(ceil(lower))...Int(floor(upper))
        let multiples = (Int(floor(lower))...decades.upperBound).flatMap { d in (1...9).map { (n: $0, e: d) } }
            .filter { (lower...upper).contains(Double($0.e) + log10(Double($0.n))) }
        if decades.count < 3 {
            let labelled = multiples.filter { [1, 2, 5].contains($0.n) }
            if labelled.count <= maxTicks {
                var labels = TickLabel.decimals(labelled)[...]
                return multiples.map { m in
                    Tick(position: Double(m.e) + log10(Double(m.n)), label: [1, 2, 5].contains(m.n) ? labels.popFirst() : nil)
                }
            }
        }
        let k = [1, 2, 3, 5, 10, 20, 25, 50, 100, 200, 250, 500].first { k in
            decades.filter { $0 % k == 0 }.count <= maxTicks
        } ?? 1000
        let minors = k == 1 && upper - lower <= 6 ? multiples.filter { $0.n > 1 } : []
        return decades.compactMap { d in
            d % k == 0 ? Tick(position: Double(d), label: .power(d)) : decades.count <= 60 ? Tick(position: Double(d), label: nil) : nil
        } + minors.map { Tick(position: Double($0.e) + log10(Double($0.n)), label: nil) }
    }

    /// n·10^e as a Double, dividing for negative e to stay as close as possible.
    private static func scaled(_ n: Int, _ e: Int) -> Double {
        e >= 0 ? Double(n) * pow(10, Double(e)) : Double(n) / pow(10, Double(-e))
    }
}
