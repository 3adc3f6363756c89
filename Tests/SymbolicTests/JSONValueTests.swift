import Testing
@testable import Symbolic

@Suite("JSON writer")
struct JSONValueTests {
    let value: JSONValue = .object([
        ("a", .int(1)), ("flat", .object([("x", .array([.number(0.5), .string("1/3")])), ("y", .null)])),
        ("rows", .array([.array([.int(1), .int(2)]), .array([])])), ("s", .string("q\"\\\n\u{1}")),
        ("bad", .number(.nan)),
    ])

    @Test func prettyLayoutAndEscapes() {
        #expect(value.render() == """
        {
          "a": 1,
          "flat": {
            "x": [0.5, "1/3"],
            "y": null
          },
          "rows": [
            [1, 2],
            []
          ],
          "s": "q\\"\\\\\\n\\u0001",
          "bad": null
        }
        """)
    }

    @Test func inlineScalarObjectsKeepsFlatObjectsOnOneLine() {
        let text = value.render(inlineScalarObjects: true)
        #expect(text.contains("\"flat\": {\"x\": [0.5, \"1/3\"], \"y\": null},"))
        #expect(text.hasPrefix("{\n  \"a\": 1,"))  // the outer object is not flat
    }

    @Test func compactHasNoNewlines() {
        #expect(!value.render(pretty: false).contains("\n"))
        // What JSONDocument reads back is what was written.
        let back = try? JSONDocument.parse(bytes: Array(value.render().utf8))
        #expect(back?["rows"] == .array([.array([.number("1"), .number("2")]), .array([])]))
    }
}
