// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: executable → TUI/Terminal → Core → GenesysCloud.
// The simulator depends only on GenesysCloud's JSON value (the API's wire shapes).
let package = Package(
    name: "gc-timeouts",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gc-timeouts", targets: ["gc-timeouts"]),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "GenesysCloud"),
        .target(name: "GenesysSimulator", dependencies: ["GenesysCloud"]),
        .target(name: "TimeoutsCore", dependencies: ["GenesysCloud"]),
        .target(name: "TimeoutsTUI", dependencies: ["TimeoutsCore"]),
        .target(name: "Terminal", dependencies: ["CNcurses", "TimeoutsTUI"]),
        .executableTarget(name: "gc-timeouts",
                          dependencies: ["TimeoutsCore", "GenesysSimulator", "TimeoutsTUI", "Terminal"]),
        .executableTarget(name: "gc-timeouts-bench",
                          dependencies: ["TimeoutsCore", "GenesysSimulator", "TimeoutsTUI"]),
        .testTarget(name: "GenesysCloudTests", dependencies: ["GenesysCloud", "GenesysSimulator"]),
        .testTarget(name: "GenesysSimulatorTests", dependencies: ["GenesysSimulator", "GenesysCloud"]),
        .testTarget(name: "TimeoutsCoreTests", dependencies: ["TimeoutsCore", "GenesysSimulator"]),
        .testTarget(name: "TimeoutsTUITests", dependencies: ["TimeoutsTUI", "GenesysSimulator"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["GenesysCloud", "gc-timeouts"]),
    ],
    swiftLanguageModes: [.v6]
)
