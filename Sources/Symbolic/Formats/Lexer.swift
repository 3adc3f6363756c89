/// A token of the model languages (ERODE `.ode`, BioNetGen `.net` fields).
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier
        case number
        case string
        case symbol  // punctuation or operator; text in `text`
        case newline
        case end
    }
    var kind: Kind
    /// Byte offset of the first character in the source.
    var offset: Int
    /// Byte length.
    var length: Int
    /// Operator / punctuation of a `.symbol` token: its ASCII byte, ``Token/arrow`` for `->`;
    /// `**` is read as `^`. A byte, not a `String`, so the parser's hot checks are integer compares.
    var symbol: UInt8 = 0

    /// The code of `->` in ``symbol``.
    static let arrow: UInt8 = 0x80

    /// Operator / punctuation spelling for `.symbol` ("+", "->", "^", …).
    var text: String { symbol == Token.arrow ? "->" : String(UnicodeScalar(symbol)) }
}

/// Splits UTF-8 source into tokens, skipping `//`, `/* */` and `#` comments.
///
/// Positions are byte offsets; ``SourceText/location(of:)`` turns them into
/// line:column only when an error is reported, which keeps the hot loop cheap.
struct Lexer {
    let source: SourceText
    /// `source`'s bytes, read without reference counting or bounds checks on every byte
    /// (positions are kept below `end` ≤ the buffer's count).
    private let text: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    /// End of the lexed range (exclusive).
    let end: Int
    /// When true, line breaks are returned as `.newline` tokens (BioNetGen is line-oriented).
    var emitsNewlines = false

    init(source: SourceText, range: Range<Int>? = nil) {
        self.source = source
        self.text = source.unsafeBytes
        self.position = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? source.bytes.count
    }

    mutating func reposition(to offset: Int) { position = offset }

    @inline(__always) private func byte(_ i: Int) -> UInt8 { i < end ? text[i] : 0 }

    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }
    static func isIdentifierPart(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || (c >= 48 && c <= 57)
    }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// The next token.
    mutating func next() throws(LocatedInputError) -> Token {
        skipTrivia()
        guard position < end else { return Token(kind: .end, offset: end, length: 0) }
        let start = position
        let c = text[position]
        if c == 10 {
            position += 1
            return Token(kind: .newline, offset: start, length: 1)
        }
        if Lexer.isIdentifierStart(c) {
            position += 1
            while position < end && Lexer.isIdentifierPart(text[position]) { position += 1 }
            return Token(kind: .identifier, offset: start, length: position - start)
        }
        if Lexer.isDigit(c) || (c == 46 && Lexer.isDigit(byte(position + 1))) {
            while position < end && (Lexer.isDigit(text[position]) || text[position] == 46) { position += 1 }
            let e = byte(position)
            if e == 101 || e == 69 {  // e E
                let s = byte(position + 1)
                if Lexer.isDigit(s) || ((s == 43 || s == 45) && Lexer.isDigit(byte(position + 2))) {
                    position += 2
                    while position < end && Lexer.isDigit(text[position]) { position += 1 }
                }
            }
            return Token(kind: .number, offset: start, length: position - start)
        }
        if c == 34 {  // "
            position += 1
            while position < end && text[position] != 34 && text[position] != 10 { position += 1 }
            guard position < end && text[position] == 34 else {
                throw source.error(at: start, "expected a closing '\"' / found end of line")
            }
            position += 1
            return Token(kind: .string, offset: start, length: position - start)
        }
        let two = position + 1 < end ? (c, text[position + 1]) : (c, 0)
        switch two {
        case (45, 62):  // ->
            position += 2
            return Token(kind: .symbol, offset: start, length: 2, symbol: Token.arrow)
        case (42, 42):  // **
            position += 2
            return Token(kind: .symbol, offset: start, length: 2, symbol: UInt8(ascii: "^"))
        default:
            break
        }
        switch c {
        case 43, 45, 42, 47, 94, 40, 41, 123, 125, 91, 93, 44, 61, 36, 59, 58, 33, 126, 37, 64, 46, 60, 62, 38, 124:
            // + - * / ^ ( ) { } [ ] , = $ ; : ! ~ % @ . < > & |
            position += 1
            return Token(kind: .symbol, offset: start, length: 1, symbol: c)
        default:
            throw source.error(at: start, "expected a name, number or operator / found \(source.describeCharacter(at: start))")
        }
    }

    /// Whether the `\` at `i` ends its line (only blanks follow): a BioNetGen line continuation.
    private func continuesLine(_ i: Int) -> Bool {
        var j = i + 1
        while j < end && (text[j] == 32 || text[j] == 9 || text[j] == 13) { j += 1 }
        return j == end || text[j] == 10
    }

    /// Skips spaces, tabs, carriage returns, comments (and newlines unless they are tokens).
    private mutating func skipTrivia() {
        while position < end {
            let c = text[position]
            if c == 32 || c == 9 || c == 13 || c == 12 || (c == 10 && !emitsNewlines) || c == 92 && (emitsNewlines || continuesLine(position)) {
                position += 1
            } else if c == 47 && byte(position + 1) == 47 || c == 35 {  // // or #
                while position < end && text[position] != 10 { position += 1 }
            } else if c == 47 && byte(position + 1) == 42 {  // /*
                position += 2
                while position < end && !(text[position] == 42 && byte(position + 1) == 47) { position += 1 }
                position = min(position + 2, end)
            } else {
                return
            }
        }
    }
}

/// Source bytes plus the file name, for error positions.
final class SourceText: @unchecked Sendable {
    let bytes: [UInt8]
    let file: String?
    private var lineStarts: [Int]?
    /// A copy of `bytes` this object owns, for the lexer's hot loop.
    let unsafeBytes: UnsafeBufferPointer<UInt8>

    init(bytes: [UInt8], file: String?) {
        self.bytes = bytes
        self.file = file
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = copy.initialize(from: bytes)
        unsafeBytes = UnsafeBufferPointer(copy)
    }

    deinit { unsafeBytes.deallocate() }

    func text(_ token: Token) -> String {
        String(decoding: bytes[token.offset..<(token.offset + token.length)], as: UTF8.self)
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// 1-based line and column of a byte offset.
    func location(of offset: Int) -> SourceLocation {
        if lineStarts == nil {
            var starts = [0]
            for (i, b) in bytes.enumerated() where b == 10 { starts.append(i + 1) }
            lineStarts = starts
        }
        let starts = lineStarts!
        var lo = 0, hi = starts.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid }
        }
        // Column counts characters, not bytes.
        let column = String(decoding: bytes[starts[lo]..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return SourceLocation(line: lo + 1, column: column)
    }

    func error(at offset: Int, _ message: String) -> LocatedInputError {
        LocatedInputError(file: file, location: location(of: offset), message: message)
    }

    func describeCharacter(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of file" }
        let scalarEnd = min(bytes.count, offset + 4)
        if let ch = String(decoding: bytes[offset..<scalarEnd], as: UTF8.self).first {
            return "'\(ch)'"
        }
        return "byte \(bytes[offset])"
    }

    /// A short description of a token for messages.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: return "end of file"
        case .newline: return "end of line"
        case .string: return "string \(text(token))"
        default:
            let t = text(token)
            return "'\(t.count > 40 ? String(t.prefix(40)) + "…" : t)'"
        }
    }
}
