import Foundation
import Testing
import TestSupport

/// Command-line regression tests for issue 9: crashes, hangs, NaN with exit 0, unbounded
/// messages and the command-line traps a newcomer met. Each asserts what the defect broke.
@Suite struct SilentWrongAnswerCLITests {
    let cli = CLITests()

    /// A failed run: exit `status`, and exactly one line on standard error of at most 300 characters.
    func expectOneLineError(_ run: CLITests.Run, status: Int32 = 1, containing: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == status, "\(run.stderr)", sourceLocation: sourceLocation)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        if status == 1 { #expect(lines.count == 1, "\(run.stderr)", sourceLocation: sourceLocation) }
        #expect((lines.first?.count ?? 0) <= 300, sourceLocation: sourceLocation)
        #expect(run.stderr.contains(containing), "\(run.stderr)", sourceLocation: sourceLocation)
    }

    @Test func emptyPartitionBlockIsAnErrorNotACrash() throws {
        let p = try cli.temporaryFile("empty_block.json", #"{"partition": [["x1"], [], ["x2","x3","x4"]]}"#)
        for command in ["check", "reduce", "sweep"] {
            expectOneLineError(try cli.odered(command, "models/four_variable.ode", "--partition", p), containing: "empty block")
        }
    }

    @Test func noNaNWithExitZero() throws {
        let big = try cli.temporaryFile("big.json", #"{"inputs": 1, "layers": [{"weights": [[1e308]], "bias": [0], "activation": "identity"}]}"#)
        let data = try cli.temporaryFile("data.csv", "x,y\n10,1\n20,2\n")
        expectOneLineError(try cli.odered("evaluate", big, data, "--target", "y"), containing: "not a finite double")
        let header = try cli.temporaryFile("header.csv", "x,y\n")
        expectOneLineError(try cli.odered("evaluate", big, header, "--target", "y"), containing: "at least one data row")
        // A constant target: R² is undefined, never "nan".
        let ok = try cli.temporaryFile("one.json", #"{"inputs": 1, "layers": [{"weights": [[1]], "bias": [0], "activation": "identity"}]}"#)
        let constant = try cli.temporaryFile("constant.csv", "x,y\n1,2\n3,2\n")
        let run = try cli.odered("evaluate", ok, constant, "--target", "y")
        #expect(run.status == 0)
        #expect(!run.stdout.lowercased().contains("nan"))
        #expect(run.stdout.contains("undefined"))
        #expect(try cli.odered("evaluate", ok, constant, "--target", "y", "--json").json?["r2"] is NSNull)
    }

    /// Calibration values whose activations overflow are refused at once (the refit used to loop).
    @Test func hugeCalibrationValuesAreRefusedQuickly() throws {
        let data = try cli.temporaryFile("cal.csv", "x1,x2,x3\n1e100,1,2\n0.5,1,1\n")
        let start = Date()
        let run = try cli.odered("compress", "models/tiny_network.json", "--calibration", data, "--target-grp", "50", "--refit")
        #expect(Date().timeIntervalSince(start) < 30)
        expectOneLineError(run, containing: "scale the inputs")
    }

    @Test func longNamesAreCappedInMessages() throws {
        let name = String(repeating: "q", count: 100_000)
        let run = try cli.odered("reduce", "models/four_variable.ode", "--keep", name)
        expectOneLineError(run, containing: "unknown variable")
    }

    @Test func commandLineTraps() throws {
        expectOneLineError(try cli.odered("help", "nosuch"), status: 64, containing: "unknown subcommand")
        let negative = try cli.odered("reduce", "models/four_variable.ode", "--epsilon", "-1")
        #expect(negative.status == 64)
        #expect(negative.stderr.contains("non-negative"))
        #expect(negative.stderr.contains("reduce"))
        // `-o -` writes the model to standard output, the summary to standard error.
        let dash = try cli.odered("reduce", "models/four_variable.ode", "-o", "-")
        #expect(dash.status == 0)
        #expect(dash.stdout.hasPrefix("begin model"))
        #expect(dash.stderr.contains("verified"))
        #expect(!FileManager.default.fileExists(atPath: CLITests.root + "/-"))
        // ε > 0 with every residual 0 is reported as exact.
        let eps = try cli.odered("reduce", "models/four_variable.ode", "--epsilon", "1e-9", "--json")
        #expect(eps.json?["verified"] as? Bool == true)
    }

    @Test func viewsAreNeverAveraged() throws {
        let model = try cli.temporaryFile("views.ode", "begin model t\n begin init\n  a = 1\n  b = 3\n end init\n begin ODE\n  d(a) = -a\n  d(b) = -b\n end ODE\n begin views\n  va = a\n  vs = a + b\n end views\nend model\n")
        let run = try cli.odered("reduce", model, "-o", "-")
        #expect(run.status == 0)
        #expect(run.stderr.contains("view 'va' is not a function of the block sums"))
        let kept = try cli.odered("reduce", model, "--keep-views", "--json")
        #expect(kept.json?["blocks"] as? Int == 2)
        #expect((kept.json?["omitted_views"] as? [Any])?.isEmpty == true)
    }
}
