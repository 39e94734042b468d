import Testing

@testable import GenesysCloud

@Suite struct JSONTests {
    @Test func roundTripKeepsKeyOrderNumbersAndText() throws {
        let text = #"{"zeta":1,"alpha":{"b":2.50,"a":[true,false,null]},"t":"line\n\"q\" ✓ 顧客 🔎","e":1E+3}"#
        let json = try JSON.parse(text)
        #expect(json.serialized == text.replacingOccurrences(of: "\\\"q\\\"", with: "\\\"q\\\""))
        #expect(json.objectValue?.keys == ["zeta", "alpha", "t", "e"])
        #expect(json["alpha"]?["b"] == .number("2.50"))
        #expect(try JSON.parse(json.pretty) == json)
    }

    @Test func escapesAndSurrogatesDecode() throws {
        let json = try JSON.parse(#""\u00e9\ud83d\udd0e\t\/""#)
        #expect(json.stringValue == "é🔎\t/")
    }

    @Test(arguments: ["", "{", #"{"a":}"#, "[1,]", #""open"#, "01", "{\"a\":1} x", "nul", #""\ud800""#])
    func invalidTextIsRefused(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test func settingNilRemovesAndNewKeysAppend() {
        var o: JSONObject = ["a": 1, "b": 2]
        o["a"] = nil
        o["c"] = 3
        #expect(o.keys == ["b", "c"])
    }
}

@Suite struct RegionTests {
    @Test func namesDomainsAndURLsResolve() throws {
        #expect(try Region.resolve("eu-west-1").apiBase.absoluteString == "https://api.mypurecloud.ie")
        #expect(try Region.resolve("eu-west-1").loginBase.absoluteString == "https://login.mypurecloud.ie")
        #expect(try Region.resolve("mypurecloud.com.au").label == "ap-southeast-2")
        #expect(try Region.resolve("api.usw2.pure.cloud").label == "us-west-2")
        let local = try Region.resolve("http://127.0.0.1:8080/")
        #expect(local.apiBase.absoluteString == "http://127.0.0.1:8080")
        #expect(local.loginBase == local.apiBase)
        #expect(try Region.resolve("https://gateway.example.com").apiBase.host == "gateway.example.com")
    }

    @Test func unknownRegionListsValidNames() {
        #expect(throws: RegionError.unknown("eu-west-9")) { try Region.resolve("eu-west-9") }
        let text = RegionError.unknown("x").description
        #expect(text.contains("us-east-1") && text.contains("ap-southeast-2"))
    }

    @Test(arguments: ["http://api.mypurecloud.com", "http://10.0.0.5:80", "http://127.example.com"])
    func plainHTTPIsRefusedOffLoopback(_ url: String) {
        #expect(throws: RegionError.insecure(url)) { try Region.resolve(url) }
    }

    @Test func loopbackForms() {
        #expect(Region.isLoopback("127.0.0.1") && Region.isLoopback("127.1.2.3") && Region.isLoopback("localhost"))
        #expect(Region.isLoopback("[::1]"))
        #expect(!Region.isLoopback("128.0.0.1") && !Region.isLoopback("127.0.0.1.evil.com"))
    }
}

@Suite struct CredentialTests {
    @Test func environmentPicksClientCredentialsThenToken() throws {
        let both = try Credentials.fromEnvironment(["GENESYSCLOUD_OAUTHCLIENT_ID": "id",
                                                    "GENESYSCLOUD_OAUTHCLIENT_SECRET": "s3cret",
                                                    "GENESYSCLOUD_ACCESS_TOKEN": "tok"])
        #expect(both == .clientCredentials(id: "id", secret: Secret("s3cret")))
        #expect(try Credentials.fromEnvironment(["GENESYSCLOUD_ACCESS_TOKEN": "tok"]) == .accessToken(Secret("tok")))
        #expect(throws: GenesysError.missingCredentials) {
            try Credentials.fromEnvironment(["GENESYSCLOUD_OAUTHCLIENT_ID": "id"])
        }
    }

    @Test func secretsNeverPrint() {
        let secret = Secret("hunter2")
        #expect(!"\(secret)".contains("hunter2"))
        #expect(!String(reflecting: secret).contains("hunter2"))
        #expect(GenesysError.missingCredentials.description.contains("GENESYSCLOUD_OAUTHCLIENT_SECRET"))
    }

    @Test func versionMismatchFollowsTheTerraformProvider() {
        func failure(_ status: Int, _ message: String = "") -> APIFailure {
            APIFailure(status: status, code: nil, message: message, correlationID: nil, request: "PATCH /x")
        }
        #expect(failure(409).isVersionMismatch && failure(408).isVersionMismatch)
        #expect(failure(400, "Version 3 does not match the current version 4").isVersionMismatch)
        #expect(!failure(400, "timeoutSeconds must be between 1 and 60").isVersionMismatch)
    }
}
