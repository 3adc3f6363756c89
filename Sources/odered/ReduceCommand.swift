import ArgumentParser
struct ReduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reduce", abstract: "(in progress)")
    func run() throws {}
}
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "(in progress)")
    func run() throws {}
}
