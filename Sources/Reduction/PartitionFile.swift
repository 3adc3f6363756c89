import Symbolic

/// Reading and writing partitions of a model's variables by name.
///
/// Text form: one block per line, whitespace-separated variable names (`#` starts a
/// comment). JSON form: the object `odered reduce --json` prints (its `partition`
/// key: an array of blocks, each an array of names), or a bare array of blocks.
public enum PartitionFile {
    /// Parses partition text for `model`. Variables not listed form one extra block.
    public static func read(bytes: [UInt8], file: String?, model: ODEModel) throws(ModelReadError) -> Partition {
        let firstNonSpace = bytes.first { !($0 == 32 || $0 == 9 || $0 == 10 || $0 == 13) }
        var named: [[(String, SourceLocation?)]] = []
        if firstNonSpace == UInt8(ascii: "{") || firstNonSpace == UInt8(ascii: "[") {
            let doc = try JSONDocument.parse(bytes: bytes, file: file)
            let blocks = doc["partition"] ?? doc
            guard case .array(let items) = blocks else {
                throw ModelReadError(file: file, location: nil, message: "expected a 'partition' array of blocks / found another JSON value")
            }
            for item in items {
                guard case .array(let names) = item else {
                    throw ModelReadError(file: file, location: nil, message: "expected each block to be an array of variable names")
                }
                var block: [(String, SourceLocation?)] = []
                for n in names {
                    guard case .string(let s) = n else {
                        throw ModelReadError(file: file, location: nil, message: "expected variable names as strings in the partition")
                    }
                    block.append((s, nil))
                }
                named.append(block)
            }
        } else {
            var line = 1
            for rawLine in bytes.split(separator: 10, omittingEmptySubsequences: false) {
                defer { line += 1 }
                var column = 1
                var block: [(String, SourceLocation?)] = []
                var current: [UInt8] = []
                var currentColumn = 1
                for b in rawLine {
                    if b == UInt8(ascii: "#") { break }
                    if b == 32 || b == 9 || b == 13 || b == UInt8(ascii: ",") {
                        if !current.isEmpty { block.append((String(decoding: current, as: UTF8.self), SourceLocation(line: line, column: currentColumn))) }
                        current = []
                    } else {
                        if current.isEmpty { currentColumn = column }
                        current.append(b)
                    }
                    column += 1
                }
                if !current.isEmpty { block.append((String(decoding: current, as: UTF8.self), SourceLocation(line: line, column: currentColumn))) }
                if !block.isEmpty { named.append(block) }
            }
        }
        var index: [String: Int] = [:]
        for (i, v) in model.variables.enumerated() { index[v.name] = i }
        var seen = Set<Int>()
        var blocks: [[Int]] = []
        for block in named {
            var members: [Int] = []
            for (name, location) in block {
                guard let i = index[name] else {
                    throw ModelReadError(file: file, location: location, message: "expected a state variable of the model / found unknown name '\(name)'")
                }
                guard seen.insert(i).inserted else {
                    throw ModelReadError(file: file, location: location, message: "expected each variable in one block / found '\(name)' again")
                }
                members.append(i)
            }
            blocks.append(members)
        }
        let rest = (0..<model.variables.count).filter { !seen.contains($0) }
        if !rest.isEmpty { blocks.append(rest) }
        return try! Partition(blocks: blocks, count: model.variables.count)
    }

    /// One block per line, names separated by spaces.
    public static func text(_ partition: Partition, model: ODEModel) -> String {
        partition.blocks.map { $0.map { model.variables[$0].name }.joined(separator: " ") }.joined(separator: "\n") + "\n"
    }
}
