// MARK: - Action

/// A data action as the server sent it: the raw JSON, with typed accessors.
///
/// Only `id` and `version` are required; everything else is read when present and kept in the raw
/// JSON either way, so nothing unknown is dropped on the way back to the server. The raw JSON is held
/// as compact text (a parsed tree of every field costs several times more memory, and orgs have tens
/// of thousands of actions); `raw` parses it again when a write or a backup needs the whole action.
public struct Action: Sendable, Equatable, Identifiable {
    public let id: String
    public let version: Int
    /// The action's JSON, compact, exactly as received (key order and number literals kept).
    public let rawText: String
    public let name: String
    public let category: String
    public let integrationID: String
    public let secure: Bool
    /// `config.timeoutSeconds`, nil when unset (which Genesys treats as 60).
    public let timeoutSeconds: Int?
    /// True when the config was returned (it is only sent with `includeConfig=true`).
    public let hasConfig: Bool

    /// Wraps an action's JSON; fails when the fields every action has are missing.
    /// `request` names the request the JSON came from, for the error message.
    public init(raw: JSON, request: String = "action") throws(GenesysError) {
        guard raw.objectValue != nil else {
            throw .invalidResponse("an action is not a JSON object", request: request)
        }
        guard let id = raw["id"]?.stringValue, !id.isEmpty else {
            throw .invalidResponse("an action has no id", request: request)
        }
        guard let version = raw["version"]?.intValue else {
            throw .invalidResponse("action \(id) has no version", request: request)
        }
        self.id = id
        self.version = version
        rawText = raw.serialized
        name = raw["name"]?.stringValue ?? ""
        category = raw["category"]?.stringValue ?? ""
        integrationID = raw["integrationId"]?.stringValue ?? ""
        secure = raw["secure"]?.boolValue ?? false
        let config = raw["config"].flatMap { $0.isNull ? nil : $0 }
        hasConfig = config != nil
        timeoutSeconds = config?["timeoutSeconds"]?.intValue
    }

    /// The whole action as JSON (parsed from `rawText`, which this type itself wrote).
    public var raw: JSON { (try? JSON.parse(rawText)) ?? .null }

    public var config: JSON? { raw["config"].flatMap { $0.isNull ? nil : $0 } }
    public var requestTemplate: String? { config?["request"]?["requestTemplate"]?.stringValue }
    public var requestTemplateURI: String? { config?["request"]?["requestTemplateUri"]?.stringValue }
    public var successTemplate: String? { config?["response"]?["successTemplate"]?.stringValue }
    public var successTemplateURI: String? { config?["response"]?["successTemplateUri"]?.stringValue }

    public static func == (lhs: Action, rhs: Action) -> Bool { lhs.rawText == rhs.rawText }
}

// MARK: - Listing

/// One page of `GET /api/v2/integrations/actions` (`ActionEntityListing`).
public struct ActionPage: Sendable {
    public let actions: [Action]
    public let pageNumber: Int
    public let pageSize: Int
    public let total: Int
    public let pageCount: Int

    public init(json: JSON, request: String) throws(GenesysError) {
        guard let entities = json["entities"]?.arrayValue else {
            throw .invalidResponse("the action list has no entities", request: request)
        }
        var actions: [Action] = []
        actions.reserveCapacity(entities.count)
        for entity in entities { actions.append(try Action(raw: entity, request: request)) }
        self.actions = actions
        pageNumber = json["pageNumber"]?.intValue ?? 1
        pageSize = json["pageSize"]?.intValue ?? entities.count
        total = json["total"]?.intValue ?? entities.count
        if let count = json["pageCount"]?.intValue {
            pageCount = count
        } else {
            pageCount = pageSize > 0 ? (total + pageSize - 1) / pageSize : 1
        }
    }
}

// MARK: - Template files

/// The two template files an action can carry by URI.
public enum TemplateFile: String, Sendable, CaseIterable {
    case request = "requesttemplate.vm"
    case success = "successtemplate.vm"
}
