import Symbolic

/// A comma-separated table with a header row; cells kept as text with their positions.
///
/// Accepted: `,` separators, optional `"…"` quoting (`""` inside for a quote), LF or
/// CRLF line ends, blank lines skipped. Errors carry file and line:column.
public struct CSVTable: Sendable {
    /// Column names from the header row.
    public var header: [String]
    /// Data rows, each with as many cells as the header.
    public var rows: [[String]]
    /// Where each data cell starts (same shape as ``rows``).
    public var locations: [[SourceLocation]]
    /// The file name used in errors.
    public var file: String?

    /// Parses CSV text.
    public static func parse(bytes: [UInt8], file: String? = nil) throws(LocatedInputError) -> CSVTable {
        var records: [[String]] = []
        var positions: [[SourceLocation]] = []
        var line = 1, lineStart = 0
        var i = 0
        let n = bytes.count
        // Columns count characters; they are counted on from the last position asked for on the
        // same line (cells are asked for left to right), so reading stays linear in the file size.
        var countedLine = -1, countedOffset = 0, countedColumn = 1
        func location(_ offset: Int) -> SourceLocation {
            let offset = min(offset, n)
            if countedLine != line || offset < countedOffset || countedOffset < lineStart {
                countedLine = line
                countedOffset = lineStart
                countedColumn = 1
            }
            for k in countedOffset..<offset where bytes[k] & 0xC0 != 0x80 { countedColumn += 1 }
            countedOffset = offset
            return SourceLocation(line: line, column: countedColumn)
        }
        // The header is checked as soon as it is read: its errors come before any data row's.
        func checkHeader(_ header: [String], _ positions: [SourceLocation]) throws(LocatedInputError) {
            var seen: [String: Int] = [:]
            for (k, name) in header.enumerated() {
                if name.isEmpty { throw LocatedInputError(file: file, location: positions[k], message: "expected a column name / found an empty header cell") }
                if let first = seen.updateValue(k, forKey: name) {
                    throw LocatedInputError(file: file, location: positions[k], message: "expected distinct column names / found \"\(LocatedInputError.excerpt(name))\" twice (first in column \(first + 1))")
                }
            }
        }
        while i < n {
            // One record.
            var cells: [String] = []
            var cellPositions: [SourceLocation] = []
            let recordLine = line
            var blank = true
            while true {
                let start = i
                cellPositions.append(location(start))
                var cell: [UInt8] = []
                if i < n && bytes[i] == UInt8(ascii: "\"") {
                    blank = false
                    i += 1
                    while true {
                        guard i < n else {
                            // The cell's own start (lines inside the quotes have moved `lineStart` on).
                            throw LocatedInputError(file: file, location: cellPositions[cellPositions.count - 1], message: "expected a closing '\"' for the quoted cell / found end of file")
                        }
                        if bytes[i] == UInt8(ascii: "\"") {
                            if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") { cell.append(bytes[i]); i += 2; continue }
                            i += 1
                            break
                        }
                        if bytes[i] == 10 { line += 1; lineStart = i + 1 }
                        cell.append(bytes[i])
                        i += 1
                    }
                    while i < n && (bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13) { i += 1 }
                    if i < n && bytes[i] != UInt8(ascii: ",") && bytes[i] != 10 {
                        throw LocatedInputError(file: file, location: location(i), message: "expected ',' or end of line after a quoted cell / found '\(Character(Unicode.Scalar(bytes[i])))'")
                    }
                } else {
                    while i < n && bytes[i] != UInt8(ascii: ",") && bytes[i] != 10 { cell.append(bytes[i]); i += 1 }
                }
                let text = String(decoding: cell, as: UTF8.self).trimmingSpaces
                if !text.isEmpty { blank = false }
                cells.append(text)
                if i < n && bytes[i] == UInt8(ascii: ",") { blank = false; i += 1; continue }
                break
            }
            if i < n { i += 1; line += 1; lineStart = i }  // the line feed
            if blank && cells.count == 1 { continue }
            _ = recordLine
            if records.isEmpty { try checkHeader(cells, cellPositions) }
            records.append(cells)
            positions.append(cellPositions)
        }
        guard let header = records.first else {
            throw LocatedInputError(file: file, location: SourceLocation(line: 1, column: 1), message: "expected a header row / found an empty file")
        }
        for r in 1..<records.count where records[r].count != header.count {
            let at = records[r].count > header.count ? positions[r][header.count] : positions[r][0]
            throw LocatedInputError(file: file, location: at, message: "expected \(header.count) cells (as in the header) / found \(records[r].count)")
        }
        return CSVTable(header: header, rows: Array(records.dropFirst()), locations: Array(positions.dropFirst()), file: file)
    }

    /// Parses CSV text from a string.
    public static func parse(text: String, file: String? = nil) throws(LocatedInputError) -> CSVTable {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Reads a CSV file from disk.
    public static func load(path: String) throws(LocatedInputError) -> CSVTable {
        try parse(bytes: ModelFile.readBytes(path: path), file: path)
    }

    /// The index of the column named `name`.
    /// - Complexity: O(columns); ``dataSet(targets:inputs:)`` builds a table once instead.
    public func columnIndex(named name: String) -> Int? { header.firstIndex(of: name) }

    /// The exact value of one cell (decimal or `p/q`), with line:column on error.
    public func value(row: Int, column: Int) throws(LocatedInputError) -> Rational {
        let text = rows[row][column]
        do throws(RationalParseError) {
            return try Rational(parsing: text)
        } catch {
            var at = locations[row][column]
            at.column += error.offset
            throw LocatedInputError(file: file, location: at,
                                 message: "column \"\(header[column])\": \(error.message) in \"\(text)\"")
        }
    }

    /// Splits the table into inputs and targets.
    ///
    /// - Parameters:
    ///   - targets: target column names, in output order.
    ///   - inputs: input column names in order, or `nil` for every other column in header order.
    public func dataSet(targets: [String], inputs: [String]? = nil) throws(LocatedInputError) -> DataSet {
        var columnOfName: [String: Int] = [:]
        for (k, name) in header.enumerated() { columnOfName[name] = k }  // names are distinct
        func index(_ name: String) throws(LocatedInputError) -> Int {
            guard let k = columnOfName[name] else {
                throw LocatedInputError(file: file, location: SourceLocation(line: 1, column: 1),
                                     message: "expected a column named \"\(LocatedInputError.excerpt(name, limit: 60))\" / found columns \(LocatedInputError.excerpt(header.joined(separator: ", "), limit: 120))")
            }
            return k
        }
        var targetColumns: [Int] = []
        for t in targets { targetColumns.append(try index(t)) }
        var inputColumns: [Int] = []
        if let inputs {
            for name in inputs { inputColumns.append(try index(name)) }
        } else {
            let isTarget = Set(targetColumns)
            inputColumns = header.indices.filter { !isTarget.contains($0) }
        }
        var x: [[Rational]] = [], y: [[Rational]] = []
        x.reserveCapacity(rows.count)
        y.reserveCapacity(rows.count)
        for r in rows.indices {
            var xi: [Rational] = [], yi: [Rational] = []
            for c in inputColumns { xi.append(try value(row: r, column: c)) }
            for c in targetColumns { yi.append(try value(row: r, column: c)) }
            x.append(xi)
            y.append(yi)
        }
        return DataSet(inputNames: inputColumns.map { header[$0] }, targetNames: targets, inputs: x, targets: y)
    }
}

/// Exact input and target rows with their column names.
public struct DataSet: Sendable {
    public var inputNames: [String]
    public var targetNames: [String]
    /// One row per sample, values in ``inputNames`` order.
    public var inputs: [[Rational]]
    /// One row per sample, values in ``targetNames`` order.
    public var targets: [[Rational]]
    public init(inputNames: [String], targetNames: [String], inputs: [[Rational]], targets: [[Rational]]) {
        self.inputNames = inputNames
        self.targetNames = targetNames
        self.inputs = inputs
        self.targets = targets
    }
}

extension CSVTable {
    /// The header and the picked data rows as CSV text (cells quoted where they hold a comma,
    /// a quote or a line break), which ``parse(text:file:)`` reads back to the same cells.
    public func text(rows picked: [Int]) -> String {
        func cell(_ s: String) -> String {
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            var quoted = "\""
            for c in s { quoted += c == "\"" ? "\"\"" : String(c) }
            return quoted + "\""
        }
        var out = header.map(cell).joined(separator: ",") + "\n"
        for r in picked { out += rows[r].map(cell).joined(separator: ",") + "\n" }
        return out
    }
}
