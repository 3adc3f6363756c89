import Symbolic

/// A polynomial as a set of texts `coefficient|name^e*…` (factors sorted by name), with symbols
/// named by `name` and the symbols named in `dropping` left out: for comparing models whose
/// symbol ids differ (a written file read back).
public func canonicalTerms(_ p: Polynomial, _ name: (Int32) -> String, dropping: Set<String> = []) -> Set<String> {
    Set(p.terms.map { t in
        t.coefficient.description + "|" + t.monomial.factors.filter { !dropping.contains(name($0.symbol)) }
            .map { "\(name($0.symbol))^\($0.exponent)" }.sorted().joined(separator: "*")
    })
}
