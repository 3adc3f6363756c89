import Foundation
import Testing
import TestSupport

/// `export`, and odered's JSON model as an input and output format, from the outside.
@Suite struct ExportCLITests {
    let cli = CLITests()

    @Test func everyFormatIsWrittenAndChosenByExtension() throws {
        for (format, ext) in [("latex", "tex"), ("python", "py"), ("julia", "jl"), ("matlab", "m"), ("json", "json"), ("ode", "ode"), ("net", "net")] {
            let byName = try cli.odered("export", "models/multisite_phosphorylation.ode", "--to", format)
            #expect(byName.status == 0, "\(format): \(byName.stderr)")
            let file = try cli.temporaryFile("exported_model.\(ext)", "")
            let byExtension = try cli.odered("export", "models/multisite_phosphorylation.ode", "-o", file)
            #expect(byExtension.status == 0, "\(ext): \(byExtension.stderr)")
            let written = try String(contentsOfFile: file, encoding: .utf8)
            if format == "matlab" {
                // The function is named after the file (MATLAB requires it), else after the model.
                #expect(written.hasPrefix("function [t, x] = exported_model(t_end"))
                #expect(byName.stdout.hasPrefix("function [t, x] = multisite_phosphorylation(t_end"))
            } else {
                #expect(written == byName.stdout, "\(format): -o and standard output differ")
            }
        }
        // MATLAB calls a function file by its name: a file name that is no MATLAB name is reported.
        let dotted = try cli.temporaryFile("my.model.m", "")
        let renamed = try cli.odered("export", "models/four_variable.ode", "-o", dotted)
        #expect(renamed.status == 0 && renamed.stderr.contains("save the file as my_model.m"), "\(renamed.stderr)")
        #expect(try String(contentsOfFile: dotted, encoding: .utf8).hasPrefix("function [t, x] = my_model(t_end"))
        let missing = try cli.odered("export", "models/four_variable.ode")
        #expect(missing.status == 64 && missing.stderr.contains("--to"), "\(missing.stderr)")
    }

    /// SBML gets reactions for a model that came as reactions (also after `reduce`), rate
    /// rules for one that came as ODEs, and `--form` overrides both.
    @Test func sbmlDynamicsFollowHowTheModelWasStated() throws {
        func written(_ arguments: String...) throws -> String {
            let run = try cli.odered(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            return run.stdout
        }
        let reactions = try written("convert", "models/multisite_phosphorylation.ode", "--output-format", "sbml")
        #expect(reactions.contains("<reaction ") && !reactions.contains("<rateRule"))
        let rules = try written("convert", "models/multisite_phosphorylation.ode", "--output-format", "sbml", "--form", "odes")
        #expect(!rules.contains("<reaction ") && rules.contains("<rateRule"))
        let fromODEs = try written("convert", "models/glycolysis.ode", "--output-format", "sbml")
        #expect(!fromODEs.contains("<reaction ") && fromODEs.contains("<rateRule"))
        let reduced = try written("reduce", "models/multisite_phosphorylation.ode", "-o", "-", "--output-format", "sbml")
        #expect(reduced.contains("<reaction ") && !reduced.contains("<rateRule"))
        // The reactions written read back as the same network: convert → SBML → .ode reactions.
        let file = try cli.temporaryFile("multisite.xml", reactions)
        let again = try written("convert", file, "--output-format", "sbml")
        #expect(again.components(separatedBy: "<reaction ").count == reactions.components(separatedBy: "<reaction ").count)
    }

    @Test func aModelWithoutAMassActionFormIsRefusedInOneLine() throws {
        let model = try cli.temporaryFile("not-mass-action.ode", "begin model m\n begin init\n  x = 1\n  y = 1\n end init\n begin ODE\n  d(x) = -2*y\n  d(y) = x\n end ODE\nend model\n")
        let run = try cli.odered("export", model, "--to", "net")
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains("without its own variable"), "\(run.stderr)")
    }

    /// JSON in: reduce gives the blocks it gives for the `.ode`; JSON out: compare reads the
    /// block list from the written file's comments.
    @Test func jsonModelsReduceAndCompare() throws {
        let json = try cli.temporaryFile("multisite.json", "")
        #expect(try cli.odered("convert", "models/multisite_phosphorylation.ode", "-o", json).status == 0)
        let fromODE = try #require(try cli.odered("reduce", "models/multisite_phosphorylation.ode", "--json").json)
        let fromJSON = try #require(try cli.odered("reduce", json, "--json").json)
        #expect((fromODE["partition"] as? [[String]]) == (fromJSON["partition"] as? [[String]]))
        let reduced = try cli.temporaryFile("multisite-reduced.json", "")
        #expect(try cli.odered("reduce", json, "-o", reduced).status == 0)
        let compare = try cli.odered("compare", json, reduced, "--t-end", "5", "--rtol", "1e-10", "--atol", "1e-12", "--json")
        #expect(compare.status == 0, "\(compare.stderr)")
        let worst = try #require(compare.json?["max_relative_error"] as? Double)
        #expect(worst < 1e-7)
        let broken = try cli.temporaryFile("broken.json", "{\"format\": \"odered-model\", \"version\": 1, \"variables\": [{\"name\": \"A\"}], \"equations\": []}")
        let refused = try cli.odered("reduce", broken)
        #expect(refused.status == 1 && refused.stderr.contains("broken.json:1:"), "\(refused.stderr)")
    }

    static let pythonWithBioNetGen = CLITests.pythonCanImport("bionetgen, numpy")

    /// BioNetGen itself (BNG2.pl and run_network from pip's `bionetgen`) reads the exported .net
    /// files and simulates them to odered's trajectories (`acceptance/bionetgen_net_check.py`).
    @Test(.enabled(if: pythonWithBioNetGen, "needs python3 with bionetgen (pip install bionetgen)"))
    func bioNetGenSimulatesTheExportedNetworks() throws {
        var models = ["models/multisite_phosphorylation.ode", "models/multisite_phosphorylation_asymmetric.ode",
                      "models/polymerization.ode", "models/four_variable.ode"]
        if SharedModels.available {
            models += ["bng/Haugh2b.net", "bng/univ_synth.net", "bng/Motivating_example.net", "bng/mapk.net", "bng/egfr_net.net"].map(SharedModels.path)
        }
        let (status, text) = try CLITests.runScript(["python3", "acceptance/bionetgen_net_check.py", "--binary", CLITests.binary] + models)
        #expect(status == 0, "\(text)")
        #expect(text.contains("\(models.count) of \(models.count) models agree"), "\(text)")
    }
}
