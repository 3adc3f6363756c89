/// Finds where a value sits in JSON text, for line:column in error messages.
///
/// ``JSONDocument`` keeps no positions; on the (rare) error path we rescan the
/// already-validated text along a path of keys and indices.
public enum JSONLocator {
    /// Byte offset of the value at `path` (the document itself for `[]`), or `nil` if absent.
    public static func offset(of path: [JSONPathComponent], in bytes: [UInt8]) -> Int? {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        for component in path {
            guard scanner.i < bytes.count else { return nil }
            switch component {
            case .key(let key):
                guard bytes[scanner.i] == UInt8(ascii: "{") else { return nil }
                scanner.i += 1
                while true {
                    scanner.skipSpace()
                    guard scanner.i < bytes.count, bytes[scanner.i] == UInt8(ascii: "\"") else { return nil }
                    let name = scanner.string()
                    scanner.skipSpace()
                    guard scanner.i < bytes.count, bytes[scanner.i] == UInt8(ascii: ":") else { return nil }
                    scanner.i += 1
                    scanner.skipSpace()
                    if name == key { break }
                    guard scanner.skipValue() else { return nil }
                    scanner.skipSpace()
                    guard scanner.i < bytes.count, bytes[scanner.i] == UInt8(ascii: ",") else { return nil }
                    scanner.i += 1
                }
            case .index(let index):
                guard bytes[scanner.i] == UInt8(ascii: "[") else { return nil }
                scanner.i += 1
                scanner.skipSpace()
                for _ in 0..<index {
                    guard scanner.skipValue() else { return nil }
                    scanner.skipSpace()
                    guard scanner.i < bytes.count, bytes[scanner.i] == UInt8(ascii: ",") else { return nil }
                    scanner.i += 1
                    scanner.skipSpace()
                }
            }
        }
        return scanner.i
    }

    /// 1-based line and column (in characters) of a byte offset.
    public static func location(of offset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1, lineStart = 0
        for k in 0..<min(offset, bytes.count) where bytes[k] == 10 { line += 1; lineStart = k + 1 }
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return SourceLocation(line: line, column: column)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        }

        /// Reads a string starting at its opening quote, decoding escapes as ``JSONDocument`` does
        /// (so keys written with escapes are found again).
        mutating func string() -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                    i += 1
                    if !JSONDocument.decodeEscape(bytes, at: &i, into: &out) {
                        out.append(bytes[i])  // already-validated text: cannot happen
                        i += 1
                    }
                    continue
                }
                out.append(bytes[i])
                i += 1
            }
            i += 1
            return String(decoding: out, as: UTF8.self)
        }

        /// Skips one value; `false` on malformed text. Nesting is tracked by a counter, not recursion.
        mutating func skipValue() -> Bool {
            var depth = 0
            repeat {
                skipSpace()
                guard i < bytes.count else { return false }
                switch bytes[i] {
                case UInt8(ascii: "\""): _ = string()
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1; i += 1
                case UInt8(ascii: ","), UInt8(ascii: ":"): i += 1
                default:
                    let start = i
                    while i < bytes.count, !",:]} \t\r\n\"".utf8.contains(bytes[i]) { i += 1 }
                    if i == start { return false }
                }
            } while depth > 0
            return true
        }
    }
}

/// One step of a path into a JSON document: an object key or an array index.
public enum JSONPathComponent: Equatable, Sendable {
    case key(String)
    case index(Int)
}
