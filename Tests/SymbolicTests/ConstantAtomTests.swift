import Foundation
import Testing
@testable import Symbolic

/// Irrational constants kept exact as atoms (issue 12, point 3), in both readers.
@Suite struct ConstantAtomTests {
    /// A one-parameter `.ode` model: d(x) = -k·x with k = `expression`.
    func model(_ expression: String, extra: String = "") throws -> ODEModel {
        try ERODEReader.read(text: """
        begin model t
         begin parameters
          \(extra)k = \(expression)
         end parameters
         begin init
          x = 1
         end init
         begin ODE
          d(x) = -k*x
         end ODE
        end model
        """, file: "t.ode")
    }

    /// The value of k as written by the substitution: a rational or a polynomial in atoms.
    func value(_ m: ODEModel) -> String {
        let eq = m.substitutingParameterValues().equations[0]
        return (-eq).formatted { m.symbols[Int($0)].name }
    }

    @Test(arguments: [
        ("sqrt(9/4)", "3/2*x"), ("8^(2/3)", "4*x"), ("(1/8)^(-1/3)", "2*x"), ("4^0.5", "2*x"),
        ("log10(1000)", "3*x"), ("log10(1/100)", "-2*x"), ("log2(1/8)", "-3*x"), ("ln(1)", "0"),
        ("exp(0)", "x"), ("cos(0)", "x"), ("sin(0) + 1", "x"), ("acos(1) + 2", "2*x"),
        ("rint(2.5)", "3*x"), ("rint(-2.5)", "-2*x"), ("min(3, 1, 2)", "x"), ("max(3, 1/2)", "3*x"),
        ("abs(-3/2)", "3/2*x"), ("sign(-2)", "-x"), ("if(2 > 1, 5, 6)", "5*x"),
        ("if(1 >= 2 || 0, 5, 6)", "6*x"), ("if(1 <= 1 && 2 != 3, 7, 8)", "7*x"), ("if(1 == 1, 1, 0)", "x"),
        ("sum(1, 2, 3)", "6*x"), ("avg(1, 2)", "3/2*x"), ("1.5e-3", "3/2000*x"),
    ])
    func rationalResultsAreExact(_ expression: String, _ expected: String) throws {
        let m = try model(expression)
        #expect(m.constantAtoms.isEmpty, "\(expression)")
        #expect(value(m) == expected, "\(expression)")
    }

    @Test(arguments: [
        ("ln(2)/120", "1/120*ln(2)*x"), ("ln( 4/2 )", "ln(2)*x"), ("exp(-(1+2*3/4))", "exp(-5/2)*x"),
        ("sqrt(2)", "sqrt(2)*x"), ("2^1.5", "2*sqrt(2)*x"), ("2^(-1/2)", "(1/sqrt(2))*x"),
        ("10^(247.8/(300-140))", "10*(10^(439/800))*x"), ("_pi*2^2", "4*pi()*x"), ("pi", "pi()*x"),
        ("_e", "exp(1)*x"), ("_e^(1/2)", "exp(1/2)*x"), ("log(100)", "ln(100)*x"),
        ("min(ln(2), 1)", "ln(2)*x"), ("abs(-ln(2))", "ln(2)*x"), ("1/ln(2)", "(1/ln(2))*x"),
        ("2^ln(2)", "(2^ln(2))*x"), ("sin(1)", "sin(1)*x"), ("1/(1 + sqrt(2))", "(1/(1+sqrt(2)))*x"),
    ])
    func irrationalResultsAreCanonicalAtoms(_ expression: String, _ expected: String) throws {
        let m = try model(expression)
        #expect(!m.constantAtoms.isEmpty, "\(expression)")
        #expect(value(m) == expected, "\(expression)")
    }

    @Test func theSameConstantWrittenTwiceIsOneAtom() throws {
        let m = try model("ln(2)/60", extra: "a = ln(2)/120\n  b = 2*ln(4/2)\n  c = ln( 2 )*3\n  ")
        #expect(m.constantAtoms.map(\.text) == ["ln(2)"])
        let k = m.parameters.first { $0.name == "k" }!, a = m.parameters.first { $0.name == "a" }!
        #expect(k.value == nil && !k.isSymbolic)
        #expect(k.definition! == Rational(2) * a.definition!)  // 2·(ln 2/120) = ln 2/60, exactly
    }

    @Test func doubleValuesComeFromTheFunctions() throws {
        let m = try model("ln(2)/120 + sqrt(3) + 10^(1/3) + exp(-1/2) + sin(1) + _pi")
        let atoms = Dictionary(uniqueKeysWithValues: m.constantAtoms.map { ($0.text, $0.approximation) })
        #expect(atoms["ln(2)"] == log(2.0))
        #expect(atoms["sqrt(3)"] == 3.0.squareRoot())
        #expect(atoms["exp(-1/2)"] == exp(-0.5))
        #expect(atoms["pi()"] == Double.pi)
        let k = m.approximateParameterValues()[Int(m.parameters.first { $0.name == "k" }!.symbol)]!
        let expected = log(2.0) / 120 + 3.0.squareRoot() + pow(10, 1.0 / 3) + exp(-0.5) + sin(1.0) + Double.pi
        #expect(abs(k - expected) <= 1e-14 * expected)
    }

    /// Every error is one line with line:column naming the construct.
    @Test(arguments: [
        ("sqrt(-1)", "3:7", "non-negative base"), ("(-8)^(1/3)", "3:12", "not a real number in BioNetGen or ERODE"),
        ("tan(pi/2)", "3:7", "near a singularity"), ("ln(10^-400)", "3:7", "within double range"), ("ln(0)", "3:7", "positive argument of a logarithm"),
        ("1/sin(pi)", "3:9", "certainly nonzero"), ("1/(sqrt(2)*sqrt(2) - 2)", "3:9", "certainly nonzero"),
        ("max(sqrt(2)^2, 2)", "3:7", "decidable exactly"), ("exp(1000)", "3:7", "infinite"),
        ("acos(2)", "3:7", "not a real number"), ("foo(1)", "3:7", "function 'foo"), ("exp(1, 2)", "3:7", "1 argument of 'exp'"),
        ("0^(-1)", "3:9", "division by zero"), ("if(x > 1, 1, 2)", "3:10", "constants on both sides"),
        ("exp(x)", "3:11", "constant argument of 'exp'"), ("(1/0)^(1/2)", "3:10", "division by zero"),
    ])
    func rejections(_ expression: String, _ position: String, _ fragment: String) {
        guard let error = modelReadError({ _ = try model(expression) }) else {
            Issue.record("accepted: \(expression)")
            return
        }
        #expect(error.description.hasPrefix("t.ode:" + position), "\(error.description)")
        #expect(error.description.contains(fragment), "\(error.description)")
        #expect(!error.description.contains("\n") && error.description.count <= LocatedInputError.maximumMessageLength)
    }

    @Test func aBuiltinConstantNameCannotBeDefinedAfterItsUse() {
        let error = modelReadError({ _ = try model("2", extra: "a = 2*pi\n  pi = 3\n  ") })
        #expect(error?.description.contains("t.ode:4:3: expected a name that is not a built-in constant / found parameter 'pi', already read as the built-in constant at 3:9") == true, "\(String(describing: error))")
        // Defined first, the name is the model's own parameter.
        #expect((try? model("2*pi", extra: "pi = 3\n  ")).map(value) == "6*x")
    }

    @Test func irrationalInitialValuesAreRefused() {
        let error = modelReadError({
            _ = try ERODEReader.read(text: "begin model t\n begin init\n  x = sqrt(2)\n end init\nend model\n", file: "t.ode")
        })
        #expect(error?.description.hasPrefix("t.ode:3:7") == true)
        #expect(error?.description.contains("irrational constant sqrt(2)") == true)
    }

    @Test func bioNetGenReadsLogAsBaseTenAndKeepsAtoms() throws {
        let m = try BioNetGenReader.read(text: """
        begin parameters
            1 kl   log(100)
            2 kd   ln(2)/120
            3 kd2  ln(2)/60
        end parameters
        begin species
            1 A() 1
            2 B() 0
        end species
        begin reactions
            1 1 2 kl*kd
            2 2 0 kd2
        end reactions
        """, file: "c.net")
        #expect(m.parameters.first { $0.name == "kl" }?.value == Rational(2))
        let numeric = m.substitutingParameterValues()
        let name = { (s: Int32) in m.symbols[Int(s)].name }
        #expect(numeric.equations[0].formatted(name) == "-1/60*ln(2)*s0")
        #expect(numeric.equations[1].formatted(name) == "1/60*ln(2)*s0 - 1/60*ln(2)*s1")
    }

    /// Written `.ode` reads back with the same atoms and the same substituted polynomials.
    @Test(arguments: [ERODEWriter.Form.odes, .reactions])
    func writtenAtomsReadBack(_ form: ERODEWriter.Form) throws {
        let m = try model("ln(2)/120 + 2^1.5 - 1/ln(3) + 10^(1239/800)*pi + exp(-5/2)^2 + sin(1) + exp(-(sqrt(2)^2))")
        #expect(m.constantAtoms.contains { $0.text == "exp(-1*sqrt(2)^2)" }, "\(m.constantAtoms)")
        let text = try ERODEWriter.write(m, form: form)
        let back = try ERODEReader.read(text: text, file: "w.ode")
        #expect(Set(back.constantAtoms.map(\.text)) == Set(m.constantAtoms.map(\.text)), "\(text)")
        #expect(value(back) == value(m), "\(text)")
    }
}
