import Foundation
import Testing
@testable import SBML
import Symbolic
import Reduction
import TestSupport

/// The SBML reader on hand-written documents (each semantic rule of SBML Level 3 core that it
/// implements) and on the shared SBML models' manifest.
@Suite struct SBMLReaderTests {
    /// Writes `text` to a temporary `.xml` file and reads it.
    func read(_ text: String, name: String = "m.xml") throws -> ODEModel {
        try SBMLReader.read(path: try write(text, name: name))
    }

    /// Writes `text` as `name` in a folder of its own (tests run in parallel: no two share a file).
    func write(_ text: String, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odered-sbml-tests-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An SBML L3V2 document around `body` (the children of `<model>`).
    func document(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
          <model id="t">
        \(body)
          </model>
        </sbml>
        """
    }

    func mathApply(_ op: String, _ args: String...) -> String {
        "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><apply><\(op)/>\(args.joined())</apply></math>"
    }

    func ci(_ name: String) -> String { "<ci>\(name)</ci>" }

    func equations(_ m: ODEModel) -> [String: String] {
        let numeric = m.substitutingParameterValues()
        var out: [String: String] = [:]
        for (i, v) in m.variables.enumerated() { out[v.name] = numeric.equations[i].formatted { m.symbols[Int($0)].name } }
        return out
    }

    func reaction(_ id: String, reactants: [(String, String)], products: [(String, String)], law: String, extra: String = "") -> String {
        let r = reactants.map { "<speciesReference species=\"\($0.0)\" stoichiometry=\"\($0.1)\" constant=\"true\"/>" }.joined()
        let p = products.map { "<speciesReference species=\"\($0.0)\" stoichiometry=\"\($0.1)\" constant=\"true\"/>" }.joined()
        return """
        <reaction id="\(id)" reversible="false">
          \(r.isEmpty ? "" : "<listOfReactants>\(r)</listOfReactants>")
          \(p.isEmpty ? "" : "<listOfProducts>\(p)</listOfProducts>")
          <kineticLaw>\(law)\(extra)</kineticLaw>
        </reaction>
        """
    }

    /// Concentrations divide by the compartment size, amounts do not; initial values convert.
    @Test func concentrationAndAmountSpecies() throws {
        let m = try read(document("""
        <listOfCompartments><compartment id="cell" size="2" constant="true"/></listOfCompartments>
        <listOfSpecies>
          <species id="A" name="Alpha" compartment="cell" initialAmount="4" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
          <species id="B" compartment="cell" initialConcentration="3" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
        </listOfSpecies>
        <listOfParameters><parameter id="k" value="0.1" constant="true"/></listOfParameters>
        <listOfReactions>
        \(reaction("R1", reactants: [("A", "1")], products: [("B", "2")], law: mathApply("times", ci("k"), ci("A"), ci("cell"))))
        </listOfReactions>
        """))
        #expect(m.variables.map(\.name) == ["A", "B"])
        #expect(m.variables.map(\.originalName) == ["Alpha", nil])
        #expect(m.variables.map(\.initialValue) == [Rational(2), Rational(6)])  // 4/2 and 3·2
        // Rate k·A·cell (amount per time): d[A]/dt = −k·A·cell/cell, d(B)/dt = 2·k·A·cell.
        #expect(equations(m) == ["A": "-1/10*A", "B": "2/5*A"])
    }

    /// Boundary and constant species are constants; assignment rules are substituted; a rate
    /// rule on a parameter makes it a variable; local parameters are promoted; function
    /// definitions and initial assignments are expanded exactly (irrational ones as atoms).
    @Test func rulesLocalParametersFunctionsAndInitialAssignments() throws {
        let m = try read(document("""
        <listOfFunctionDefinitions>
          <functionDefinition id="twice"><math xmlns="http://www.w3.org/1998/Math/MathML">
            <lambda><bvar><ci>x</ci></bvar><apply><times/><cn type="integer">2</cn><ci>x</ci></apply></lambda></math></functionDefinition>
        </listOfFunctionDefinitions>
        <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
        <listOfSpecies>
          <species id="S" compartment="c" initialAmount="5" hasOnlySubstanceUnits="true" boundaryCondition="true" constant="false"/>
          <species id="X" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
          <species id="Y" compartment="c" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
        </listOfSpecies>
        <listOfParameters>
          <parameter id="k1" value="3" constant="true"/>
          <parameter id="kEff" constant="false"/>
          <parameter id="Tot" constant="false"/>
          <parameter id="p" value="2" constant="false"/>
          <parameter id="kl" constant="true"/>
        </listOfParameters>
        <listOfInitialAssignments>
          <initialAssignment symbol="kl"><math xmlns="http://www.w3.org/1998/Math/MathML">
            <apply><divide/><apply><ln/><cn type="integer">2</cn></apply><cn type="integer">120</cn></apply></math></initialAssignment>
        </listOfInitialAssignments>
        <listOfRules>
          <assignmentRule variable="kEff">\(mathApply("times", ci("k1"), "<cn>0.5</cn>"))</assignmentRule>
          <assignmentRule variable="Tot">\(mathApply("plus", ci("X"), ci("Y")))</assignmentRule>
          <rateRule variable="p">\(mathApply("minus", ci("p")))</rateRule>
        </listOfRules>
        <listOfReactions>
        \(reaction("R1", reactants: [("S", "1")], products: [("X", "1")], law: mathApply("times", ci("kEff"), ci("S"))))
        \(reaction("R2", reactants: [("X", "1")], products: [("Y", "1")],
                   law: mathApply("times", ci("kloc"), ci("Tot"), "<apply><ci>twice</ci><ci>X</ci></apply>"),
                   extra: "<listOfLocalParameters><localParameter id=\"kloc\" value=\"0.25\"/></listOfLocalParameters>"))
        \(reaction("R3", reactants: [("Y", "1")], products: [], law: mathApply("times", ci("kl"), ci("Y"))))
        </listOfReactions>
        """))
        #expect(m.variables.map(\.name) == ["X", "Y", "p"])  // S is a constant; p has a rate rule
        #expect(m.constantAtoms.map(\.text) == ["ln(2)"])
        let e = equations(m)
        // R1: kEff·S = 3/2·5; R2: 1/4·(X+Y)·2X; R3: ln(2)/120·Y.
        #expect(e["X"] == "15/2 - 1/2*X*Y - 1/2*X^2", "\(e)")
        #expect(e["Y"] == "-1/120*ln(2)*Y + 1/2*X*Y + 1/2*X^2", "\(e)")
        #expect(e["p"] == "-p")
    }

    @Test func eventsAreListedNotApplied() throws {
        let m = try read(document("""
        <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
        <listOfSpecies><species id="X" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
        <listOfParameters><parameter id="k" value="1" constant="true"/></listOfParameters>
        <listOfReactions>\(reaction("R", reactants: [("X", "1")], products: [], law: mathApply("times", ci("k"), ci("X"))))</listOfReactions>
        <listOfEvents><event id="kick" useValuesFromTriggerTime="true">
          <trigger initialValue="false" persistent="true"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><gt/><ci>X</ci><cn>2</cn></apply></math></trigger>
          <listOfEventAssignments><eventAssignment variable="X"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>0</cn></math></eventAssignment></listOfEventAssignments>
        </event></listOfEvents>
        """))
        #expect(m.ignoredCommands.map(\.name) == ["event 'kick'"])
        #expect(equations(m) == ["X": "-X"])
    }

    /// A Level 3 species reference's id is its stoichiometry: an initial assignment sets it
    /// (exactly), a rule would make it variable and is refused (it was once read as the
    /// attribute value, silently).
    @Test func stoichiometriesSetByInitialAssignmentsOrRules() throws {
        func model(_ extra: String) -> String {
            document("""
            <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
            <listOfSpecies><species id="X" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
            <listOfParameters><parameter id="k" value="1" constant="true"/></listOfParameters>
            \(extra)
            <listOfReactions><reaction id="R" reversible="false">
              <listOfReactants><speciesReference id="nX" species="X" stoichiometry="1" constant="false"/></listOfReactants>
              <kineticLaw>\(mathApply("times", ci("k"), ci("X")))</kineticLaw>
            </reaction></listOfReactions>
            """)
        }
        let assigned = try read(model("""
        <listOfInitialAssignments><initialAssignment symbol="nX">\(mathApply("divide", "<cn type=\"integer\">7</cn>", "<cn type=\"integer\">3</cn>"))</initialAssignment></listOfInitialAssignments>
        """))
        #expect(equations(assigned) == ["X": "-7/3*X"])
        let error = modelReadError({ _ = try read(model("""
        <listOfRules><assignmentRule variable="nX">\(mathApply("plus", ci("k"), ci("k")))</assignmentRule></listOfRules>
        """), name: "s.xml") })
        #expect(error?.description.contains("set by a rule") == true, "\(String(describing: error))")
        #expect(error?.location != nil)
    }

    /// Everything outside an autonomous polynomial ODE: one line with the XML position.
    @Test(arguments: [
        ("<listOfRules><algebraicRule>\("<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><ci>X</ci></math>")</algebraicRule></listOfRules>", "algebraic rule"),
        ("<listOfReactions>REACTION_TIME</listOfReactions>", "uses the SBML time symbol"),
        ("<listOfReactions>REACTION_DIVIDE</listOfReactions>", "division by a non-constant expression"),
        ("<listOfReactions>REACTION_DELAY</listOfReactions>", "delay"),
        ("<listOfRules><rateRule variable=\"c\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\"><cn>1</cn></math></rateRule></listOfRules>", "its size changes"),
    ])
    func rejections(_ extra: String, _ fragment: String) throws {
        let time = reaction("R", reactants: [("X", "1")], products: [],
                            law: mathApply("times", "<csymbol encoding=\"text\" definitionURL=\"http://www.sbml.org/sbml/symbols/time\">t</csymbol>", ci("X")))
        let divide = reaction("R", reactants: [("X", "1")], products: [], law: mathApply("divide", ci("X"), mathApply("plus", "<cn>1</cn>", ci("X")).replacingOccurrences(of: "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">", with: "").replacingOccurrences(of: "</math>", with: "")))
        let delay = reaction("R", reactants: [("X", "1")], products: [],
                             law: mathApply("times", "<apply><csymbol encoding=\"text\" definitionURL=\"http://www.sbml.org/sbml/symbols/delay\">delay</csymbol><ci>X</ci><cn>1</cn></apply>"))
        let body = extra.replacingOccurrences(of: "REACTION_TIME", with: time).replacingOccurrences(of: "REACTION_DIVIDE", with: divide)
            .replacingOccurrences(of: "REACTION_DELAY", with: delay)
        let text = document("""
        <listOfCompartments><compartment id="c" size="1" constant="false"/></listOfCompartments>
        <listOfSpecies><species id="X" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
        \(body)
        """)
        guard let error = modelReadError({ _ = try read(text, name: "r.xml") }) else {
            Issue.record("accepted: \(fragment)")
            return
        }
        #expect(error.description.contains("r.xml:"), "\(error.description)")
        #expect(error.location != nil, "\(error.description)")
        #expect(error.description.contains(fragment), "\(error.description)")
        #expect(!error.description.contains("\n") && error.description.count <= LocatedInputError.maximumMessageLength)
    }

    @Test func libSBMLReadErrorsHaveTheirPosition() throws {
        let error = modelReadError({ _ = try read("<?xml version=\"1.0\"?>\n<sbml level=\"3\" version=\"2\">\n  <model id=\"x\">\n  </modl>\n</sbml>\n", name: "bad.xml") })
        #expect(error?.description.contains("bad.xml:4:") == true, "\(String(describing: error))")
        #expect(error?.description.contains("libSBML") == true)
        #expect(error?.description.hasSuffix("\\n") == false, "\(String(describing: error))")  // libSBML's trailing line break is dropped
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"), arguments: SharedModels.sbmlManifest)
    func sharedModelsMatchTheManifest(_ entry: SharedModels.Entry) throws {
        let path = SharedModels.path("sbml/" + entry.path)
        if entry.mustBeRejected {
            let error = modelReadError({ _ = try SBMLReader.read(path: path) })
            #expect(error != nil && error!.location != nil, "\(String(describing: error))")
            return
        }
        let model = try SBMLReader.read(path: path)
        let numeric = model.substitutingParameterValues()
        #expect(model.variables.count == entry.variables)
        #expect(numeric.termCount == entry.terms)
        if let blocks = entry.fdeBlocks {
            #expect(ForwardEquivalence.coarsest(numeric).blocks.count == blocks, "\(entry.path)")
        }
    }
}
