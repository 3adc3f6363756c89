/// A byte-level reader for the right-hand sides that make up large ODE files: a sum of
/// terms on one line (`3*x1948*x20280 - x5/2 + 2.5`), each read by
/// ``ExpressionParser/scanTerm(_:negated:)``.
///
/// It creates symbols in the same order as the token-level ``ExpressionParser`` and
/// builds the same polynomial. On anything else (a term `scanTerm` refuses, a comment, a
/// sum continued on the next line, limits) it stops and returns `nil`; what it did so far
/// (creating symbols for names it read) is a prefix of what the token path does, so the
/// caller re-reads the sum with ``ExpressionParser/parseSum(_:)`` from the same token,
/// with the same outcome.
extension ERODEParser {
    mutating func parseSimpleSumLine() throws(LocatedInputError) -> Polynomial? {
        var line = LineScanner(s)
        let terms = expressions
        var builder = PolynomialBuilder()
        var count = 0
        var negate = false
        line.skipBlanks()
        if line.take(45) { negate = true } else { _ = line.take(43) }  // a leading sign
        while true {
            line.skipBlanks()
            guard let (coefficient, monomial) = terms.scanTerm(&line, negated: negate) else { return nil }
            builder.add(coefficient, monomial)
            count += 1
            guard count <= SymbolicLimits.maximumTerms else { return nil }
            line.skipBlanks()
            if line.take(43) {
                negate = false
            } else if line.take(45) {
                negate = true
            } else {
                break
            }
        }
        guard line.atEndOfLine() else { return nil }
        // The token grammar would continue the sum on a following line that starts with an
        // operator; leave such input to it.
        let start = s
        try s.reposition(to: line.position)
        if s.current.kind == .symbol
            && (s.current.symbol == UInt8(ascii: "+") || s.current.symbol == UInt8(ascii: "-") || ExpressionParser.continuesProduct(s.current.symbol)) {
            s = start
            return nil
        }
        return builder.build()
    }
}
