import GenesysCloud

// MARK: - Seeded randomness

/// SplitMix64: small, fast, and the same sequence for the same seed on every machine.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func hex(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &self)! })
    }
    mutating func uuid() -> String { "\(hex(8))-\(hex(4))-4\(hex(3))-a\(hex(3))-\(hex(12))" }
}

// MARK: - Seed data

/// One integration of the simulated org.
struct SimIntegration: Sendable {
    let id: String
    let name: String
    let typeID: String
}

/// Makes a realistic org: several integrations, every kind of action, awkward names and templates.
enum OrgGenerator {
    static let verbs = ["Lookup", "Get", "Update", "Create", "Search", "Validate", "Fetch", "Check", "Sync", "Close"]
    static let nouns = ["Customer", "Order", "Account", "Case", "Invoice", "Appointment", "Balance", "Ticket",
                        "Shipment", "Policy", "Claim", "Loyalty Tier", "Payment", "Callback", "Survey"]
    static let qualifiers = ["By Phone", "By Email", "By ANI", "Status", "Details", "History", "Summary", "v2", ""]
    static let unicodeNames = ["顧客検索 (Customer lookup)", "Prüfe Kundenkonto", "Vérifier la commande",
                               "Статус заказа", "🔎 Find caller", "고객 조회", "Búsqueda de póliza", "注文状況の確認 📦"]

    struct Output {
        var integrations: [SimIntegration]
        var actions: [JSON]
        var templates: [String: String]  // "actionId/file" → text for templates carried by URI
        var functions: [String: JSON]    // actionId → FunctionConfig
    }

    static func make(count: Int, seed: UInt64) -> Output {
        var rng = SeededRandom(seed: seed)
        let integrations = [
            SimIntegration(id: rng.uuid(), name: "Web Services Data Actions", typeID: "custom-rest-actions"),
            SimIntegration(id: rng.uuid(), name: "Billing API", typeID: "custom-rest-actions"),
            SimIntegration(id: rng.uuid(), name: "Salesforce CRM", typeID: "salesforce-datadip"),
            SimIntegration(id: rng.uuid(), name: "Genesys Cloud Data Actions", typeID: "purecloud-data-actions"),
            SimIntegration(id: rng.uuid(), name: "Fraud Scoring Functions", typeID: "function-data-actions"),
        ]
        var out = Output(integrations: integrations, actions: [], templates: [:], functions: [:])
        // Custom-auth actions: one per custom REST integration, listed only with includeAuthActions.
        for integration in integrations where integration.typeID == "custom-rest-actions" {
            out.actions.append(customAuthAction(integration, rng: &rng))
        }
        // Two static built-ins, read-only through the public API.
        out.actions.append(staticAction(id: "static_-_getUserPresence", name: "Get User Presence",
                                        integration: integrations[3], rng: &rng))
        out.actions.append(staticAction(id: "static_-_getQueueEstimatedWait", name: "Get Estimated Wait Time",
                                        integration: integrations[3], rng: &rng))
        var usedNames = Set<String>()
        for n in 0..<max(0, count - out.actions.count) {
            let integration = integrations[n % integrations.count == 3 ? 0 : n % integrations.count]
            var name: String
            if n < unicodeNames.count * 3, n % 3 == 1 {
                name = unicodeNames[n / 3]
            } else {
                name = [verbs.randomElement(using: &rng)!, nouns.randomElement(using: &rng)!,
                        qualifiers.randomElement(using: &rng)!].filter { !$0.isEmpty }.joined(separator: " ")
            }
            if usedNames.contains(name) { name += " #\(n)" }
            usedNames.insert(name)
            let id = rng.uuid()
            var action = webServiceAction(id: id, name: name, integration: integration, rng: &rng, out: &out)
            if integration.typeID == "function-data-actions" {
                var fn = JSONObject()
                fn["id"] = .string(id)
                var function: JSONObject = ["id": .string(rng.uuid()), "name": .string(name),
                                            "handler": "src/index.handler", "runtime": "nodejs22.x"]
                if !rng.chance(0.2) { function["timeoutSeconds"] = .int(Int.random(in: 1...15, using: &rng)) }
                fn["function"] = .object(function)
                fn["zip"] = ["id": .string(rng.uuid()), "name": "function.zip", "status": "Available"]
                out.functions[id] = .object(fn)
                action["category"] = .string(integration.name)
            }
            out.actions.append(action)
        }
        return out
    }

    static func timeout(_ rng: inout SeededRandom) -> Int? {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<22: nil                                   // unset: Genesys uses 60
        case 22..<52: Int.random(in: 1...3, using: &rng)    // too short for a slow backend
        case 52..<80: Int.random(in: 4...15, using: &rng)
        default: [20, 25, 30, 45, 60].randomElement(using: &rng)!
        }
    }

    static func webServiceAction(id: String, name: String, integration: SimIntegration, rng: inout SeededRandom,
                                 out: inout Output) -> JSON
    {
        let requestTemplate = rng.chance(0.5)
            ? "${input.rawRequest}"
            : "{\n  \"phone\": \"$esc.jsonString(${input.phone})\",\n  \"note\": \"#if($input.note)$input.note#end ✓\"\n}"
        let successTemplate = rng.chance(0.5)
            ? "${rawResult}"
            : "{\"name\": ${name}, \"tier\": $successTemplateUtils.firstFromArray(\"${tier}\", \"$esc.jsonString('none')\")}"
        var request: JSONObject = [
            "requestUrlTemplate": .string("https://api.example.com/v1/\(name.lowercased().split(separator: " ").first ?? "x")/${input.id}"),
            "requestType": .string(["GET", "POST", "PUT"].randomElement(using: &rng)!),
            "headers": ["Authorization": "Bearer ${credentials.token}", "X-Trace": "gc-$!{input.conversationId}",
                        "Content-Type": "application/json"],
        ]
        if rng.chance(0.3) {
            request["requestTemplateUri"] = .string("/api/v2/integrations/actions/\(id)/templates/requesttemplate.vm")
            out.templates["\(id)/requesttemplate.vm"] = requestTemplate
        } else {
            request["requestTemplate"] = .string(requestTemplate)
        }
        var response: JSONObject = [
            "translationMap": ["name": "$.customer.name", "tier": "$.customer['loyalty tier']",
                               "ids": "$.items[*].id"],
            "translationMapDefaults": ["tier": "\"none\"", "ids": "[]"],
        ]
        if rng.chance(0.3) {
            response["successTemplateUri"] = .string("/api/v2/integrations/actions/\(id)/templates/successtemplate.vm")
            out.templates["\(id)/successtemplate.vm"] = successTemplate
        } else {
            response["successTemplate"] = .string(successTemplate)
        }
        var config = JSONObject()
        if let t = timeout(&rng) { config["timeoutSeconds"] = .int(t) }
        config["request"] = .object(request)
        config["response"] = .object(response)
        if rng.chance(0.1) {
            // A field this tool has never heard of: it must survive every write.
            config["retryPolicy"] = ["maxRetries": 2, "backoffMs": .number("250.0"), "onStatus": [502, 503]]
        }
        var action: JSONObject = [
            "id": .string(id), "name": .string(name), "integrationId": .string(integration.id),
            "category": .string(integration.name),
            "contract": contract(),
            "version": .int(Int.random(in: 1...9, using: &rng)),
            "secure": .bool(rng.chance(0.15)),
            "config": .object(config),
            "selfUri": .string("/api/v2/integrations/actions/\(id)"),
        ]
        if rng.chance(0.1) { action["description"] = "Maintained by the integrations team" }
        return .object(action)
    }

    static func contract() -> JSON {
        [
            "input": ["inputSchema": ["type": "object", "properties": ["id": ["type": "string"]],
                                      "additionalProperties": true]],
            "output": ["successSchema": ["type": "object", "properties": ["name": ["type": "string"],
                                                                         "tier": ["type": "string"]]]],
        ]
    }

    static func customAuthAction(_ integration: SimIntegration, rng: inout SeededRandom) -> JSON {
        let id = "customAuth_-_\(integration.id)"
        return [
            "id": .string(id), "name": .string("Custom Auth: \(integration.name)"),
            "integrationId": .string(integration.id), "category": .string(integration.name),
            "contract": contract(), "version": 1, "secure": true,
            "config": ["request": ["requestUrlTemplate": "https://auth.example.com/oauth/token", "requestType": "POST",
                                   "headers": ["Content-Type": "application/x-www-form-urlencoded"],
                                   "requestTemplate": "grant_type=client_credentials"],
                       "response": ["translationMap": ["token": "$.access_token"], "translationMapDefaults": [:],
                                    "successTemplate": "{\"token\": ${token}}"]],
            "selfUri": .string("/api/v2/integrations/actions/\(id)"),
        ]
    }

    static func staticAction(id: String, name: String, integration: SimIntegration, rng: inout SeededRandom) -> JSON {
        [
            "id": .string(id), "name": .string(name), "integrationId": .string(integration.id),
            "category": "Genesys Cloud Data Actions", "contract": contract(), "version": 1, "secure": false,
            "config": ["timeoutSeconds": 2,
                       "request": ["requestUrlTemplate": "/api/v2/internal", "requestType": "GET", "headers": [:],
                                   "requestTemplate": "${input.rawRequest}"],
                       "response": ["translationMap": [:], "translationMapDefaults": [:],
                                    "successTemplate": "${rawResult}"]],
            "selfUri": .string("/api/v2/integrations/actions/\(id)"),
        ]
    }
}
