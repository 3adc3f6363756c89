import Testing
import Reduction
import Symbolic

@Suite struct PartitionFileTests {
    let model = try! ERODEReader.read(text: "begin model m\n begin init\n a\n b\n c\n end init\n begin ODE\n d(a) = -a\n end ODE\nend model\n")

    func read(_ text: String) throws -> Partition {
        try PartitionFile.read(bytes: Array(text.utf8), file: "p", model: model)
    }

    @Test func textAndJSONFormsAgreeAndUnlistedFormOneBlock() throws {
        let fromText = try read("a b  # comment\n")
        let fromJSON = try read(#"{"partition": [["a", "b"]]}"#)
        let bare = try read(#"[["a","b"]]"#)
        #expect(fromText.blocks == [[0, 1], [2]])
        #expect(fromJSON == fromText && bare == fromText)
    }

    @Test(arguments: [
        ("a b\nc zz\n", "p:2:3:", "unknown name 'zz'"),
        ("a b\nb\n", "p:2:1:", "'b' again"),
        (#"{"partition": [["a"], ["b", 3]]}"#, "p:1:29:", "as a string"),
        (#"{"partition": [["a"], "b"]}"#, "p:1:23:", "array of variable names"),
        (#"{"partition": 7}"#, "p:1:15:", "'partition' array"),
        (#"{"partition": [["a"]"#, "p:1:21:", "expected"),
    ])
    func errorsCarryPositions(_ text: String, _ prefix: String, _ fragment: String) {
        do {
            _ = try read(text)
            Issue.record("accepted \(text)")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix(prefix), "\(message)")
            #expect(message.contains(fragment), "\(message)")
        }
    }
}
