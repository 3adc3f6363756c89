import Foundation
import Testing
import TestSupport

@Suite struct PruneAndCalibrationCLITests {
    let cli = CLITests()
    let unnamed = #"{"inputs": 2, "layers": [{"weights": [[1, 2], [3, 4]], "bias": [0, 0], "activation": "square"}, {"weights": [[1, 1]], "bias": [0], "activation": "identity"}]}"#

    /// A calibration file from another data set (more columns than inputs, no names to choose
    /// them) is refused: its target column would be read as an input.
    @Test func calibrationColumnsMustMatchTheNetworkInputs() throws {
        let net = try cli.temporaryFile("unnamed.json", unnamed)
        let wide = try cli.temporaryFile("wide.csv", "a,b,target\n1,2,3\n2,1,0\n")
        let run = try cli.odered("compress", net, "--calibration", wide, "--target-grp", "60")
        #expect(run.status == 1)
        #expect(run.stderr.contains("wide.csv:1:1") && run.stderr.contains("--inputs"), "\(run.stderr)")
        // Naming the columns, or a table of exactly the inputs, is accepted.
        #expect(try cli.odered("compress", net, "--calibration", wide, "--inputs", "a,b", "--target-grp", "60").status == 0)
        let exact = try cli.temporaryFile("exact.csv", "a,b\n1,2\n2,1\n")
        #expect(try cli.odered("compress", net, "--calibration", exact, "--target-grp", "60").status == 0)
        // The bundled network names its inputs: a file without them is refused by name.
        let other = try cli.temporaryFile("other.csv", "x1,x2,z\n1,2,3\n")
        let named = try cli.odered("prune", "models/tiny_network.json", "--method", "wanda", "--target-grp", "50", "--calibration", other)
        #expect(named.status == 1 && named.stderr.contains("'x3'") && named.stderr.contains("input_names"), "\(named.stderr)")
    }

    @Test func pruneMeetsTheBudgetAndTheResultEvaluates() throws {
        let out = try cli.temporaryFile("pruned.json", "")
        for method in ["magnitude", "wanda", "neurons"] {
            var args = ["prune", "models/tiny_network.json", "--method", method, "--target-params", "40", "-o", out, "--json"]
            if method != "magnitude" { args += ["--calibration", "models/tiny_network_data.csv"] }
            if method == "neurons" { args += ["--criterion", "activation"] }
            let run = try cli.odered(args)
            #expect(run.status == 0, "\(run.stderr)")
            let json = try #require(run.json)
            let after = json["parameters_after"] as? Int ?? -1
            if method == "neurons" { #expect(after <= 40 && after >= 30) } else { #expect(after == 40) }
            if method != "magnitude" { #expect(json["calibration_mse"] is Double) }
            let eval = try cli.odered("evaluate", out, "models/tiny_network_data.csv", "--target", "y")
            #expect(eval.status == 0, "\(eval.stderr)")
            // Timed inference: a magnitude-pruned network (at most half its weights nonzero) gets
            // the sparse kernel by default, with one multiply-add per nonzero weight.
            let timed = try cli.odered("evaluate", out, "models/tiny_network_data.csv", "--target", "y", "--json", "--timing")
            let inference = try #require(timed.json?["inference"] as? [String: Any], "\(timed.stderr)")
            #expect((inference["seconds_per_sample"] as? Double ?? 0) > 0 && (inference["passes"] as? Int ?? 0) >= 3)
            if method == "magnitude" {
                #expect(inference["storage"] as? String == "sparse")
                // 40 parameters = nonzero weights + the 13 biases (6 + 6 + 1).
                #expect(inference["multiply_adds"] as? Int == 27, "\(inference)")
            }
            #expect((timed.json?["mse"] as? Double) != nil)
        }
        // Global allocations: merging and neuron pruning take one (Wanda does not: widthAndAllocationOptionsAreChecked).
        for args in [["compress", "models/tiny_network.json"], ["prune", "models/tiny_network.json", "--method", "neurons"]] {
            let global = try cli.odered(args + ["--allocation", "global", "--target-params", "50", "--json", "-o", out])
            #expect(global.status == 0, "\(args): \(global.stderr)")
            #expect((global.json?["parameters_after"] as? Int ?? 99) <= 50, "\(args)")
        }
        let storageAlone = try cli.odered("evaluate", "models/tiny_network.json", "models/tiny_network_data.csv", "--target", "y", "--storage", "dense")
        #expect(storageAlone.status == 64 && storageAlone.stderr.contains("--timing"), "\(storageAlone.stderr)")
        let usage = try cli.odered("prune", "models/tiny_network.json", "--method", "wanda", "--target-grp", "50")
        #expect(usage.status == 64 && usage.stderr.contains("--calibration"))
        let both = try cli.odered("prune", "models/tiny_network.json", "--method", "magnitude")
        #expect(both.status == 64 && both.stderr.contains("one budget"))
    }
}

/// Budgets choose widths; the printed widths reproduce the result; allocation options are checked.
@Suite struct WidthBudgetCLITests {
    let cli = CLITests()

    @Test func printedWidthsReproduceTheBudgetedNetwork() throws {
        let first = try cli.temporaryFile("budgeted.json", ""), second = try cli.temporaryFile("by-widths.json", "")
        let data = "models/tiny_network_data.csv"
        for extra in [[String](), ["--calibration", data], ["--calibration", data, "--tune-rules"],
                      ["--calibration", data, "--distance", "activations", "--merged-weights", "importance"],
                      ["--drop", "0.5"], ["--calibration", data, "--tune-rules", "--tune-drop"]] {
            let run = try cli.odered(["compress", "models/tiny_network.json", "--target-grp", "40", "--linkage", "complete", "-o", first] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("reproduce: ") })
            let args = line.dropFirst("reproduce: ".count).split(separator: " ").map(String.init)
            let again = try cli.odered(["compress", "models/tiny_network.json", "-o", second] + args)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try String(contentsOfFile: first, encoding: .utf8) == String(contentsOfFile: second, encoding: .utf8))
            let json = try #require(try cli.odered(["compress", "models/tiny_network.json", "--json"] + args).json)
            #expect((json["widths"] as? [Int])?.count == 2)
            #expect((json["epsilon_decimal"] as? [String])?.count == 2)
            #expect((json["dropped"] as? [Int])?.count == 2)
            if extra.contains("--drop") { #expect(json["drop_scale"] as? Double == 0.5) }
        }
    }

    @Test func widthAndAllocationOptionsAreChecked() throws {
        let net = "models/tiny_network.json"
        let cases: [([String], String)] = [
            (["--widths", "3"], "2 hidden layers"),
            (["--widths", "0,2"], "positive integer"),
            (["--widths", "3,3", "--epsilon", "1"], "--widths excludes"),
            (["--widths", "3,3", "--target-grp", "50"], "--widths excludes"),
            (["--target-grp", "50", "--allocation", "tuned"], "--calibration"),
            (["--allocation", "uniform"], "budget"),
            (["--target-grp", "50", "--min-width", "0"], "at least 1"),
            (["--target-params", "5"], "narrowest allowed"),
            (["--target-grp", "50", "--tune-rules"], "--calibration"),
            (["--epsilon", "1", "--distance", "activations", "--calibration", "models/tiny_network_data.csv"], "--widths or a --target"),
            (["--epsilon", "1", "--merged-weights", "importance", "--calibration", "models/tiny_network_data.csv"], "lumping quotient"),
            (["--widths", "3,3", "--drop", "1"], "--linkage complete"),
            (["--widths", "3,3", "--linkage", "complete", "--drop", "0"], "positive number"),
            (["--epsilon", "1", "--linkage", "complete", "--drop", "1"], "lumping quotient"),
            (["--widths", "3,3", "--linkage", "complete", "--tune-drop"], "--calibration"),
            (["--widths", "3,3", "--linkage", "complete", "--drop", "1", "--tune-drop", "--calibration", "models/tiny_network_data.csv"], "exclude each other"),
        ]
        for (args, message) in cases {
            let run = try cli.odered(["compress", net] + args)
            #expect(run.status != 0 && run.stderr.contains(message), "\(args): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").allSatisfy { $0.count < 300 })
        }
        let prune = try cli.odered("prune", net, "--method", "wanda", "--allocation", "global", "--target-grp", "50",
                                   "--calibration", "models/tiny_network_data.csv")
        #expect(prune.status == 64 && prune.stderr.contains("global"), "\(prune.stderr)")
        let tuned = try cli.odered("prune", net, "--method", "magnitude", "--allocation", "tuned", "--target-params", "40",
                                   "--calibration", "models/tiny_network_data.csv", "--json")
        #expect(tuned.status == 0, "\(tuned.stderr)")
        #expect(tuned.json?["parameters_after"] as? Int == 40 && tuned.json?["allocation"] as? String == "tuned")
        let refit = try cli.odered("prune", net, "--method", "neurons", "--target-params", "40", "--refit",
                                   "--calibration", "models/tiny_network_data.csv", "--json")
        #expect(refit.status == 0 && refit.json?["calibration_mse_after_refit"] is Double, "\(refit.stderr)")
        let noData = try cli.odered("prune", net, "--method", "magnitude", "--target-params", "40", "--refit")
        #expect(noData.status == 64 && noData.stderr.contains("--calibration"), "\(noData.stderr)")
    }
}

/// `dataset` → `train` → `evaluate`: the benchmark's pipeline on a bundled model.
@Suite struct TrainAndDatasetCLITests {
    let cli = CLITests()

    @Test func sampledDataTrainsADeterministicNetwork() throws {
        let data = try cli.temporaryFile("poly.csv", ""), net1 = try cli.temporaryFile("n1.json", ""), net2 = try cli.temporaryFile("n2.json", "")
        let train = try cli.temporaryFile("train.csv", ""), test = try cli.temporaryFile("test.csv", "")
        let sampled = try cli.odered("dataset", "models/polymerization.ode", "--samples", "300", "--seed", "2", "--box", "0,2", "-o", data)
        #expect(sampled.status == 0, "\(sampled.stderr)")
        let csv = try String(contentsOfFile: data, encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 301 && csv.hasPrefix("I,R,M,P1,"))
        let inputs = "I,R,M,P1,P2,P3,P4,P5,P6,D"
        for out in [net1, net2] {
            let run = try cli.odered("train", data, "--target", "dM/dt", "--inputs", inputs, "--hidden", "8",
                                     "--activation", #"{"polynomial": [0, 0.5, 0.25]}"#, "--epochs", "5", "--seed", "9",
                                     "--test-fraction", "0.25", "--train-out", train, "--test-out", test, "-o", out, "--json")
            #expect(run.status == 0, "\(run.stderr)")
            let rows = run.json?["rows"] as? [String: Any]
            #expect(rows?["test"] as? Int == 75 && (rows?["training"] as? Int ?? 0) + (rows?["validation"] as? Int ?? 0) == 225)
        }
        #expect(try String(contentsOfFile: net1, encoding: .utf8) == String(contentsOfFile: net2, encoding: .utf8))
        // The written parts partition the sample (as text rows, header once each).
        let parts = try [train, test].map { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n") }
        #expect(parts.allSatisfy { $0.first.map(String.init) == csv.split(separator: "\n").first.map(String.init) })
        #expect(Set(parts[0].dropFirst() + parts[1].dropFirst()) == Set(csv.split(separator: "\n").dropFirst()))
        let eval = try cli.odered("evaluate", net1, test, "--target", "dM/dt")
        #expect(eval.status == 0, "\(eval.stderr)")
        // Bad input: one line, non-zero; a value beyond double precision anywhere (test rows too).
        let huge = try cli.temporaryFile("huge.csv", "a,b,y\n1,2,3\n2,1e400,4\n3,1,5\n4,2,6\n")
        for args in [["train", huge, "--target", "y", "--hidden", "2", "--epochs", "1", "-o", net1],["dataset", "models/polymerization.ode", "--box", "2,1", "-o", data],
                     ["train", data, "--target", "nosuch", "-o", net1],
                     ["train", data, "--target", "dM/dt", "--hidden", "8,x", "-o", net1],
                     ["train", data, "--target", "dM/dt", "--activation", "quartic", "-o", net1]] {
            let run = try cli.odered(args)
            #expect(run.status != 0 && !run.stderr.isEmpty && run.stderr.split(separator: "\n").allSatisfy { $0.count < 300 }, "\(args): \(run.stderr)")
        }
    }
}

/// BioNetGen species strings are visible and usable wherever variables are named.
@Suite struct OriginalNameCLITests {
    let cli = CLITests()
    let net = """
    begin parameters
        1 k 2
    end parameters
    begin species
        1 A(b,c~0) 1
        2 A(b,c~1) 1
        3 B() 0
    end species
    begin reactions
        1 1 3 k
        2 2 3 k
        3 3 0 k
    end reactions
    """

    @Test func speciesStringsInJSONCommentsAndOptions() throws {
        let file = try cli.temporaryFile("names.net", net)
        let out = try cli.temporaryFile("names_reduced.ode", "")
        let run = try cli.odered("reduce", file, "-o", out, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["partition"] as? [[String]] == [["s0", "s1"], ["s2"]])
        #expect(json["partition_names"] as? [[String]] == [["A(b,c~0)", "A(b,c~1)"], ["B()"]])
        let reduced = try String(contentsOfFile: out, encoding: .utf8)
        #expect(reduced.contains("(A(b,c~0) + A(b,c~1))"))
        // --keep takes a species string with commas inside its parentheses.
        let kept = try cli.odered("reduce", file, "--keep", "A(b,c~1), B()", "--json")
        #expect(kept.json?["partition"] as? [[String]] == [["s0"], ["s1"], ["s2"]], "\(kept.stderr)")
        // A partition file may name species by their strings.
        let p = try cli.temporaryFile("names_partition.txt", "A(b,c~0)\nA(b,c~1) B()\n")
        let check = try cli.odered("check", file, "--partition", p, "--quiet")
        #expect(check.status == 3, "\(check.stdout)\(check.stderr)")  // {s1, s2} is not an FDE: the partition was read
        let info = try cli.odered("info", file, "--json")
        #expect((info.json?["original_names"] as? [String: String])?["s1"] == "A(b,c~1)")
    }
}

/// Irrational constants and BioNetGen functions through the command line (issue 12).
@Suite struct ConstantAndFunctionCLITests {
    let cli = CLITests()

    @Test func infoListsTheAtomsAndReduceProvesTheLumping() throws {
        let file = try cli.temporaryFile("atoms.net", """
        begin parameters
            1 kd   ln(2)/120
            2 kd2  ln(2)/60
            3 kb   beta0*2
            4 beta0 1/2
        end parameters
        begin functions
            1 infect() kb*Itot
            2 ratio() Itot/(Itot+1)
        end functions
        begin species
            1 S() 10
            2 I1() 1
            3 I2() 1
        end species
        begin reactions
            1 1,2 2,2 infect
            2 1,3 3,3 infect
            3 2 0 2*kd
            4 3 0 kd2
        end reactions
        begin groups
            1 Itot 2,3
        end groups
        """)
        let info = try cli.odered("info", file, "--json")
        #expect(info.status == 0, "\(info.stderr)")
        let constants = try #require(info.json?["constants"] as? [[String: Any]])
        #expect(constants.count == 1)
        #expect(constants.first?["atom"] as? String == "ln(2)")
        // The exact shortest double text (Foundation's JSON reader may round the last digit).
        #expect(info.stdout.contains("\"value\": 0.6931471805599453"), "\(info.stdout)")
        let text = try cli.odered("info", file)
        #expect(text.stdout.contains("constants   1 irrational, kept exact as symbols: ln(2) ≈ 0.6931471805599453"), "\(text.stdout)")
        let out = try cli.temporaryFile("atoms_reduced.ode", "")
        let run = try cli.odered("reduce", file, "-o", out, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json?["partition_names"] as? [[String]] == [["S()"], ["I1()", "I2()"]])
        let reduced = try String(contentsOfFile: out, encoding: .utf8)
        #expect(reduced.contains("for every value of the irrational constants"), "\(reduced)")
        #expect(reduced.contains("kd = 1/120*ln(2)"), "\(reduced)")
        // The written model reads back and reduces to itself.
        #expect(try cli.odered("reduce", out).status == 0)
    }

    @Test func aNonPolynomialFunctionInUseIsOneLineWithItsPosition() throws {
        let file = try cli.temporaryFile("sat.net", """
        begin parameters
            1 k3 1
        end parameters
        begin functions
            1 sat3() k3/(1+G)
        end functions
        begin species
            1 A() 1
        end species
        begin reactions
            1 1 0 sat3
        end reactions
        begin groups
            1 G 1
        end groups
        """)
        let run = try cli.odered("reduce", file)
        #expect(run.status != 0)
        #expect(run.stderr.hasSuffix("sat.net:5:17: function 'sat3' divides by '(1+G)', which depends on observable 'G': rational rate laws are not polynomial\n"), "\(run.stderr)")
    }
}

/// odered's BioNetGen reader against an independent exact implementation (sympy), on the
/// hand-written files of `acceptance/bionetgen/`, generated random networks and, when
/// `../shared` exists, five shared networks (issue 12's acceptance check).
@Suite struct BioNetGenAcceptanceTests {
    static let pythonWithSympy = CLITests.pythonCanImport("sympy")

    @Test(.enabled(if: pythonWithSympy, "needs python3 with sympy"))
    func agreesWithTheIndependentReference() throws {
        var arguments = ["python3", "acceptance/bionetgen.py", "--binary", CLITests.binary, "--random", "12", "--seed", "7"]
        if SharedModels.available {
            let hand = try FileManager.default.contentsOfDirectory(atPath: CLITests.root + "/acceptance/bionetgen")
                .filter { $0.hasSuffix(".net") }.sorted().map { CLITests.root + "/acceptance/bionetgen/" + $0 }
            arguments += hand + ["Haugh2b", "blbr", "toy-jim", "example1", "heise"].map { SharedModels.path("bng/\($0).net") }
        }
        let (status, text) = try CLITests.runScript(arguments)
        #expect(status == 0, "\(text)")
        #expect(text.contains(" models agree") && !text.contains("FAIL"), "\(text)")
    }
}

/// SBML through the command line (issue 13): events reported, SBML written and read back.
@Suite struct SBMLCLITests {
    let cli = CLITests()

    @Test func eventsAreWarnedAndListedAndSBMLRoundTrips() throws {
        let file = try cli.temporaryFile("events.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
          <model id="ev">
            <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
            <listOfSpecies>
              <species id="A" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
              <species id="B" compartment="c" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
            </listOfSpecies>
            <listOfParameters><parameter id="k" value="0.5" constant="true"/></listOfParameters>
            <listOfReactions>
              <reaction id="R" reversible="false">
                <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
                <listOfProducts><speciesReference species="B" stoichiometry="1" constant="true"/></listOfProducts>
                <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>A</ci></apply></math></kineticLaw>
              </reaction>
            </listOfReactions>
            <listOfEvents><event id="reset" useValuesFromTriggerTime="true">
              <trigger initialValue="false" persistent="true"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><lt/><ci>A</ci><cn>0.1</cn></apply></math></trigger>
              <listOfEventAssignments><eventAssignment variable="A"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>1</cn></math></eventAssignment></listOfEventAssignments>
            </event></listOfEvents>
          </model>
        </sbml>
        """)
        let info = try cli.odered("info", file, "--json")
        #expect(info.status == 0, "\(info.stderr)")
        #expect((info.json?["events_ignored"] as? [String])?.first?.hasPrefix("event 'reset' at 17:") == true, "\(info.stdout)")
        #expect(info.stderr.contains("warning: \(file):17:") && info.stderr.contains("event 'reset' ignored"), "\(info.stderr)")
        #expect(info.json?["format"] as? String == "SBML")
        // Reduced to SBML, read back: A + B is conserved, one block with derivative 0.
        let out = try cli.temporaryFile("events_reduced.xml", "")
        let run = try cli.odered("reduce", file, "-o", out, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json?["blocks"] as? Int == 1)
        let back = try cli.odered("convert", out, "-o", "-")
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("d(A) = 0") && back.stdout.contains("A = 1"), "\(back.stdout)")
        // --output-format writes SBML to standard output.
        let sbml = try cli.odered("convert", file, "--output-format", "sbml")
        #expect(sbml.status == 0 && sbml.stdout.hasPrefix("<?xml"), "\(sbml.stderr)")
    }

    @Test func nonPolynomialSBMLIsOneLineWithItsXMLPosition() throws {
        let file = try cli.temporaryFile("mm.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
          <model id="mm">
            <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
            <listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
            <listOfReactions>
              <reaction id="uptake" reversible="false">
                <listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
                <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><divide/><ci>S</ci><apply><plus/><cn>1</cn><ci>S</ci></apply></apply></math></kineticLaw>
              </reaction>
            </listOfReactions>
          </model>
        </sbml>
        """)
        let run = try cli.odered("reduce", file)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: \(file):7:") && run.stderr.contains("reaction 'uptake'") && run.stderr.contains("division by a non-constant"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
    }
}

/// libRoadRunner simulates what odered writes: block sums of the original equal the reduced
/// trajectories (`acceptance/roadrunner_check.py`; skipped without `import roadrunner`).
@Suite struct RoadRunnerTests {
    static let pythonWithRoadRunner = CLITests.pythonCanImport("roadrunner, numpy")

    @Test(.enabled(if: pythonWithRoadRunner, "needs python3 with libroadrunner (pip install libroadrunner)"))
    func reducedSBMLSimulatesToTheBlockSums() throws {
        var models = ["models/multisite_phosphorylation.ode", "models/four_variable.ode", "models/polymerization.ode"]
        if SharedModels.available {
            models += ["sbml/BIOMD0000000125.xml", "sbml/MODEL1204280026.xml", "bng/Haugh2b.net"].map(SharedModels.path)
        }
        let (status, text) = try CLITests.runScript(["python3", "acceptance/roadrunner_check.py", "--binary", CLITests.binary] + models)
        #expect(status == 0, "\(text)")
        #expect(text.contains("\(models.count) of \(models.count) models agree"), "\(text)")
    }

    /// libRoadRunner's reading of the original SBML against odered's (written back as amounts
    /// with rate rules and as reactions): equal trajectories (`acceptance/sbml_semantics_check.py`).
    @Test(.enabled(if: pythonWithRoadRunner, "needs python3 with libroadrunner (pip install libroadrunner)"))
    func odereadsSBMLAsRoadRunnerDoes() throws {
        var models = ["acceptance/sbml/semantics.xml"]
        if SharedModels.available {
            models += SharedModels.sbmlManifest.filter { !$0.mustBeRejected }.map { SharedModels.path("sbml/" + $0.path) }
        }
        let (status, text) = try CLITests.runScript(["python3", "acceptance/sbml_semantics_check.py", "--binary", CLITests.binary] + models)
        #expect(status == 0, "\(text)")
        #expect(text.contains("\(models.count) of \(models.count) models agree"), "\(text)")
    }
}

@Suite struct LinearFirstLayerCLITests {
    let cli = CLITests()

    /// `--first-layer linear` lumps the bundled network's 8 first-layer neurons to the 6 its
    /// squares span, exactly: the written network computes the same outputs (exact evaluation
    /// of both on points whose outputs are exact dyadic rationals), and the JSON says so.
    @Test func theBundledExampleLumpsExactlyAndTheResultComputesTheSameFunction() throws {
        let out = try cli.temporaryFile("linear.json", "")
        let run = try cli.odered("compress", "models/square_features.json", "--first-layer", "linear", "--json", "-o", out)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        let first = try #require(json["first_layer"] as? [String: Any])
        #expect(first["rank"] as? Int == 6 && first["kept"] as? Int == 6 && first["exact"] as? Bool == true)
        #expect(json["exact"] as? Bool == true && json["parameters_after"] as? Int == 43)
        let data = try cli.temporaryFile("points.csv", "x1,x2,y\n0.5,-1,0\n2,0.25,0\n-1.5,3,0\n0,0,0\n")
        let a = try cli.odered("evaluate", "models/square_features.json", data, "--target", "y", "--exact", "--json")
        let b = try cli.odered("evaluate", out, data, "--target", "y", "--exact", "--json")
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect((a.json?["mse"] as? Double) != nil && a.json?["mse"] as? Double == b.json?["mse"] as? Double)
        // Below the rank: approximate, and reported so.
        let narrow = try cli.odered("compress", "models/square_features.json", "--first-layer", "linear", "--widths", "4,3")
        #expect(narrow.status == 0 && narrow.stdout.contains("8 → 4 neurons") && narrow.stdout.contains("least-squares")
                && narrow.stdout.contains("--first-layer linear"), "\(narrow.stdout)")
    }

    @Test func whatItRefusesIsAOneLineErrorWithExitCode() throws {
        let cases: [([String], String)] = [
            (["--refit", "--calibration", "models/tiny_network_data.csv", "--target-grp", "50"], "--refit"),
            (["--allocation", "global", "--target-grp", "50"], "global"),
            (["--backward", "--epsilon", "0"], "--backward"),
        ]
        for (args, word) in cases {
            let run = try cli.odered(["compress", "models/tiny_network.json", "--first-layer", "linear"] + args)
            #expect(run.status == 64 && run.stderr.contains(word) && run.stderr.split(separator: "\n").count <= 3, "\(args): \(run.stderr)")
        }
        let relu = try cli.temporaryFile("relu.json", #"{"inputs": 1, "layers": [{"weights": [[1], [2]], "bias": [0, 0], "activation": "relu"}, {"weights": [[1, 1]], "bias": [0], "activation": "identity"}]}"#)
        let run = try cli.odered("compress", relu, "--first-layer", "linear")
        #expect(run.status == 1 && run.stderr.contains("polynomial activation") && !run.stderr.contains("\n\n"), "\(run.stderr)")
    }
}
