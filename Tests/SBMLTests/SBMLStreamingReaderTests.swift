import Foundation
import Testing
@testable import SBML
import Symbolic
import TestSupport

/// The streaming fast path against libSBML (the reference path): wherever the streaming reader
/// gives content, it must be libSBML's content value by value, and a file libSBML refuses must
/// never be read by it. Checked on hand-written documents of every level it reads, on SBML
/// that odered writes, on every shared SBML model, and on random mutations of all of these.
@Suite struct SBMLStreamingReaderTests {
    func write(_ text: String, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odered-sbml-stream-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    enum Agreement: Equatable { case streamed, fellBack, bothRefused }

    /// The streaming reader's content equals libSBML's, or it fell back; it never reads a
    /// file libSBML refuses. Field by field, so a failure names the field.
    @discardableResult
    func expectAgreement(_ path: String, _ what: String) -> Agreement {
        let fast = SBMLStreamingReader.read(path: path)
        var reference: SBMLContent?
        var referenceError = ""
        do { reference = try SBMLReader.libSBMLContent(path: path).withoutPositions } catch { referenceError = error.description }
        guard case .content(let c) = fast else { return reference == nil ? .bothRefused : .fellBack }
        guard let r = reference else {
            Issue.record("\(what): the streaming reader read a file libSBML refuses (\(referenceError))")
            return .streamed
        }
        func same<T: Equatable>(_ a: [T], _ b: [T], _ field: String) {
            guard a != b else { return }
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("\(what): \(field) differ at \(i) of \(a.count)/\(b.count): streaming \(i < a.count ? "\(a[i])" : "none") / libSBML \(i < b.count ? "\(b[i])" : "none")")
        }
        #expect(c.modelID == r.modelID, "\(what)")
        #expect(c.conversionFactor == r.conversionFactor, "\(what)")
        same(c.rules, r.rules, "rules")
        same(c.initialAssignments, r.initialAssignments, "initial assignments")
        same(c.compartments, r.compartments, "compartments")
        same(c.parameters, r.parameters, "parameters")
        same(c.species, r.species, "species")
        same(c.reactions, r.reactions, "reactions")
        same(c.events, r.events, "events")
        return .streamed
    }

    static let level3 = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!-- a comment -->
    <sbml xmlns="http://www.sbml.org/sbml/level3/version\(2)/core" level="3" version="2">
      <model id="stream" name="streaming test" substanceUnits="mole" timeUnits="second" conversionFactor="cf">
        <notes><body xmlns="http://www.w3.org/1999/xhtml"><p>blocks &amp; provenance</p></body></notes>
        <annotation><x:info xmlns:x="urn:example"><x:any>text</x:any></x:info></annotation>
        <listOfUnitDefinitions>
          <unitDefinition id="per_second"><listOfUnits><unit kind="second" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition>
        </listOfUnitDefinitions>
        <listOfCompartments>
          <compartment id="cell" size="2.5" spatialDimensions="3" constant="true" sboTerm="SBO:0000290"/>
          <compartment id="nucleus" size="0.1" constant="true"/>
        </listOfCompartments>
        <listOfSpecies>
          <species id="A" name="Alpha" compartment="cell" initialConcentration="1.5e-3" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
          <species id="B" compartment="nucleus" initialAmount="4" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false" conversionFactor="cf2"/>
          <species metaid="m_C" id="C" compartment="cell" initialAmount="0" hasOnlySubstanceUnits="false" boundaryCondition="true" constant="false"/>
          <species id="D" compartment="cell" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
        </listOfSpecies>
        <listOfParameters>
          <parameter id="k1" value="0.1" units="per_second" constant="true"/>
          <parameter id="k2" value="3" constant="true"/>
          <parameter id="cf" value="1" constant="true"/>
          <parameter id="cf2" value="2" constant="true"/>
          <parameter id="kEff" constant="false"/>
          <parameter id="p" value="1" constant="false"/>
        </listOfParameters>
        <listOfInitialAssignments>
          <initialAssignment symbol="k2"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><divide/><cn type="integer">1</cn><cn type="integer">3</cn></apply></math></initialAssignment>
          <initialAssignment symbol="n1"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn type="integer">2</cn></math></initialAssignment>
        </listOfInitialAssignments>
        <listOfRules>
          <assignmentRule variable="kEff"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci> k1 </ci><cn>0.5</cn></apply></math></assignmentRule>
          <rateRule variable="p"><notes><p xmlns="http://www.w3.org/1999/xhtml">decay</p></notes><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><minus/><ci>p</ci></apply></math></rateRule>
        </listOfRules>
        <listOfReactions>
          <reaction id="R1" reversible="false" compartment="cell">
            <listOfReactants><speciesReference id="n1" species="A" stoichiometry="1" constant="true"/></listOfReactants>
            <listOfProducts><speciesReference species="B" stoichiometry="2" constant="true"/></listOfProducts>
            <listOfModifiers><modifierSpeciesReference species="C"/></listOfModifiers>
            <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">
              <apply><times/><ci>cell</ci><ci>kEff</ci><apply><times/><ci>A</ci><ci>C</ci></apply>
                <apply><plus/><cn type="integer">1</cn><apply><plus/><ci>A</ci><apply><power/><ci>B</ci><cn type="integer">2</cn></apply></apply></apply></apply>
            </math></kineticLaw>
          </reaction>
          <reaction id="R2" reversible="true">
            <listOfReactants><speciesReference species="B" constant="true"/></listOfReactants>
            <listOfProducts><speciesReference species="D" stoichiometry="1" constant="true"/></listOfProducts>
            <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><minus/><apply><times/><ci>k2</ci><ci>B</ci></apply><apply><divide/><ci>D</ci><cn sbml:units="dimensionless" xmlns:sbml="http://www.sbml.org/sbml/level3/version2/core">4</cn></apply></apply></math></kineticLaw>
          </reaction>
        </listOfReactions>
      </model>
    </sbml>
    """

    static let level2 = """
    <?xml version="1.0" encoding="UTF-8"?>
    <sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4">
      <model id="l2">
        <listOfCompartments><compartment id="cell" size="2"/></listOfCompartments>
        <listOfSpecies>
          <species id="A" compartment="cell" initialConcentration="1"/>
          <species id="B" compartment="cell" initialAmount="3" hasOnlySubstanceUnits="true"/>
          <species id="S" compartment="cell" initialConcentration="5" boundaryCondition="true"/>
        </listOfSpecies>
        <listOfParameters><parameter id="k" value="0.25"/><parameter id="q" value="2" constant="false"/></listOfParameters>
        <listOfRules><rateRule variable="q"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><cn type="integer">-1</cn><ci>q</ci></apply></math></rateRule></listOfRules>
        <listOfReactions>
          <reaction id="R1">
            <listOfReactants><speciesReference species="A"/><speciesReference species="S"/></listOfReactants>
            <listOfProducts><speciesReference species="B" stoichiometry="3"/></listOfProducts>
            <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>A</ci><ci>S</ci><ci>cell</ci></apply></math></kineticLaw>
          </reaction>
          <reaction id="R2" reversible="false" fast="false">
            <listOfReactants><speciesReference species="B"/></listOfReactants>
            <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><divide/><apply><times/><ci>q</ci><ci>B</ci></apply><cn>3.0</cn></apply></math></kineticLaw>
          </reaction>
        </listOfReactions>
      </model>
    </sbml>
    """

    static var level3Version1: String {
        level3.replacingOccurrences(of: "version2", with: "version1").replacingOccurrences(of: "version=\"2\"", with: "version=\"1\"")
            .replacingOccurrences(of: "reversible=\"false\" compartment", with: "reversible=\"false\" fast=\"false\" compartment")
            .replacingOccurrences(of: "reversible=\"true\">", with: "reversible=\"true\" fast=\"false\">")
    }

    /// Hand-written documents of each level the streaming reader reads: it reads them (no
    /// fallback), with libSBML's content, and the models are the same through both paths.
    @Test(arguments: ["level3", "level3Version1", "level2"])
    func handWrittenDocumentsStreamWithLibSBMLsContent(_ which: String) throws {
        let text = which == "level3" ? Self.level3 : which == "level2" ? Self.level2 : Self.level3Version1
        let path = try write(text, name: which + ".xml")
        #expect(expectAgreement(path, which) == .streamed, "\(SBMLStreamingReader.read(path: path))")
        let fast = try SBMLReader.read(path: path), reference = try SBMLReader.readWithLibSBML(path: path)
        #expect(ModelJSON.write(fast) == ModelJSON.write(reference))
    }

    /// Constructs outside the subset fall back to libSBML, which then gives its answer.
    @Test func constructsOutsideTheSubsetFallBack() throws {
        let cases: [(String, String)] = [
            ("<listOfReactions>", "<listOfEvents><event id=\"e\"><trigger><math xmlns=\"http://www.w3.org/1998/Math/MathML\"><true/></math></trigger></event></listOfEvents><listOfReactions>"),
            ("<listOfUnitDefinitions>", "<listOfFunctionDefinitions><functionDefinition id=\"f\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\"><lambda><bvar><ci>x</ci></bvar><ci>x</ci></lambda></math></functionDefinition></listOfFunctionDefinitions><listOfUnitDefinitions>"),
            ("<ci>kEff</ci>", "<apply><exp/><ci>kEff</ci></apply>"),
            ("<cn>0.5</cn>", "<cn type=\"e-notation\">5<sep/>-1</cn>"),
            ("size=\"2.5\"", "size=\"INF\""),
            ("<listOfSpecies>", "<listOfSpecies metaid=\"a b\">"),
            ("<notes><body", "<notes><p>not XHTML</p><body"),
            ("level=\"3\" version=\"2\"", "level=\"3\" version=\"2\" xmlns:fbc=\"http://www.sbml.org/sbml/level3/version1/fbc/version2\" fbc:required=\"false\""),
        ]
        for (old, new) in cases {
            let text = Self.level3.replacingOccurrences(of: old, with: new)
            #expect(text != Self.level3, "\(old)")
            let path = try write(text, name: "fallback.xml")
            #expect(expectAgreement(path, new) != .streamed, "\(new)")
        }
    }

    /// Random mutations of the hand-written documents and of odered-written SBML: never a file
    /// libSBML refuses, never content that differs; the end-to-end reader gives libSBML's
    /// answer or error. Deterministic (seeded).
    @Test(arguments: ["level3", "level2", "written"])
    func mutationsNeverDisagreeWithLibSBML(_ which: String) throws {
        let base: String
        switch which {
        case "level3": base = Self.level3
        case "level2": base = Self.level2
        default:
            let model = try SBMLReader.read(path: try write(Self.level3, name: "base.xml"))
            base = try SBMLWriter.write(model, form: .reactions, comments: ["written & mutated"])
        }
        var rng = SplitMix64(seed: which == "level3" ? 1 : which == "level2" ? 2 : 3)
        var counts: [Agreement: Int] = [:]
        for i in 0..<1500 {
            var text = base
            for _ in 0..<Int.random(in: 1...2, using: &rng) { text = Self.mutate(text, &rng) }
            let path = try write(text, name: "mutant.xml")
            let agreement = expectAgreement(path, "\(which) mutant \(i)")
            counts[agreement, default: 0] += 1
            if agreement == .streamed {
                var fastText = "", referenceText = ""
                do throws(LocatedInputError) { fastText = ModelJSON.write(try SBMLReader.read(path: path)) } catch { fastText = error.description }
                do throws(LocatedInputError) { referenceText = ModelJSON.write(try SBMLReader.readWithLibSBML(path: path)) } catch { referenceText = error.description }
                #expect(fastText == referenceText, "\(which) mutant \(i)")
            }
        }
        // The mutations exercise both paths (else they test nothing).
        #expect(counts[.streamed, default: 0] > 10 && counts[.fellBack, default: 0] + counts[.bothRefused, default: 0] > 10, "\(counts)")
    }

    static let hostileValues = ["", "x y", "1e400", "NaN", "INF", " 1", "-0", "+3", "1.", ".5", "true", "2", "0x10", "a-b",
                                "SBO:123", "SBO:0000001", "_1", "é", "1e-3", "false", "0", "cell", "A", "k1", "&amp;"]

    /// One random edit: an attribute removed or given a hostile value, an attribute or element
    /// inserted, a line removed or repeated, two lines swapped.
    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var lines = text.components(separatedBy: "\n")
        let i = Int.random(in: 0..<lines.count, using: &rng)
        var line = lines[i]
        let attributes = line.matches(of: /\s([A-Za-z:]+)="([^"]*)"/)
        switch Int.random(in: 0..<8, using: &rng) {
        case 0 where !attributes.isEmpty:
            line.removeSubrange(attributes.randomElement(using: &rng)!.range)
        case 1 where !attributes.isEmpty:
            let a = attributes.randomElement(using: &rng)!
            line.replaceSubrange(a.range, with: " \(a.output.1)=\"\(hostileValues.randomElement(using: &rng)!)\"")
        case 2:
            if let tag = line.firstRange(of: /<[A-Za-z]+/) {
                line.insert(contentsOf: [" foo=\"1\"", " sboTerm=\"SBO:0000002\"", " metaid=\"_m\(i)\"", " name=\"n\"", " id=\"i\(i)\""]
                    .randomElement(using: &rng)!, at: tag.upperBound)
            }
        case 3:
            lines.insert(["<notes><p xmlns=\"http://www.w3.org/1999/xhtml\">n</p></notes>", "<annotation><a xmlns=\"urn:a\"/></annotation>",
                          "<unknownElement/>", "<listOfEvents/>", "<?pi x?>", "<!-- c -->", "text"].randomElement(using: &rng)!, at: i)
        case 4:
            lines.remove(at: i)
            return lines.joined(separator: "\n")
        case 5:
            lines.insert(line, at: i)
        case 6:
            let j = Int.random(in: 0..<lines.count, using: &rng)
            lines.swapAt(i, j)
            return lines.joined(separator: "\n")
        default:
            line = line.replacingOccurrences(of: ["<cn>", "<ci>", "times", "plus", "minus"].randomElement(using: &rng)!,
                                             with: ["<cn type=\"integer\">", "<ci> ", "plus", "divide", "power"].randomElement(using: &rng)!)
        }
        lines[i] = line
        return lines.joined(separator: "\n")
    }

    /// Every shared SBML model: streamed with libSBML's content, or handed to libSBML.
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"))
    func sharedSBMLModelsAgree() throws {
        var streamed = 0
        for entry in SharedModels.sbmlManifest {
            if expectAgreement(SharedModels.path("sbml/" + entry.path), entry.path) == .streamed { streamed += 1 }
        }
        #expect(streamed > 0, "no shared SBML model takes the streaming path")
    }

    /// SBML that odered writes (both forms) of shared models of every format streams, with
    /// libSBML's content.
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"),
          arguments: SharedModels.manifest.filter { !$0.mustBeRejected && ($0.terms ?? 0) <= 3_000 }.map(\.path)
            + SharedModels.sbmlManifest.filter { !$0.mustBeRejected }.map { "sbml/" + $0.path })
    func writtenSBMLStreams(_ path: String) throws {
        let full = SharedModels.path(path)
        let model = path.hasSuffix(".xml") ? try SBMLReader.read(path: full) : try ModelFile.load(path: full)
        for form in [SBMLWriter.Form.rateRules, .reactions] {
            let file = try write(try SBMLWriter.write(model, form: form, comments: ["a < b & c"]), name: "written.xml")
            #expect(expectAgreement(file, "\(path) \(form)") == .streamed, "\(path) \(form): \(SBMLStreamingReader.read(path: file))")
        }
    }
}

extension SBMLContent {
    /// The streaming reader leaves positions to libSBML (they only appear in errors).
    var withoutPositions: SBMLContent {
        var c = self
        for i in c.rules.indices { c.rules[i].position = nil }
        for i in c.initialAssignments.indices { c.initialAssignments[i].position = nil }
        for i in c.compartments.indices { c.compartments[i].position = nil }
        for i in c.parameters.indices { c.parameters[i].position = nil }
        for i in c.species.indices { c.species[i].position = nil }
        for i in c.reactions.indices {
            c.reactions[i].position = nil
            for k in c.reactions[i].reactants.indices { c.reactions[i].reactants[k].position = nil }
            for k in c.reactions[i].products.indices { c.reactions[i].products[k].position = nil }
        }
        for i in c.events.indices { c.events[i].position = nil }
        return c
    }
}
