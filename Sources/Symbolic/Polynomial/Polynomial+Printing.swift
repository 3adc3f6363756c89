extension Polynomial {
    /// Deterministic infix text such as `-2*x*y^2 + 3/4*z - 1`, using `name(symbol)` for symbols.
    ///
    /// The output is valid ERODE / CLUE expression syntax (fractions print as `p/q`,
    /// which parse back exactly since `*` and `/` associate left).
    public func formatted(_ name: (Int32) -> String) -> String {
        if terms.isEmpty { return "0" }
        var out = ""
        for (k, t) in terms.enumerated() {
            var c = t.coefficient
            if k == 0 {
                if c.signum < 0 { out += "-"; c = -c }
            } else {
                out += c.signum < 0 ? " - " : " + "
                if c.signum < 0 { c = -c }
            }
            var parts: [String] = []
            if !c.isOne || t.monomial.isOne { parts.append(c.description) }
            for (symbol, exponent) in t.monomial.factors {
                parts.append(exponent == 1 ? name(symbol) : "\(name(symbol))^\(exponent)")
            }
            out += parts.joined(separator: "*")
        }
        return out
    }
}

extension Polynomial: CustomStringConvertible {
    /// Text with symbols named `x0`, `x1`, ….
    public var description: String { formatted { "x\($0)" } }
}
