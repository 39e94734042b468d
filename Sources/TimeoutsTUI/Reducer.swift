import TimeoutsCore

// MARK: - Layout facts the reducer needs

extension AppState {
    /// Rows of the table body: the screen less title, counts, column headings, status and footer.
    public var tableHeight: Int { max(1, rows - 5) }

    /// Keeps the cursor row on screen.
    mutating func scrollToCursor() {
        if cursor < scrollTop { scrollTop = cursor }
        if cursor >= scrollTop + tableHeight { scrollTop = cursor - tableHeight + 1 }
        scrollTop = max(0, min(scrollTop, max(0, visible.count - tableHeight)))
    }

    /// What bulk commands act on: the selection, or the cursor row when nothing is selected.
    var targetIDs: Set<String> {
        if !selection.isEmpty { return selection }
        return cursorAction.map { [$0.id] } ?? []
    }
}

// MARK: - Reducer

/// Applies one event to the state and returns the work to do; pure: no I/O, no clocks.
public func reduce(_ s: inout AppState, _ event: Event) -> [Effect] {
    let effects: [Effect]
    switch event {
    case .key(let key): effects = reduceKey(&s, key)
    case .resize(let cols, let rows):
        s.cols = cols
        s.rows = rows
        effects = []
    case .scanProgress(let p):
        s.load = .loading(p)
        effects = []
    case .loaded(let inventory):
        s.setActions(inventory.actions)
        s.load = .loaded
        s.status = inventory.warnings.first ?? "Loaded \(inventory.actions.count) actions."
        effects = []
    case .loadFailed(let why):
        s.load = .failed(why)
        s.modals.append(.error("Could not load the actions: \(why)\nPress r to retry or q to quit."))
        effects = []
    case .backupWritten(let path):
        s.status = "Backup written: \(path)"
        effects = []
    case .changeFinished(let result, let done, let total):
        finish(&s, result, done: done, total: total)
        effects = []
    case .applyFinished(let report, let purpose):
        applyFinished(&s, report, purpose: purpose)
        effects = []
    case .applyFailed(let why):
        for id in s.rowStatus.filter({ $0.value == .applying }).keys { s.rowStatus[id] = nil }
        s.bulk = nil
        s.modals.append(.error("Nothing was changed: \(why)"))
        effects = []
    case .conflictRaised(let conflict):
        s.rowStatus[conflict.change.id] = .conflict
        s.modals.append(.conflict(conflict))
        effects = []
    case .undoPlanned(let plan):
        if plan.isEmpty {
            s.status = "Nothing to undo: every action in the last backup already has its backed-up timeout."
        } else {
            s.modals.append(.confirm(plan))
        }
        effects = []
    case .undoFailed(let why):
        s.modals.append(.error("Cannot undo: \(why)"))
        effects = []
    case .rateLimitWait(let seconds):
        s.status = "Rate limited by Genesys Cloud: waiting \(seconds) s, then carrying on."
        effects = []
    }
    s.scrollToCursor()
    return effects
}

// MARK: Keys

func reduceKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    if let top = s.modals.last { return reduceModalKey(&s, top, key) }
    if s.filterEditing { return reduceFilterKey(&s, key) }
    guard let command = Keymap.command(for: key) else { return [] }
    if let reason = Keymap.disabledReason(command, s) {
        s.status = "\(Keymap.shortName(command).capitalized): \(reason)."
        return []
    }
    return run(&s, command)
}

func run(_ s: inout AppState, _ command: Command) -> [Effect] {
    let last = max(0, s.visible.count - 1)
    switch command {
    case .moveUp: s.cursor = max(0, s.cursor - 1)
    case .moveDown: s.cursor = min(last, s.cursor + 1)
    case .pageUp: s.cursor = max(0, s.cursor - s.tableHeight)
    case .pageDown: s.cursor = min(last, s.cursor + s.tableHeight)
    case .top: s.cursor = 0
    case .bottom: s.cursor = last
    case .filter: s.filterEditing = true
    case .sort:
        s.setSort(s.sort.next)
        s.status = "Sorted by \(s.sort.rawValue)."
    case .threshold: s.modals.append(.threshold(TimeoutInput(text: String(s.threshold))))
    case .edit:
        if let a = s.cursorAction { s.modals.append(.edit(actionID: a.id, input: TimeoutInput(text: String(a.effectiveTimeoutSeconds)))) }
    case .toggleSelect:
        if let id = s.cursorAction?.id {
            if s.selection.remove(id) == nil { s.selection.insert(id) }
            s.cursor = min(last, s.cursor + 1)
        }
    case .selectLow:
        let low = s.visible.map { s.actions[$0] }.filter { $0.atOrBelow(threshold: s.threshold) && $0.isWritable }
        s.selection.formUnion(low.map(\.id))
        s.status = "Selected \(low.count) shown action(s) at or below \(s.threshold) s."
    case .clearSelection:
        s.selection = []
        s.status = "Selection cleared."
    case .raiseMax: return confirmRaise(&s, to: TimeoutLimits.maximum)
    case .raiseTo: s.modals.append(.raiseTo(TimeoutInput()))
    case .undo:
        if let path = s.lastBackup {
            s.status = "Reading the current state of the actions in \(path)…"
            return [.planUndo(backupPath: path)]
        }
    case .reload:
        s.load = .loading(nil)
        s.rowStatus = [:]
        return [.load]
    case .help: s.modals.append(.help)
    case .quit:
        if s.isBusy {
            s.modals.append(.quitConfirm)
        } else {
            s.quitting = true
            return [.quit]
        }
    }
    return []
}

func confirmRaise(_ s: inout AppState, to seconds: Int) -> [Effect] {
    let plan = Planner.raise(s.actions, threshold: s.threshold, to: seconds, only: s.targetIDs)
    s.modals.append(.confirm(plan))
    return []
}

func reduceFilterKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    switch key {
    case .escape:
        s.filterEditing = false
        s.setFilter("")
    case .enter: s.filterEditing = false
    case .backspace: if !s.filter.isEmpty { s.setFilter(String(s.filter.dropLast())) }
    case .up: s.cursor = max(0, s.cursor - 1)
    case .down: s.cursor = min(max(0, s.visible.count - 1), s.cursor + 1)
    case .ctrlC: return run(&s, .quit)
    case .char(let c) where !c.isNewline:
        s.setFilter(s.filter + String(c))
        s.cursor = 0
    default: break
    }
    return []
}

// MARK: Modal keys (the top dialog takes every key)

func reduceModalKey(_ s: inout AppState, _ modal: Modal, _ key: Key) -> [Effect] {
    func close() { s.modals.removeLast() }
    switch modal {
    case .help, .summary, .error:
        if key == .enter || key == .escape || key == .char("q") || key == .char("?") { close() }
        if key == .ctrlC { close(); return run(&s, .quit) }
        // From the load-error dialog, r retries at once.
        if case .error = modal, key == .char("r"), case .failed = s.load { close(); return run(&s, .reload) }
        return []

    case .edit(let id, var input):
        switch edit(&input, key) {
        case .cancel: close()
        case .typing: s.modals[s.modals.count - 1] = .edit(actionID: id, input: input)
        case .commit(let seconds):
            guard let action = s.action(id) else { close(); return [] }
            close()
            let plan = Planner.edit(action, to: seconds)
            guard !plan.isEmpty else {
                s.status = "\(action.name): \(plan.skipped.first?.reason.description ?? "nothing to change")."
                return []
            }
            return start(&s, plan)
        }

    case .threshold(var input):
        switch edit(&input, key) {
        case .cancel: close()
        case .typing: s.modals[s.modals.count - 1] = .threshold(input)
        case .commit(let seconds):
            close()
            s.setThreshold(seconds)
            s.status = "Threshold set to \(seconds) s: \(s.atOrBelowCount) action(s) at or below."
        }

    case .raiseTo(var input):
        switch edit(&input, key) {
        case .cancel: close()
        case .typing: s.modals[s.modals.count - 1] = .raiseTo(input)
        case .commit(let seconds):
            close()
            return confirmRaise(&s, to: seconds)
        }

    case .confirm(let plan):
        switch key {
        case .enter, .char("y"), .char("Y"):
            close()
            guard !plan.isEmpty else {
                s.status = "Nothing to change."
                return []
            }
            return start(&s, plan)
        case .escape, .char("n"), .char("N"), .char("q"):
            close()
            s.status = "Cancelled; nothing was changed."
        default: break
        }

    case .conflict(let conflict):
        let answer: (ConflictDecision, Bool)?
        switch key {
        case .enter, .char("m"): answer = (.reapply, false)
        case .char("s"): answer = (.skip, false)
        case .char("a"): answer = (.reapply, true)
        case .char("k"): answer = (.skip, true)
        case .char("c"), .escape: answer = (.cancelRemaining, true)
        default: answer = nil
        }
        if let (decision, all) = answer {
            close()
            s.rowStatus[conflict.change.id] = decision == .reapply ? .applying : .conflict
            return [.answerConflict(decision, rememberForRest: all)]
        }

    case .quitConfirm:
        switch key {
        case .char("y"), .char("Y"), .ctrlC:
            close()
            s.quitting = true
            return [.quit]
        case .char("n"), .char("N"), .escape: close()
        default: break
        }
    }
    return []
}

enum InputOutcome { case typing, cancel, commit(Int) }

/// Shared editing for the timeout inputs: digits typed, Backspace, Enter commits only a valid value.
func edit(_ input: inout TimeoutInput, _ key: Key) -> InputOutcome {
    switch key {
    case .escape, .ctrlC: return .cancel
    case .backspace: if !input.text.isEmpty { input.text.removeLast() }
    case .enter: if let v = input.value { return .commit(v) }
    case .char(let c) where !c.isNewline && input.text.count < 6: input.text.append(c)
    default: break
    }
    return .typing
}

// MARK: Batches

func start(_ s: inout AppState, _ plan: Plan) -> [Effect] {
    for change in plan.changes { s.rowStatus[change.id] = .applying }
    s.bulk = BulkProgress(total: plan.changes.count)
    s.status = plan.purpose == .rollback ? "Restoring \(plan.changes.count) action(s)…" : "Applying \(plan.changes.count) change(s)…"
    return [.apply(plan)]
}

func finish(_ s: inout AppState, _ result: ChangeResult, done: Int, total: Int) {
    var bulk = s.bulk ?? BulkProgress(total: total)
    bulk.done = done
    bulk.total = total
    let id = result.change.id
    switch result.outcome {
    case .applied(let action):
        // Keep what the scan learned (kind, integration, function timeout); take the server's new action.
        s.update(s.action(id).map { $0.updated(with: action.action) } ?? action)
        s.rowStatus[id] = .applied
        bulk.applied += 1
    case .skipped(let reason): s.rowStatus[id] = .skipped(reason.description)
    case .conflict: s.rowStatus[id] = .conflict; bulk.conflicts += 1
    case .failed(let why): s.rowStatus[id] = .failed(why); bulk.failed += 1
    case .cancelled: s.rowStatus[id] = nil
    }
    s.bulk = bulk
}

func applyFinished(_ s: inout AppState, _ report: ApplyReport, purpose: Plan.Purpose) {
    s.bulk = nil
    for (id, status) in s.rowStatus where status == .applying { s.rowStatus[id] = nil }
    if report.applied > 0, let path = report.backupPath { s.lastBackup = path }
    for r in report.results { if case .applied = r.outcome { s.selection.remove(r.change.id) } }
    if purpose == .edit, report.results.count == 1, let r = report.results.first, case .applied(let a) = r.outcome {
        s.status = "Saved \(a.name): \(describeSeconds(r.change.from)) → \(describeSeconds(a.timeoutSeconds)) (version \(a.action.version)); u undoes it."
        return
    }
    var lines = [PlanReport.summary(report, purpose: purpose)]
    for r in report.results {
        switch r.outcome {
        case .failed, .conflict, .skipped: lines.append(PlanReport.line(r))
        default: break
        }
    }
    for w in report.warnings { lines.append("warning: \(w)") }
    if report.applied > 0 { lines.append("Press u to undo this batch from its backup.") }
    let verb = purpose == .rollback ? "Restored" : (purpose == .edit ? "Saved" : "Raised")
    s.modals.append(.summary(title: "\(verb) \(report.applied) of \(report.results.count)", lines: lines))
    s.status = PlanReport.summary(report, purpose: purpose)
}
