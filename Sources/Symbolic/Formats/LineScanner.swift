/// A cursor over source bytes for the byte-level readers: it never reads past `end`
/// (the token stream's range) and never past a line break except where a caller asks.
struct LineScanner {
    let text: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int

    /// A cursor at the current token of `stream`, bounded like its lexer.
    init(_ stream: TokenStream) {
        text = stream.source.unsafeBytes
        position = stream.current.offset
        end = stream.lexer.end
    }

    func peek(_ ahead: Int = 0) -> UInt8? { position + ahead < end ? text[position + ahead] : nil }

    mutating func skipBlanks() {
        while let c = peek(), c == 32 || c == 9 || c == 13 { position += 1 }
    }

    /// Consumes byte `c` if it is next.
    mutating func take(_ c: UInt8) -> Bool {
        guard peek() == c else { return false }
        position += 1
        return true
    }

    /// Consumes a name (the lexer's identifier rule) and returns its range.
    mutating func name() -> Range<Int>? {
        guard let c = peek(), Lexer.isIdentifierStart(c) else { return nil }
        let start = position
        while let d = peek(), Lexer.isIdentifierPart(d) { position += 1 }
        return start..<position
    }

    /// Consumes a number by the lexer's rule (digits and dots, then an optional exponent) and
    /// returns its range, or `nil` (consuming nothing) if none starts here.
    mutating func number() -> Range<Int>? {
        guard let c = peek(), Lexer.isDigit(c) || (c == 46 && (peek(1).map(Lexer.isDigit) ?? false)) else { return nil }
        let start = position
        while let d = peek(), Lexer.isDigit(d) || d == 46 { position += 1 }
        if let e = peek(), e == 101 || e == 69,
           let s = peek(1), Lexer.isDigit(s) || ((s == 43 || s == 45) && (peek(2).map(Lexer.isDigit) ?? false)) {
            position += 2
            while let d = peek(), Lexer.isDigit(d) { position += 1 }
        }
        return start..<position
    }

    /// Skips blanks; whether the line (or the text) ends there.
    mutating func atEndOfLine() -> Bool {
        skipBlanks()
        return peek() == nil || peek() == 10
    }
}
