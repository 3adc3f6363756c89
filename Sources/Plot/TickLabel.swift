/// A tick label: `text`, optionally followed by a superscript (the exponent of `10^k`).
struct TickLabel: Equatable {
    var text: String
    var superscript: String? = nil

    /// The estimated rendered width at `fontSize`, the superscript set at 75 %.
    func width(fontSize: Double) -> Double {
        TextMetrics.width(text, fontSize: fontSize)
            + (superscript.map { TextMetrics.width($0, fontSize: 0.75 * fontSize) } ?? 0)
    }

    /// `10^exponent`, the exponent as a superscript.
    static func power(_ exponent: Int) -> TickLabel {
        TickLabel(text: "10", superscript: signed(String(exponent.magnitude), negative: exponent < 0))
    }

    /// Labels for the exact values n·10^e, all in one style: plain decimals (`0`, `0.5`,
    /// `1200`), or scientific (`2.5e−3`, `1e5`) when the largest magnitude is ≥ 1e5 or
    /// < 1e-3 and that makes the longest label no longer. Minus signs are U+2212.
    static func decimals(_ values: [(n: Int, e: Int)]) -> [TickLabel] {
        let normalized = values.map(normalize)
        let magnitudes = normalized.filter { $0.n != 0 }.map { String($0.n.magnitude).count - 1 + $0.e }
        let plain = normalized.map { format($0, scientific: false) }
        guard let largest = magnitudes.max(), largest >= 5 || largest < -3 else { return plain }
        let scientific = normalized.map { format($0, scientific: true) }
        let longest = { (labels: [TickLabel]) in labels.map(\.text.count).max() ?? 0 }
        return longest(scientific) <= longest(plain) ? scientific : plain
    }

    private static func format(_ value: (n: Int, e: Int), scientific: Bool) -> TickLabel {
        let (n, e) = value
        let digits = String(n.magnitude)
        let body: String
        if n == 0 {
            body = "0"
        } else if scientific {
            let mantissa = digits.count == 1 ? digits : "\(digits.prefix(1)).\(digits.dropFirst())"
            let exponent = e + digits.count - 1
            body = mantissa + "e" + signed(String(exponent.magnitude), negative: exponent < 0)
        } else if e >= 0 {
            body = digits + String(repeating: "0", count: e)
        } else {
            let point = digits.count + e
            body = point > 0
                ? "\(digits.prefix(point)).\(digits.dropFirst(point))"
                : "0." + String(repeating: "0", count: -point) + digits
        }
        return TickLabel(text: signed(body, negative: n < 0))
    }

    /// n·10^e with no trailing zero digits in n.
    private static func normalize(_ value: (n: Int, e: Int)) -> (n: Int, e: Int) {
        var (n, e) = value
        while n != 0 && n % 10 == 0 { n /= 10; e += 1 }
        return (n, e)
    }

    private static func signed(_ body: String, negative: Bool) -> String {
        negative ? "\u{2212}" + body : body
    }
}
