// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Tamis",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "TamisKit", targets: ["TamisKit"]),
    .executable(name: "tamis", targets: ["tamis"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
  ],
  targets: [
    // libxml2 from Debian's libxml2-dev: the streaming reader (xmlTextReader) for XML exports.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]),
    // A C API over libphonenumber's C++ PhoneNumberUtil (Debian's libphonenumber-dev).
    .target(
      name: "CPhoneNumber",
      linkerSettings: [.linkedLibrary("phonenumber"), .linkedLibrary("stdc++")]),
    .target(
      name: "TamisKit",
      dependencies: [
        "CLibXML2", "CPhoneNumber",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      swiftSettings: [.swiftLanguageMode(.v5)]),
    .executableTarget(
      name: "tamis",
      dependencies: ["TamisKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: [.swiftLanguageMode(.v5)],
      // jemalloc (Debian's libjemalloc-dev) replaces glibc's malloc in the tool: records are
      // built on worker threads and freed on the writing one, where glibc's arenas churn.
      linkerSettings: [.linkedLibrary("jemalloc")]),
    // Synthetic exports with known identities, for the benchmark and the accuracy tests.
    .target(
      name: "TamisSynthetic",
      dependencies: ["TamisKit"],
      swiftSettings: [.swiftLanguageMode(.v5)]),
    .executableTarget(
      name: "tamis-bench",
      dependencies: ["TamisSynthetic", "TamisKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: [.swiftLanguageMode(.v5)]),
    .testTarget(
      name: "TamisKitTests",
      dependencies: ["TamisKit", "TamisSynthetic", .product(name: "PropertyBased", package: "swift-property-based"),
                     // Store tests tamper with a store file as an attacker would, through SQLite.
                     .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: [.swiftLanguageMode(.v5)]),
    .testTarget(
      name: "TamisEndToEndTests",
      dependencies: ["tamis", "TamisKit"],
      swiftSettings: [.swiftLanguageMode(.v5)]),
  ],
  cxxLanguageStandard: .cxx17
)
