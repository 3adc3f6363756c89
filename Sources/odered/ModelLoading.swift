import ArgumentParser
import SBML
import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options shared by commands that read a model.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The model file: ERODE .ode (also CLUE's dialect), BioNetGen .net, SBML .xml or odered JSON (.json, as export writes it).")
    var model: String

    @Option(name: .customLong("format"), help: "Input format when the extension does not tell: ode, net, sbml or json.")
    var format: FormatOption?

    /// The format the model is read as.
    var resolvedFormat: FormatOption { FormatOption.of(path: model, given: format) }

    func load(progress: ((Int, Int) -> Void)? = nil) throws -> (ODEModel, seconds: Double) {
        let clock = Stopwatch()
        let model = try loadModel(path: self.model, format: resolvedFormat, progress: progress)
        return (model, clock.seconds)
    }
}

/// Reads a model in any format; SBML events, which odered does not simulate, are reported on
/// standard error, one warning line each.
func loadModel(path: String, format: FormatOption, progress: ((Int, Int) -> Void)? = nil) throws -> ODEModel {
    do {
        switch format {
        case .ode: return try ModelFile.load(path: path, format: .erode, progress: progress)
        case .net: return try ModelFile.load(path: path, format: .bioNetGen, progress: progress)
        case .json: return try ModelFile.load(path: path, format: .json)
        case .sbml:
            let model = try SBMLReader.read(path: path)
            for event in model.ignoredCommands where event.kind == .event {
                FileHandleOutput.standardError(LocatedInputError.capped("warning: \(path):\(event.location): \(event.name) ignored: odered reads the continuous dynamics only") + "\n")
            }
            return model
        }
    } catch {
        throw ReportedError(message: error.description)
    }
}

/// An input problem: printed as one line, exit code 1.
struct ReportedError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension ParsableCommand {
    /// Runs a command's body: a `ReportedError` is printed as one capped line `error: …` with exit 1;
    /// a `ValidationError` found while running is reported like one found while parsing, with
    /// this subcommand's usage (not the top-level one) and exit 64; everything else goes to
    /// ArgumentParser.
    func reportingInputErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ReportedError {
            FileHandleOutput.standardError("error: \(LocatedInputError.capped(LocatedInputError.singleLine(error.message), limit: LocatedInputError.maximumMessageLength - 7))\n")
            throw ExitCode(1)
        } catch let error as ValidationError {
            Self.exit(withError: ValidationError(LocatedInputError.capped(LocatedInputError.singleLine(error.message))))
        }
    }
}

/// Ends the process with `code` (after stdout is flushed by the C library).
func exitProcess(_ code: Int32) -> Never { exit(code) }


/// Writes all of `text` to file descriptor 2 (the C library's `write`, Glibc or Darwin).
private func writeStandardError(_ text: String) {
    var copy = text
    copy.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let n = write(2, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { return }
            offset += n
        }
    }
}

enum FileHandleOutput {
    static func standardError(_ text: String) { writeStandardError(text) }

    static var standardErrorIsTerminal: Bool { isatty(2) != 0 }

    /// Writes `text` to `path`, or throws a ReportedError.
    static func write(_ text: String, to path: String) throws {
        do { try ModelFile.write(text, to: path) } catch { throw ReportedError(message: error.description) }
    }
}

/// `37%`.
func percent(_ done: Int, _ total: Int) -> String { "\(total == 0 ? 100 : 100 * done / total)%" }

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

/// Progress of a long command on standard error: the phase, what is known of its extent, and
/// the time since the command started. On a terminal one line is rewritten in place and
/// cleared before the result is printed; with `--progress` and no terminal each
/// phase is one line.
final class PhaseProgress {
    private let enabled: Bool
    private let terminal = FileHandleOutput.standardErrorIsTerminal
    private let clock = Stopwatch()
    private var lastUpdate = -1.0
    private var showing = false

    init(forced: Bool, suppressed: Bool = false) {
        enabled = forced || (FileHandleOutput.standardErrorIsTerminal && !suppressed)
    }

    /// Starts a phase (`load`, `refine`, `verify`, `write`) with what is known of its extent.
    func begin(_ phase: String, _ detail: String = "") {
        guard enabled else { return }
        self.phase = phase
        if terminal {
            lastUpdate = -1
            update(phase, detail, force: true)
        } else {
            FileHandleOutput.standardError("progress: \(phase)\(detail.isEmpty ? "" : " (\(detail))") at \(String(format1: clock.seconds, decimals: 1)) s\n")
        }
    }

    /// Rewrites the terminal line (at most ten times a second).
    func update(_ phase: String, _ detail: String, force: Bool = false) {
        guard enabled, terminal else { return }
        let now = clock.seconds
        guard force || now - lastUpdate >= 0.1 else { return }
        lastUpdate = now
        showing = true
        FileHandleOutput.standardError("\r\u{1B}[K  \(phase)\(detail.isEmpty ? "" : ": \(detail)") — \(String(format1: now, decimals: 1)) s")
    }

    private var phase = ""

    /// A report from a library call: a new phase begins (one line when not a terminal), the
    /// same phase updates the terminal line.
    func report(_ phase: String, _ detail: String) {
        if phase != self.phase { self.phase = phase; begin(phase, detail) } else { update(phase, detail) }
    }

    /// Clears the terminal line before the command prints its result.
    func finish() {
        if showing { FileHandleOutput.standardError("\r\u{1B}[K") }
        showing = false
    }
}
