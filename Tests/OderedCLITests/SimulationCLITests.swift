import Foundation
import Testing
import TestSupport

/// `simulate` and `compare` from the outside: CSV, plot, JSON, block lists, errors.
@Suite struct SimulationCLITests {
    let cli = CLITests()

    @Test func simulateWritesCSVPlotAndJSON() throws {
        let csv = try cli.temporaryFile("four.csv", ""), svg = try cli.temporaryFile("four.svg", "")
        let run = try cli.odered("simulate", "models/four_variable.ode", "--t-end", "5", "--points", "11",
                                 "--vars", "x4,x1", "--csv", csv, "--plot", svg, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["points"] as? Int == 11)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 12 && rows[0] == "time,x4,x1" && rows[1] == "0,4,1")
        #expect(rows.last!.hasPrefix("5,"))
        let picture = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(picture.hasPrefix("<svg") || picture.hasPrefix("<?xml"))
        #expect(picture.contains("x4") && !picture.contains("nan"))
    }

    @Test func compareReadsTheBlockListOfAReducedModel() throws {
        for ext in ["ode", "xml"] {
            let reduced = try cli.temporaryFile("reduced-for-compare.\(ext)", "")
            #expect(try cli.odered("reduce", "models/multisite_phosphorylation.ode", "-o", reduced).status == 0)
            let run = try cli.odered("compare", "models/multisite_phosphorylation.ode", reduced, "--t-end", "10",
                                     "--rtol", "1e-10", "--atol", "1e-12", "--json")
            #expect(run.status == 0, "\(run.stderr)")
            let json = try #require(run.json)
            #expect((json["blocks"] as? [Any])?.count == 12)
            let worst = try #require(json["max_relative_error"] as? Double)
            #expect(worst < 1e-7, "exact reduction, \(ext): \(worst)")
        }
    }

    @Test func badInputsAreOneLineErrors() throws {
        let symbolic = try cli.temporaryFile("symbolic.ode", "begin model s\n begin parameters\n  k\n end parameters\n begin init\n  x = 1\n end init\n begin ODE\n  d(x) = -k*x\n end ODE\nend model\n")
        let noValue = try cli.odered("simulate", symbolic, "--t-end", "1")
        #expect(noValue.status == 1 && noValue.stderr.contains("'k' has no value"), "\(noValue.stderr)")
        let blowUp = try cli.temporaryFile("blowup.ode", "begin model b\n begin init\n  x = 1\n end init\n begin ODE\n  d(x) = x^2\n end ODE\nend model\n")
        let blows = try cli.odered("simulate", blowUp, "--t-end", "2", "--csv", try cli.temporaryFile("b.csv", ""))
        #expect(blows.status == 1 && blows.stderr.split(separator: "\n").count == 1, "\(blows.stderr)")
        #expect(try cli.odered("simulate", "models/four_variable.ode").status == 64)
        #expect(try cli.odered("simulate", "models/four_variable.ode", "--t-end", "-1").status == 64)
        let unknown = try cli.odered("simulate", "models/four_variable.ode", "--t-end", "1", "--vars", "x1,nope")
        #expect(unknown.status == 1 && unknown.stderr.contains("'nope'"))
        let twice = try cli.odered("simulate", "models/four_variable.ode", "--t-end", "1", "--vars", "x1,x1")
        #expect(twice.status == 1 && twice.stderr.contains("twice"))
        let noBlocks = try cli.odered("compare", "models/four_variable.ode", "models/four_variable.ode", "--t-end", "1")
        #expect(noBlocks.status == 1 && noBlocks.stderr.contains("--partition"), "\(noBlocks.stderr)")
        let withPartition = try cli.odered("compare", "models/four_variable.ode", "models/four_variable.ode", "--t-end", "1",
                                           "--partition", "models/four_variable_blocks.txt")
        #expect(withPartition.status == 1, "four blocks name 4 variables of a 4-variable model, but the partition has 3 blocks")
    }

    /// `sweep --t-end` adds the trajectory error of each ε: none for the exact reduction, and for
    /// the ε-reduction the figure `compare` reports for the written reduced model.
    @Test func sweepReportsTheTrajectoryErrorOfEachTolerance() throws {
        let model = "models/multisite_phosphorylation_asymmetric.ode"
        let sweep = try cli.odered("sweep", model, "--epsilons", "0,2", "--t-end", "20", "--rtol", "1e-10", "--atol", "1e-12", "--json")
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(sweep.stdout.utf8)) as? [[String: Any]])
        try #require(rows.count == 2)
        #expect(rows[0]["blocks"] as? Int == 18 && rows[1]["blocks"] as? Int == 12)
        let exact = try #require(rows[0]["trajectory_error"] as? Double)
        let approximate = try #require(rows[1]["trajectory_error"] as? Double)
        #expect(exact < 1e-8, "exact: \(exact)")
        let reduced = try cli.temporaryFile("asymmetric-eps.ode", "")
        #expect(try cli.odered("reduce", model, "--epsilon", "2", "-o", reduced).status == 0)
        let compare = try #require(try cli.odered("compare", model, reduced, "--t-end", "20", "--rtol", "1e-10", "--atol", "1e-12", "--json").json)
        let reported = try #require(compare["max_relative_error"] as? Double)
        #expect(approximate > 1e-2 && abs(approximate - reported) <= 1e-6 * reported, "sweep \(approximate), compare \(reported)")
        let table = try cli.odered("sweep", model, "--epsilons", "0,2", "--t-end", "20")
        #expect(table.stdout.split(separator: "\n").first?.hasSuffix("trajectory error |") == true, "\(table.stdout)")
    }
}
