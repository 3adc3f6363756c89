import Foundation
import Testing
import TestSupport

/// The README's example sessions (```text blocks of `$ odered …` lines and their output) are
/// run and compared line by line, except the `time` lines, which vary: the README stays true.
@Suite struct ReadmeExampleTests {
    struct Example {
        var command: [String]
        var expected: [String]
    }

    static func examples() throws -> [Example] {
        let text = try String(contentsOfFile: CLITests.root + "/README.md", encoding: .utf8)
        var result: [Example] = []
        var inText = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") { inText = line == "```text"; continue }
            guard inText else { continue }
            if line.hasPrefix("$ odered ") {
                let words = line.dropFirst("$ odered ".count).split(separator: " ").map(String.init)
                result.append(Example(command: Array(words.prefix { !$0.hasPrefix("#") }), expected: []))
            } else if !result.isEmpty {
                result[result.count - 1].expected.append(line)
            }
        }
        return result
    }

    @Test func everyExampleCommandPrintsWhatTheReadmeShows() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 7)
        // A scratch directory with `models` linked in: the examples write files there.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odered-readme-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("models").path, withDestinationPath: CLITests.root + "/models")
        for example in examples {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLITests.binary)
            process.arguments = example.command
            process.currentDirectoryURL = dir
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "odered \(example.command.joined(separator: " "))")
            let printed = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            let varies = { (line: String) in line.hasPrefix("time") }
            #expect(printed.filter { !varies($0) } == example.expected.filter { !varies($0) },
                    "odered \(example.command.joined(separator: " "))")
        }
    }
}

/// models/README.md states the coarsest FDE of every bundled model; the tool must agree.
@Suite struct BundledModelTests {
    let cli = CLITests()

    @Test(arguments: [("four_variable.ode", 3), ("multisite_phosphorylation.ode", 12), ("polymerization.ode", 5),
                      ("rlc_ladder.ode", 7), ("glycolysis.ode", 8)])
    func coarsestFDEHasTheStatedBlockCount(model: String, blocks: Int) throws {
        let run = try cli.odered("reduce", "models/" + model, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json?["blocks"] as? Int == blocks)
        #expect(run.json?["verified"] as? Bool == true)
        let readme = try String(contentsOfFile: "models/README.md", encoding: .utf8)
        let row = try #require(readme.split(separator: "\n").first { $0.hasPrefix("| `\(model)`") })
        #expect(row.contains("→ \(blocks) blocks"), "models/README.md row of \(model)")
    }
}
