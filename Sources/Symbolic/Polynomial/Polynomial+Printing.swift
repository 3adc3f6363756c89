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
            // ERODE reads `-x^2` as `(-x)^2`: after a leading minus, a power needs an explicit 1.
            let leadingMinusBeforePower = k == 0 && t.coefficient.signum < 0 && (t.monomial.factors.first?.exponent ?? 1) > 1
            if !c.isOne || t.monomial.isOne || leadingMinusBeforePower { parts.append(c.description) }
            for (symbol, exponent) in t.monomial.factors {
                // Readers accept `^` up to SymbolicLimits.maximumExponent; products may reach
                // higher powers, written as x^1000*x^1000*x^999.
                var rest = exponent
                while rest > 0 {
                    let e = Swift.min(rest, SymbolicLimits.maximumExponent)
                    parts.append(e == 1 ? name(symbol) : "\(name(symbol))^\(e)")
                    rest -= e
                }
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
