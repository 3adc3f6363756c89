#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The model languages odered reads.
public enum ModelFormat: String, Sendable, CaseIterable {
    /// ERODE `.ode` (also CLUE's dialect).
    case erode = "ode"
    /// BioNetGen `.net`.
    case bioNetGen = "net"
    /// odered's JSON model (``ModelJSON``), as `odered export --to json` writes it.
    case json

    /// The format implied by a file name's extension (`.ode` when unknown).
    public static func of(path: String) -> ModelFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return .json }
        return lower.hasSuffix(".net") ? .bioNetGen : .erode
    }
}

/// Reading models from disk.
public enum ModelFile {
    /// Largest model file accepted (bytes); larger files are refused before reading.
    public static let maximumFileSize = 2 << 30

    /// Reads a whole file as bytes.
    public static func readBytes(path: String) throws(LocatedInputError) -> [UInt8] {
        guard let handle = fopen(path, "rb") else {
            throw LocatedInputError(file: path, location: nil, message: "cannot open file (\(String(cString: strerror(errno))))")
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if bytes.count > maximumFileSize {
                throw LocatedInputError(file: path, location: nil, message: "file larger than \(maximumFileSize) bytes")
            }
            if n < chunk.count {
                if ferror(handle) != 0 {
                    throw LocatedInputError(file: path, location: nil, message: "read error (\(String(cString: strerror(errno))))")
                }
                break
            }
        }
        return bytes
    }

    /// Writes `text` to `path` (created or truncated): the one file-output routine of the tool.
    public static func write(_ text: String, to path: String) throws(LocatedInputError) {
        guard let f = fopen(path, "wb") else {
            throw LocatedInputError(file: path, location: nil, message: "cannot write (\(String(cString: strerror(errno))))")
        }
        var copy = text
        let ok = copy.withUTF8 { $0.isEmpty || fwrite($0.baseAddress, 1, $0.count, f) == $0.count }
        if fclose(f) != 0 || !ok { throw LocatedInputError(file: path, location: nil, message: "write failed (\(String(cString: strerror(errno))))") }
    }

    /// The size of a file for progress lines (`12.3 MB`), or `size unknown`.
    public static func sizeText(path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "size unknown" }
        let bytes = Double(info.st_size)
        return bytes >= 1e6 ? "\(Int((bytes / 1e5).rounded()) / 10).\(Int((bytes / 1e5).rounded()) % 10) MB" : "\(Int(bytes)) bytes"
    }

    /// Loads a model, choosing the reader by extension unless `format` is given.
    /// - Parameter progress: called now and then with (bytes parsed, bytes).
    public static func load(path: String, format: ModelFormat? = nil,
                            progress: ((Int, Int) -> Void)? = nil) throws(LocatedInputError) -> ODEModel {
        let bytes = try readBytes(path: path)
        switch format ?? ModelFormat.of(path: path) {
        case .erode: return try ERODEReader.read(bytes: bytes, file: path, progress: progress)
        case .bioNetGen: return try BioNetGenReader.read(bytes: bytes, file: path, progress: progress)
        case .json: return try ModelJSON.read(bytes: bytes, file: path)
        }
    }
}
