// MARK: - Action

/// A data action as the server sent it: the raw JSON, with typed accessors.
///
/// Only `id` and `version` are required; everything else is read when present and kept
/// in `raw` either way, so nothing unknown is dropped on the way back to the server.
public struct Action: Sendable, Equatable, Identifiable {
    public let raw: JSON
    public let id: String
    public let version: Int

    /// Wraps an action's JSON; fails when the fields every action has are missing.
    public init(raw: JSON) throws(GenesysError) {
        guard raw.objectValue != nil else {
            throw .invalidResponse("an action is not a JSON object", request: "action")
        }
        guard let id = raw["id"]?.stringValue, !id.isEmpty else {
            throw .invalidResponse("an action has no id", request: "action")
        }
        guard let version = raw["version"]?.intValue else {
            throw .invalidResponse("action \(id) has no version", request: "action")
        }
        self.raw = raw
        self.id = id
        self.version = version
    }

    public var name: String { raw["name"]?.stringValue ?? "" }
    public var category: String { raw["category"]?.stringValue ?? "" }
    public var integrationID: String { raw["integrationId"]?.stringValue ?? "" }
    public var secure: Bool { raw["secure"]?.boolValue ?? false }
    public var config: JSON? { raw["config"].flatMap { $0.isNull ? nil : $0 } }
    /// `config.timeoutSeconds`, nil when unset (which Genesys treats as 60).
    public var timeoutSeconds: Int? { config?["timeoutSeconds"]?.intValue }
    /// True when the config was returned (it is only sent with `includeConfig=true`).
    public var hasConfig: Bool { config != nil }

    public var requestTemplate: String? { config?["request"]?["requestTemplate"]?.stringValue }
    public var requestTemplateURI: String? { config?["request"]?["requestTemplateUri"]?.stringValue }
    public var successTemplate: String? { config?["response"]?["successTemplate"]?.stringValue }
    public var successTemplateURI: String? { config?["response"]?["successTemplateUri"]?.stringValue }
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
        for entity in entities {
            do { actions.append(try Action(raw: entity)) } catch {
                if case .invalidResponse(let why, _) = error { throw .invalidResponse(why, request: request) }
                throw error
            }
        }
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
