// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "dubplate",
  products: [
    .executable(name: "dubplate", targets: ["dubplate"]),
    /// The decoding and analysis library, exported for the fuzz package in `Fuzz/`.
    .library(name: "DubplateAnalysis", targets: ["DubplateAnalysis"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
  ],
  targets: [
    // MARK: - C shims (no Swift API of their own)

    .systemLibrary(
      name: "CSndFile", pkgConfig: "sndfile",
      providers: [.apt(["libsndfile1-dev"]), .brew(["libsndfile"])]),
    .systemLibrary(
      name: "CFFTW", pkgConfig: "fftw3",
      providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]),
    /// Debian's libsoxr: sample-rate conversion for `master --sample-rate`.
    .systemLibrary(
      name: "CSoxr", pkgConfig: "soxr",
      providers: [.apt(["libsoxr-dev"]), .brew(["libsoxr"])]),
    /// Debian's libebur128, linked by the tests only as an independent reference meter.
    .systemLibrary(
      name: "CEBUR128", pkgConfig: "libebur128",
      providers: [.apt(["libebur128-dev"])]),

    // MARK: - Core

    .target(name: "DubplateDSP", dependencies: ["CFFTW", "CSoxr"]),
    .target(name: "DubplateAudio", dependencies: ["CSndFile", "DubplateDSP"]),
    .target(name: "DubplateAnalysis", dependencies: ["DubplateAudio", "DubplateDSP"]),
    .target(name: "DubplateProfiles", dependencies: ["DubplateAnalysis", "DubplateDSP"]),
    .target(
      name: "DubplateSuggestions", dependencies: ["DubplateAnalysis", "DubplateProfiles", "DubplateDSP"]),
    .target(
      name: "DubplateMastering",
      dependencies: ["DubplateAnalysis", "DubplateAudio", "DubplateProfiles", "DubplateDSP"]),
    .target(name: "DubplateCatalog", dependencies: ["DubplateAnalysis", "DubplateDSP"]),
    .target(
      name: "DubplateReports",
      dependencies: [
        "DubplateAnalysis", "DubplateProfiles", "DubplateSuggestions", "DubplateMastering", "DubplateCatalog",
        "DubplateDSP",
      ]),

    // MARK: - Command-line tool

    .executableTarget(
      name: "dubplate",
      dependencies: [
        "DubplateAudio", "DubplateAnalysis", "DubplateProfiles", "DubplateSuggestions",
        "DubplateMastering", "DubplateCatalog", "DubplateReports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: - Test support and unit test bundles

    .target(name: "DubplateTestSupport", dependencies: ["DubplateDSP", "DubplateAnalysis"]),
    .testTarget(name: "DubplateDSPTests", dependencies: ["DubplateDSP", "DubplateTestSupport"]),
    .testTarget(
      name: "DubplateAudioTests", dependencies: ["DubplateAudio", "DubplateTestSupport"]),
    .testTarget(
      name: "DubplateAnalysisTests",
      dependencies: ["DubplateAnalysis", "DubplateAudio", "DubplateTestSupport"]),
    .testTarget(
      name: "DubplateProfilesTests",
      dependencies: ["DubplateProfiles", "DubplateAnalysis", "DubplateTestSupport"]),
    .testTarget(
      name: "DubplateSuggestionsTests",
      dependencies: [
        "DubplateSuggestions", "DubplateProfiles", "DubplateAnalysis", "DubplateDSP", "DubplateTestSupport",
      ]),
    .testTarget(
      name: "DubplateMasteringTests",
      dependencies: ["DubplateMastering", "DubplateProfiles", "DubplateAnalysis", "DubplateDSP", "DubplateTestSupport"]),
    .testTarget(
      name: "DubplateReportsTests",
      dependencies: ["DubplateReports", "DubplateAnalysis", "DubplateMastering", "DubplateAudio", "DubplateTestSupport"]),
    .testTarget(
      name: "DubplateCatalogTests",
      dependencies: ["DubplateCatalog", "DubplateAnalysis", "DubplateTestSupport"]),
    .testTarget(
      name: "ReferenceMeterTests",
      dependencies: ["DubplateDSP", "DubplateTestSupport", "CEBUR128"]),
    .testTarget(
      name: "DubplateCLITests",
      dependencies: ["dubplate", "DubplateAudio", "DubplateDSP", "DubplateTestSupport"]),
  ]
)
