import Testing
@testable import Symbolic

/// BioNetGen `begin functions` with BioNetGen's semantics (issue 12, point 4), and the rest of
/// a real `.net` file (point 5).
@Suite struct BioNetGenFunctionTests {
    func read(_ text: String) throws -> ODEModel { try BioNetGenReader.read(text: text, file: "f.net") }

    func equations(_ m: ODEModel) -> [String] {
        let numeric = m.substitutingParameterValues()
        return numeric.equations.map { $0.formatted { m.symbols[Int($0)].name } }
    }

    /// SIR with functional rates: flux = function value × Π reactants; observables are their
    /// weighted species sums; functions call functions (`f()` and bare `f`); an output-only
    /// function may be anything.
    static let sir = """
    # Created by hand
    begin parameters
        1 beta  1/2
        2 v0    2
    end parameters
    begin functions
        1 betaI() beta*I
        2 twice() 2*betaI()
        3 bare() twice + v0*Wsum
        4 frac() I/(I+S)
        5 clock() time()
    end functions
    begin species
        1 S() 10
        2 I() 1
        3 R() 0
    end species
    begin reactions
        1 1,2 2,2 betaI #infection
        2 2 3 twice
        3 3 1 bare
    end reactions
    begin groups
        1 I      2
        2 S      1
        3 Wsum   2*1,3
    end groups
    """

    @Test func functionalRatesMultiplyTheReactants() throws {
        let m = try read(Self.sir)
        // S + I -> 2 I at beta*I: flux beta*S*I^2. I -> R at 2*beta*I: flux 2*beta*I^2.
        // R -> S at 2*beta*I + v0*(2*S + R): flux (2*beta*I + 2*v0*S + v0*R)*R.
        #expect(equations(m) == [
            "-1/2*s0*s1^2 + 4*s0*s2 + s1*s2 + 2*s2^2",
            "1/2*s0*s1^2 - s1^2",
            "-4*s0*s2 - s1*s2 + s1^2 - 2*s2^2",
        ])
        #expect(m.views.map(\.name) == ["I", "S", "Wsum"])
    }

    @Test(arguments: [
        ("k3/(K4+G)", "6:22", "function '_rateLaw1' divides by '(K4+G)', which depends on observable 'G': rational rate laws are not polynomial"),
        ("if(G > 1, k3, K4)", "6:22", "function '_rateLaw1' compares 'G', which depends on observable 'G'"),
        ("k3*time()", "6:22", "function '_rateLaw1' uses time(): a rate that depends on time is not autonomous"),
        ("exp(G)", "6:23", "function '_rateLaw1' applies 'exp' to 'G', which depends on observable 'G'"),
        ("k3*g2()", "7:12", "cycle _rateLaw1 → g2 → _rateLaw1"),
        ("G^0.5", "6:21", "integer constant exponent on a non-constant base"),
        ("Sat(k3, K4)", "6:19", "function 'Sat"),
    ])
    func nonPolynomialFunctionsAreRefusedByName(_ body: String, _ position: String, _ fragment: String) {
        let text = """
        begin parameters
            1 k3 1
            2 K4 2
        end parameters
        begin functions
            1 _rateLaw1() \(body)
            2 g2() _rateLaw1()
        end functions
        begin species
            1 Ga() 1
            2 PLC() 1
        end species
        begin reactions
            1 1,2 2 _rateLaw1
        end reactions
        begin groups
            1 G 1
        end groups
        """
        guard let error = modelReadError({ _ = try read(text) }) else {
            Issue.record("accepted: \(body)")
            return
        }
        #expect(error.description.hasPrefix("f.net:" + position), "\(error.description)")
        #expect(error.description.contains(fragment), "\(error.description)")
        #expect(!error.description.contains("\n") && error.description.count <= LocatedInputError.maximumMessageLength)
    }

    @Test func localFunctionsWithArgumentsAndLateDefinitionsAreRefused() {
        let local = modelReadError({ _ = try read("""
        begin functions
            1 f(x) 2*x
        end functions
        begin species
            1 A() 1
        end species
        begin reactions
            1 1 0 f
        end reactions
        """) })
        #expect(local?.description.contains("f.net:8:11: the rate uses the local function 'f' with arguments") == true, "\(String(describing: local))")
        let late = modelReadError({ _ = try read("""
        begin species
            1 A() 1
        end species
        begin reactions
            1 1 0 f
        end reactions
        begin functions
            1 f() 2
        end functions
        """) })
        #expect(late?.description.contains("f.net:5:11: expected function 'f' to be defined before it is used / found its definition later, at 8:7") == true,
                "\(String(describing: late))")
        let twice = modelReadError({ _ = try read("begin functions\n 1 f() 1\n 2 f() 2\nend functions\n") })
        #expect(twice?.description.contains("f.net:3:4: expected one definition of function 'f'") == true, "\(String(describing: twice))")
    }

    /// A compartmental `.net`: BioNetGen has already written the volume factors into the rates;
    /// the compartments section (whose sizes use parameters) is skipped, `@C::$X()` is fixed.
    @Test func compartmentalNetworksReadTheirRatesAsWritten() throws {
        let m = try read("""
        begin parameters
            1 vol_EC 20
            2 kp     0.1
        end parameters
        begin compartments
          EC 3 vol_EC
          PM 2 0.4*vol_EC EC
        end compartments
        begin molecule types
          1 L(r)
        end molecule types
        begin species
            1 @EC::L(r) 1000
            2 @PM::R(l) 200
            3 @PM::L(r!1)@EC.R(l!1) 0
            4 @EC::$Src() 5
        end species
        begin energy patterns
            1 L(r) 0
        end energy patterns
        begin reactions
            1 1,2 3 0.05*kp #Rule1
            2 4 1,4 2.5*kp
        end reactions
        """)
        #expect(m.variables.map(\.originalName) == ["@EC::L(r)", "@PM::R(l)", "@PM::L(r!1)@EC.R(l!1)", "@EC::Src()"])
        #expect(equations(m) == ["-1/200*s0*s1 + 1/4*s3", "-1/200*s0*s1", "1/200*s0*s1", "0"])
    }
}
