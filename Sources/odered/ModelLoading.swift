import ArgumentParser
import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options shared by commands that read a model.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The model file: ERODE .ode (also CLUE's dialect) or BioNetGen .net.")
    var model: String

    @Option(name: .customLong("format"), help: "Input format when the extension does not tell: ode or net.")
    var format: String?

    func load() throws -> (ODEModel, seconds: Double) {
        var chosen: ModelFormat? = nil
        if let format {
            guard let f = ModelFormat(rawValue: format) else {
                throw ValidationError("--format must be 'ode' or 'net', not '\(format)'")
            }
            chosen = f
        }
        let clock = Stopwatch()
        do {
            let model = try ModelFile.load(path: model, format: chosen)
            return (model, clock.seconds)
        } catch {
            throw InputError(message: error.description)
        }
    }
}

/// An input problem: printed as one line, exit code 1.
struct InputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Prints `InputError`s as `odered: error: …` and exits 1; everything else goes to ArgumentParser.
func runReportingInputErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as InputError {
        FileHandleOutput.standardError("error: \(error.message)\n")
        throw ExitCode(1)
    }
}

/// Wall-clock stopwatch.
struct Stopwatch {
    private let start: timespec
    init() {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        start = t
    }
    var seconds: Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec - start.tv_sec) + Double(t.tv_nsec - start.tv_nsec) / 1e9
    }
}

enum FileHandleOutput {
    static func standardError(_ text: String) {
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }

    static var standardErrorIsTerminal: Bool { isatty(2) != 0 }

    /// Writes `text` to `path`, or throws an InputError.
    static func write(_ text: String, to path: String) throws {
        guard let f = fopen(path, "wb") else {
            throw InputError(message: "\(path): cannot write (\(String(cString: strerror(errno))))")
        }
        defer { fclose(f) }
        var copy = text
        let ok = copy.withUTF8 { fwrite($0.baseAddress, 1, $0.count, f) == $0.count }
        if !ok { throw InputError(message: "\(path): write failed") }
    }
}

/// Formats seconds as milliseconds with three significant decimals.
func milliseconds(_ s: Double) -> String {
    let ms = s * 1000
    return ms < 10 ? String(format1: ms, decimals: 2) : String(format1: ms, decimals: 1)
}

extension String {
    /// Fixed-point formatting without Foundation.
    init(format1 value: Double, decimals: Int) {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let integer = Int(rounded / scale)
        let fraction = Int(rounded.truncatingRemainder(dividingBy: scale))
        var text = (value < 0 && rounded != 0 ? "-" : "") + String(integer)
        if decimals > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: decimals - f.count) + f
        }
        self = text
    }
}
