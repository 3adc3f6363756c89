/// A byte-level reader for the reaction lines that make up large networks:
/// `[n*]A + [n*]B -> [n*]C + … , rate` with a number or a name as the rate and
/// nothing else on the line.
///
/// It performs the same actions in the same order as the token-level path
/// (``ERODEParser/parseReactions()``): names become symbols and species are
/// declared one by one, left to right, then the rate's name. When the line turns
/// out not to have the simple form (a comment, a label, an expression rate,
/// `arbitrary`, a parameter used as a species, limits) it stops and returns `false`;
/// what it did so far is a prefix of what the token path does on the same line, so
/// the token path re-reads the line from its start with the same outcome,
/// including any error and its position.
extension ERODEParser {
    /// Reads one reaction line at the current token if it has the simple form; returns
    /// whether it did.
    mutating func parseMassActionLine() throws(LocatedInputError) -> Bool {
        var line = LineScanner(s)
        var species = reactionScratch
        reactionScratch = []  // keep the buffer uniquely referenced while it is filled
        defer { reactionScratch = species }
        species.removeAll(keepingCapacity: true)

        guard let reactantCount = complex(&line, into: &species) else { return false }
        guard line.take(45), line.take(62) else { return false }  // ->
        guard complex(&line, into: &species) != nil else { return false }
        line.skipBlanks()
        guard line.take(44) else { return false }  // ,
        line.skipBlanks()
        // The rate: one number or one name, then the end of the line.
        var coefficient = Rational.one
        var rateSymbol: Int32? = nil
        if let name = line.name() {
            guard line.atEndOfLine() else { return false }
            let word = UnsafeBufferPointer(rebasing: line.text[name])
            if word.elementsEqual("arbitrary".utf8) || ERODEParser.nonPolynomialRates.contains(String(decoding: word, as: UTF8.self)) {
                return false
            }
            rateSymbol = model.symbol(utf8: word, at: name.lowerBound)
        } else {
            guard let number = line.number(), line.atEndOfLine() else { return false }
            do {
                coefficient = try Rational.parseDecimal(UnsafeBufferPointer(rebasing: line.text[number]), offset: 0)
            } catch {
                return false
            }
        }
        model.addMassAction(reactants: species[..<reactantCount], products: species[reactantCount...],
                      coefficient: coefficient, rateMonomial: rateSymbol.map { Monomial(symbol: $0) } ?? .one)
        try s.reposition(to: line.position)
        return true
    }

    /// One side of a reaction, `0` or `[n*]X (+ [n*]Y)*`, appended to `species`; returns how
    /// many species it had, or `nil` if the side is not of the simple form.
    private mutating func complex(_ line: inout LineScanner, into species: inout [(symbol: Int32, count: Int)]) -> Int? {
        line.skipBlanks()
        if line.peek() == 48, !(line.peek(1).map(Lexer.isIdentifierPart) ?? false) {
            line.position += 1  // `0`: no species
            line.skipBlanks()
            return 0
        }
        var n = 0
        var total = 0
        while true {
            line.skipBlanks()
            var count = 1
            if let c = line.peek(), Lexer.isDigit(c) {
                count = 0
                while let d = line.peek(), Lexer.isDigit(d), count <= SymbolicLimits.maximumExponent {
                    count = count * 10 + Int(d - 48)
                    line.position += 1
                }
                line.skipBlanks()
                guard count >= 1 && count <= SymbolicLimits.maximumExponent, line.take(42) else { return nil }  // *
                line.skipBlanks()
            }
            guard let name = line.name() else { return nil }
            total += count
            guard total <= SymbolicLimits.maximumDegree else { return nil }
            let symbol = model.symbol(utf8: UnsafeBufferPointer(rebasing: line.text[name]), at: name.lowerBound)
            guard model.role(of: symbol) != .parameter else { return nil }
            model.declareSpecies(symbol)
            species.append((symbol, count))
            n += 1
            line.skipBlanks()
            guard line.take(43) else { return n }  // +
        }
    }
}
