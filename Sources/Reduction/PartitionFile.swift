import Symbolic

/// Reading and writing partitions of a model's variables by name.
///
/// Text form: one block per line, variable names separated by whitespace or commas (commas
/// inside parentheses are part of a name; `#` starts a comment). A name is an identifier or an
/// original name such as a BioNetGen species string (``Symbolic/ODEModel/variableIndex(named:)``). JSON form: the object `odered reduce --json` prints (its `partition`
/// key: an array of blocks, each an array of names), or a bare array of blocks.
public enum PartitionFile {
    /// Parses partition text for `model`. Variables not listed form one extra block.
    public static func read(bytes: [UInt8], file: String?, model: ODEModel) throws(LocatedInputError) -> Partition {
        let firstNonSpace = bytes.first { !($0 == 32 || $0 == 9 || $0 == 10 || $0 == 13) }
        // Each name with a way to find its position (computed only for an error message).
        var named: [[(String, () -> SourceLocation?)]] = []
        if firstNonSpace == UInt8(ascii: "{") || firstNonSpace == UInt8(ascii: "[") {
            let doc = try JSONDocument.parse(bytes: bytes, file: file)
            let root: [JSONPathComponent] = doc["partition"] == nil ? [] : [.key("partition")]
            // Positions are found again only on the error path (JSONDocument keeps none).
            func location(_ path: [JSONPathComponent]) -> SourceLocation? {
                JSONLocator.offset(of: path, in: bytes).map { JSONLocator.location(of: $0, in: bytes) }
            }
            guard case .array(let items) = doc["partition"] ?? doc else {
                throw LocatedInputError(file: file, location: location(root), message: "expected a 'partition' array of blocks / found another JSON value")
            }
            for (b, item) in items.enumerated() {
                guard case .array(let names) = item else {
                    throw LocatedInputError(file: file, location: location(root + [.index(b)]),
                                         message: "expected each block to be an array of variable names / found another JSON value")
                }
                if names.isEmpty {
                    throw LocatedInputError(file: file, location: location(root + [.index(b)]),
                                         message: "expected a block with at least one variable name / found an empty block []")
                }
                var block: [(String, () -> SourceLocation?)] = []
                for (k, n) in names.enumerated() {
                    guard case .string(let s) = n else {
                        throw LocatedInputError(file: file, location: location(root + [.index(b), .index(k)]),
                                             message: "expected a variable name as a string / found another JSON value")
                    }
                    block.append((s, { location(root + [.index(b), .index(k)]) }))
                }
                named.append(block)
            }
        } else {
            var line = 1
            for rawLine in bytes.split(separator: 10, omittingEmptySubsequences: false) {
                defer { line += 1 }
                var column = 1
                var block: [(String, () -> SourceLocation?)] = []
                var current: [UInt8] = []
                var currentColumn = 1
                var depth = 0  // commas inside parentheses belong to a name (BioNetGen species strings)
                for b in rawLine {
                    if b == UInt8(ascii: "#") { break }
                    if b == UInt8(ascii: "(") { depth += 1 } else if b == UInt8(ascii: ")") { depth = max(0, depth - 1) }
                    if b == 32 || b == 9 || b == 13 || (b == UInt8(ascii: ",") && depth == 0) {
                        if !current.isEmpty {
                            let at = SourceLocation(line: line, column: currentColumn)
                            block.append((String(decoding: current, as: UTF8.self), { at }))
                        }
                        current = []
                    } else {
                        if current.isEmpty { currentColumn = column }
                        current.append(b)
                    }
                    column += 1
                }
                if !current.isEmpty {
                            let at = SourceLocation(line: line, column: currentColumn)
                            block.append((String(decoding: current, as: UTF8.self), { at }))
                        }
                if !block.isEmpty { named.append(block) }
            }
        }
        let index = model.variableIndicesByName()  // identifiers, or original names
        var seen = Set<Int>()
        var blocks: [[Int]] = []
        for block in named {
            var members: [Int] = []
            for (name, location) in block {
                guard let i = index[name] else {
                    throw LocatedInputError(file: file, location: location(), message: "expected a state variable of the model / found unknown name '\(name)'")
                }
                guard seen.insert(i).inserted else {
                    throw LocatedInputError(file: file, location: location(), message: "expected each variable in one block / found '\(name)' again")
                }
                members.append(i)
            }
            blocks.append(members)
        }
        let rest = (0..<model.variables.count).filter { !seen.contains($0) }
        if !rest.isEmpty { blocks.append(rest) }
        // Names were checked above: known, each once; empty blocks were refused.
        return Partition(canonicalizing: blocks, count: model.variables.count)
    }

    /// One block per line, names separated by spaces.
    public static func text(_ partition: Partition, model: ODEModel) -> String {
        partition.blocks.map { $0.map { model.variables[$0].name }.joined(separator: " ") }.joined(separator: "\n") + "\n"
    }
}
