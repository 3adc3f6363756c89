/// A markdown table printed as it is filled (rows stream to stdout so long runs show progress).
struct Table {
    let headers: [String]
    private(set) var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ row: [String]) {
        rows.append(row)
    }

    func render() -> String {
        var widths = headers.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { i, c in c.padding(toLength: widths[i]) }.joined(separator: " | ") + " |"
        }
        var out = [line(headers), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

extension String {
    func padding(toLength n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

/// Formatting helpers.
func ms(_ seconds: Double) -> String { fixed(seconds * 1000, seconds * 1000 < 10 ? 2 : 1) }
func fixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return "–" }
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (x * p).rounded() / p
    var s = "\(r)"
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        if digits == 0 { s = String(s[..<dot]) }
    }
    if s.contains("e") { return "\(x)" }
    return s
}
func mib(_ kb: Int) -> String { fixed(Double(kb) / 1024, 1) }
func mark(_ ok: Bool) -> String { ok ? "met" : "NOT met" }

func section(_ title: String) {
    print("\n## \(title)\n")
}
