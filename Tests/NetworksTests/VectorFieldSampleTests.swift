import Testing
@testable import Networks
import Symbolic

@Suite struct VectorFieldSampleTests {
    let text = """
    begin model m
     begin parameters
      a = 1/3
      b = 2.5
     end parameters
     begin init
      x
      y
     end init
     begin ODE
      d(x) = a*x*y - b
      d(y) = x^2 - y
     end ODE
    end model
    """

    @Test func targetsAreTheVectorFieldExactly() throws {
        let model = try ERODEReader.read(text: text)
        let sample = try VectorFieldSample(model, count: 50, seed: 4, lower: Rational(-1), upper: Rational(3, 2))
        #expect(sample.inputNames == ["x", "y"] && sample.targetNames == ["dx/dt", "dy/dt"])
        for (s, f) in zip(sample.states, sample.derivatives) {
            let (x, y) = (s[0], s[1])
            #expect(f == [Rational(1, 3) * x * y - Rational(5, 2), x * x - y])
            #expect(s.allSatisfy { $0 >= Rational(-1) && $0 <= Rational(3, 2) })
        }
        // Seeded; and the CSV reads back to the same exact values.
        #expect(try VectorFieldSample(model, count: 50, seed: 4, lower: Rational(-1), upper: Rational(3, 2)).states == sample.states)
        let table = try CSVTable.parse(text: sample.csvText)
        let set = try table.dataSet(targets: sample.targetNames)
        #expect(set.inputs == sample.states && set.targets == sample.derivatives)
    }

    @Test func refusesSymbolicParametersAndEmptyBoxes() throws {
        let symbolic = try ERODEReader.read(text: text.split(separator: "\n").filter { !$0.contains("a = 1/3") }.joined(separator: "\n"))
        #expect(throws: NetworkError.self) { try VectorFieldSample(symbolic, count: 5, seed: 1, lower: .zero, upper: .one) }
        let model = try ERODEReader.read(text: text)
        #expect(throws: NetworkError.self) { try VectorFieldSample(model, count: 5, seed: 1, lower: .one, upper: .one) }
        #expect(throws: NetworkError.self) { try VectorFieldSample(model, count: 200_000_000, seed: 1, lower: .zero, upper: .one) }
    }
}
