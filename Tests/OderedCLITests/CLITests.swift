import Foundation
import Testing
import TestSupport

/// End-to-end tests of the `odered` executable: exit codes, one-line errors, JSON keys.
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    /// The `odered` binary built next to this test bundle.
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test runner may live inside an .xctest bundle directory.
        for _ in 0..<3 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("odered").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("odered").path
    }()

    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    func odered(_ arguments: String...) throws -> Run { try odered(arguments) }

    func odered(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Self.root)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Whether `python3 -c "import MODULES"` succeeds (tests that need them are skipped otherwise).
    static func pythonCanImport(_ modules: String) -> Bool {
        ExternalCommand.run(["python3", "-c", "import \(modules)"], in: root).status == 0
    }

    /// Runs a command (through `env`, in the package root); its exit status and combined output.
    static func runScript(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odered-cli-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "no odered at \(Self.binary)")
    }

    @Test func infoJSONHasTheDocumentedKeys() throws {
        let run = try odered("info", "models/multisite_phosphorylation.ode", "--json")
        #expect(run.status == 0)
        let json = try #require(run.json)
        for key in ["variables", "parameters", "terms", "monomials", "degree"] { #expect(json[key] != nil, "key \(key)") }
        #expect(json["variables"] as? Int == 18)
    }

    @Test func reduceWritesAReducedModelThatCheckAccepts() throws {
        let out = try temporaryFile("four_reduced.ode", "")
        let partition = try temporaryFile("four_partition.json", "")
        let run = try odered("reduce", "models/four_variable.ode", "-o", out, "--partition-out", partition, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["variables"] as? Int == 4)
        #expect(json["blocks"] as? Int == 3)
        #expect((json["partition"] as? [[String]]) == [["x1"], ["x2", "x3"], ["x4"]])
        // The reduced model loads, and the written partition passes the independent check.
        #expect(try odered("info", out).status == 0)
        let check = try odered("check", "models/four_variable.ode", "--partition", partition)
        #expect(check.status == 0)
        #expect(check.stdout.contains("d(x2) = 2*x1 - 2*x2 - x2*x4"))
    }

    @Test func checkRejectsANonEquivalenceWithExitCode3() throws {
        let partition = try temporaryFile("bad.txt", "x1 x2\nx3 x4\n")
        let run = try odered("check", "models/four_variable.ode", "--partition", partition)
        #expect(run.status == 3)
        #expect(run.stdout.contains("NOT a forward differential equivalence"))
    }

    @Test func malformedInputGivesOneLineWithPositionAndExit1() throws {
        let model = try temporaryFile("bad.ode", "begin model m\n begin init\n x\n end init\n begin ODE\n d(x) = x/(x+1)\n end ODE\nend model\n")
        let run = try odered("reduce", model)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(run.stderr.contains("bad.ode:6:11:"), "\(run.stderr)")
    }

    @Test func missingFileAndUnknownVariableAreInputErrors() throws {
        #expect(try odered("info", "no/such/file.ode").status == 1)
        let run = try odered("reduce", "models/four_variable.ode", "--keep", "x1,nope")
        #expect(run.status == 1)
        #expect(run.stderr.contains("nope"))
    }

    @Test func usageErrorsExitWithEXUSAGE() throws {
        let run = try odered("reduce", "models/four_variable.ode", "--epsilon", "abc")
        #expect(run.status == 64)  // EX_USAGE, as documented in --help and the README
    }

    @Test func epsilonSweepAndBackwardRun() throws {
        let sweep = try odered("sweep", "models/four_variable.ode", "--epsilons", "0,1", "--json")
        #expect(sweep.status == 0)
        let rows = try #require((try? JSONSerialization.jsonObject(with: Data(sweep.stdout.utf8))) as? [[String: Any]])
        #expect(rows.count == 2)
        let backward = try odered("reduce", "models/four_variable.ode", "--backward", "--json")
        #expect(backward.status == 0)
        #expect(backward.json?["equivalence"] as? String == "backward")
    }

    @Test func compressAndEvaluateJSON() throws {
        let small = try temporaryFile("small.json", "")
        let run = try odered("compress", "models/tiny_network.json", "-o", small, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        for key in ["parameters_before", "parameters_after", "grp", "layers"] { #expect(json[key] != nil, "key \(key)") }
        #expect(json["parameters_after"] as? Int == 41)
        let eval = try odered("evaluate", small, "models/tiny_network_data.csv", "--target", "y", "--json")
        #expect(eval.status == 0, "\(eval.stderr)")
        let metrics = try #require(eval.json)
        for key in ["mse", "rmse", "r2"] { #expect(metrics[key] != nil, "key \(key)") }
        #expect((metrics["mse"] as? Double ?? 1) < 1e-20)
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models")) func sharedModelReduceMatchesManifest() throws {
        let entry = try #require(SharedModels.manifest.first(where: { $0.path == "bng/fceri_fyn.net" }))
        let run = try odered("reduce", SharedModels.path(entry), "--json")
        #expect(run.status == 0)
        #expect(run.json?["blocks"] as? Int == entry.fdeBlocks)
    }
}
