import GenesysCloud
import Testing
import TimeoutsCore

@testable import TimeoutsTUI

@Suite struct ReducerTests {
    @Test func movementKeysClampToTheShownRows() async throws {
        var s = try await loadedState()
        let last = s.visible.count - 1
        press(&s, .up)
        #expect(s.cursor == 0)
        press(&s, .down, .char("j"))
        #expect(s.cursor == 2)
        press(&s, .char("k"))
        #expect(s.cursor == 1)
        press(&s, .pageDown)
        #expect(s.cursor == 1 + s.tableHeight)
        press(&s, .end)
        #expect(s.cursor == last)
        #expect(s.scrollTop == max(0, s.visible.count - s.tableHeight), "the cursor row stays on screen")
        press(&s, .down, .pageDown)
        #expect(s.cursor == last)
        press(&s, .char("g"))
        #expect(s.cursor == 0 && s.scrollTop == 0)
        press(&s, .char("G"), .home, .pageUp)
        #expect(s.cursor == 0)
    }

    @Test func filterIsLiveCaseInsensitiveAndEscClearsIt() async throws {
        var s = try await loadedState()
        let all = s.visible.count
        press(&s, .char("/"))
        #expect(s.filterEditing)
        type(&s, "LOOKUP")
        #expect(s.visible.count < all && !s.visible.isEmpty)
        #expect(s.visible.allSatisfy { s.actions[$0].matches("lookup") })
        press(&s, .backspace)
        #expect(s.filter == "LOOKU")
        press(&s, .enter)
        #expect(!s.filterEditing && s.filter == "LOOKU", "Enter keeps the filter")
        press(&s, .char("/"), .escape)
        #expect(s.filter.isEmpty && s.visible.count == all, "Esc clears it")
        press(&s, .char("/"))
        type(&s, "顧客")
        #expect(s.visible.count == 1)
        type(&s, "zzz-no-such")
        #expect(s.visible.isEmpty && s.cursorAction == nil)
    }

    @Test func sortCyclesNameTimeoutCategory() async throws {
        var s = try await loadedState()
        let names = s.visible.map { s.actions[$0].name.lowercased() }
        #expect(names == names.sorted())
        press(&s, .char("s"))
        #expect(s.sort == .timeout)
        let timeouts = s.visible.map { s.actions[$0].effectiveTimeoutSeconds }
        #expect(timeouts == timeouts.sorted())
        press(&s, .char("s"))
        #expect(s.sort == .category)
        let categories = s.visible.map { s.actions[$0].action.category.lowercased() }
        #expect(categories == categories.sorted())
        press(&s, .char("s"))
        #expect(s.sort == .name)
    }

    @Test func thresholdDialogValidatesAndRecounts() async throws {
        var s = try await loadedState()
        let before = s.atOrBelowCount
        press(&s, .char("t"))
        guard case .threshold = s.modals.last else { Issue.record("no threshold dialog"); return }
        press(&s, .backspace)
        type(&s, "61")
        press(&s, .enter)
        #expect(s.modals.count == 1 && s.threshold == 3, "61 is refused; the dialog stays")
        press(&s, .backspace, .backspace)
        type(&s, "15")
        press(&s, .enter)
        #expect(s.modals.isEmpty && s.threshold == 15)
        #expect(s.atOrBelowCount > before)
    }

    @Test func editValidatesAsYouTypeAndCommitsThroughThePlan() async throws {
        var s = try await loadedState()
        let row = try #require(s.visible.firstIndex { s.actions[$0].isWritable && s.actions[$0].timeoutSeconds != 10 })
        s.cursor = row
        let target = try #require(s.cursorAction)
        press(&s, .char("e"))
        guard case .edit(let id, let input) = s.modals.last else { Issue.record("no edit dialog"); return }
        #expect(id == target.id && input.text == String(target.effectiveTimeoutSeconds))
        for bad in ["0", "61", "abc", "10.5", ""] {
            s.modals[s.modals.count - 1] = .edit(actionID: id, input: TimeoutInput(text: bad))
            #expect(press(&s, .enter).isEmpty, "'\(bad)' must not commit")
            #expect(TimeoutInput(text: bad).problem != nil)
        }
        s.modals[s.modals.count - 1] = .edit(actionID: id, input: TimeoutInput(text: "1"))
        type(&s, "0")
        let effects = press(&s, .enter)
        #expect(s.modals.isEmpty)
        guard case .apply(let plan)? = effects.first else { Issue.record("no apply effect: \(effects)"); return }
        #expect(plan.purpose == .edit && plan.changes.map(\.to) == [10] && plan.changes.map(\.id) == [target.id])
        #expect(s.rowStatus[target.id] == .applying && s.isBusy)

        var t = try await loadedState()
        press(&t, .char("e"), .escape)
        #expect(t.modals.isEmpty, "Esc cancels")
    }

    @Test func editIsRefusedWithAReasonOnReadOnlyActions() async throws {
        var s = try await loadedState()
        s.cursor = try #require(s.visible.firstIndex { s.actions[$0].kind == .staticAction })
        press(&s, .enter)
        #expect(s.modals.isEmpty)
        #expect(s.status?.contains("static") == true)
    }

    @Test func selectionAndRaiseToMaxGoThroughAConfirmedPlan() async throws {
        var s = try await loadedState()
        press(&s, .char(" "))
        #expect(s.selection.count == 1 && s.cursor == 1, "Space toggles and moves down")
        press(&s, .up, .char(" "))
        #expect(s.selection.isEmpty)
        press(&s, .char("a"))
        let low = s.actions.filter { $0.atOrBelow(threshold: 3) && $0.isWritable }
        #expect(s.selection == Set(low.map(\.id)))
        press(&s, .char("R"))
        guard case .confirm(let plan) = s.modals.last else { Issue.record("no confirm dialog"); return }
        #expect(Set(plan.changes.map(\.id)).isSubset(of: s.selection))
        #expect(plan.changes.allSatisfy { $0.to == 60 || $0.target.functionTimeoutSeconds == $0.to })
        press(&s, .escape)
        #expect(s.modals.isEmpty && !s.isBusy, "Esc cancels; nothing runs")
        press(&s, .char("R"))
        let effects = press(&s, .char("y"))
        #expect(effects == [.apply(plan)])
        #expect(s.bulk?.total == plan.changes.count)
        // While the batch runs, another raise, reload and undo are refused with a reason.
        #expect(press(&s, .char("R")).isEmpty && s.modals.isEmpty)
        #expect(s.status?.contains("running batch") == true)
        #expect(press(&s, .char("r")).isEmpty)
        press(&s, .char("A"))
        #expect(s.selection.isEmpty)
    }

    @Test func raiseToATypedValueAndTheCursorRowWhenNothingIsSelected() async throws {
        var s = try await loadedState()
        s.cursor = try #require(s.visible.firstIndex { s.actions[$0].isWritable && s.actions[$0].effectiveTimeoutSeconds < 30
            && s.actions[$0].functionTimeoutSeconds == nil })
        let id = try #require(s.cursorAction?.id)
        press(&s, .char("x"))
        type(&s, "30")
        press(&s, .enter)
        guard case .confirm(let plan) = s.modals.last else { Issue.record("no confirm"); return }
        #expect(plan.changes.map(\.id) == [id] && plan.changes.map(\.to) == [30])
    }

    @Test func batchEventsUpdateRowsAndEndInASummary() async throws {
        var s = try await loadedState()
        press(&s, .char("a"), .char("R"))
        guard case .confirm(let plan) = s.modals.last else { Issue.record("no confirm"); return }
        press(&s, .enter)
        _ = reduce(&s, .backupWritten("/tmp/b.json"))
        let first = try #require(plan.changes.first)
        var updated = first.target.action.raw
        updated["version"] = .int(first.target.action.version + 1)
        var config = try #require(updated["config"])
        config["timeoutSeconds"] = 60
        updated["config"] = config
        let applied = first.target.updated(with: try Action(raw: updated))
        _ = reduce(&s, .changeFinished(ChangeResult(change: first, outcome: .applied(applied)), done: 1, total: plan.changes.count))
        #expect(s.action(first.id)?.timeoutSeconds == 60 && s.rowStatus[first.id] == .applied)
        #expect(s.atOrBelowCount == s.actions.filter { $0.atOrBelow(threshold: 3) }.count, "the count follows the change")
        #expect(s.bulk?.done == 1 && s.bulk?.applied == 1)
        let second = plan.changes[1]
        _ = reduce(&s, .changeFinished(ChangeResult(change: second, outcome: .failed("HTTP 500")), done: 2, total: plan.changes.count))
        #expect(s.rowStatus[second.id] == .failed("HTTP 500"))
        let report = ApplyReport(results: [ChangeResult(change: first, outcome: .applied(applied)),
                                           ChangeResult(change: second, outcome: .failed("HTTP 500"))],
                                 backupPath: "/tmp/b.json", warnings: [])
        _ = reduce(&s, .applyFinished(report, purpose: .raise))
        #expect(!s.isBusy && s.lastBackup == "/tmp/b.json")
        guard case .summary(let title, let lines) = s.modals.last else { Issue.record("no summary"); return }
        #expect(title == "Raised 1 of 2")
        #expect(lines.contains { $0.contains("FAILED") && $0.contains("HTTP 500") })
        press(&s, .enter)
        #expect(press(&s, .char("u")) == [.planUndo(backupPath: "/tmp/b.json")])
    }

    @Test func conflictPromptAnswersEachWay() async throws {
        var s = try await loadedState()
        let action = try #require(s.actions.first { $0.isWritable })
        let conflict = Conflict(change: Change(target: action, to: 60), current: action)
        let cases: [(Key, ConflictDecision, Bool)] = [(.char("m"), .reapply, false), (.enter, .reapply, false),
                                                     (.char("s"), .skip, false), (.char("a"), .reapply, true),
                                                     (.char("k"), .skip, true), (.char("c"), .cancelRemaining, true),
                                                     (.escape, .cancelRemaining, true)]
        for (key, decision, all) in cases {
            _ = reduce(&s, .conflictRaised(conflict))
            #expect(s.rowStatus[action.id] == .conflict)
            #expect(press(&s, .char("z")).isEmpty, "other keys do nothing while the prompt is up")
            #expect(press(&s, key) == [.answerConflict(decision, rememberForRest: all)])
            #expect(s.modals.isEmpty)
        }
    }

    @Test func rateLimitWaitsShowInTheStatusLine() async throws {
        var s = try await loadedState()
        _ = reduce(&s, .rateLimitWait(7))
        #expect(s.status?.contains("Rate limited by Genesys Cloud: waiting 7 s") == true)
        #expect(render(s).text.contains("waiting 7 s"))
    }

    @Test func undoNeedsACommittedBatch() async throws {
        var s = try await loadedState()
        #expect(press(&s, .char("u")).isEmpty)
        #expect(s.status?.contains("nothing has been committed") == true)
    }

    @Test func quitAsksOnlyWhileWorkIsInFlight() async throws {
        var s = try await loadedState()
        #expect(press(&s, .char("q")) == [.quit] && s.quitting)
        var busy = try await loadedState()
        press(&busy, .char("a"), .char("R"), .enter)
        #expect(press(&busy, .char("q")).isEmpty)
        guard case .quitConfirm = busy.modals.last else { Issue.record("no quit confirm"); return }
        press(&busy, .char("n"))
        #expect(busy.modals.isEmpty && !busy.quitting)
        press(&busy, .ctrlC)
        #expect(press(&busy, .char("y")) == [.quit] && busy.quitting)
    }

    @Test func helpOverlayAndReload() async throws {
        var s = try await loadedState()
        press(&s, .char("?"))
        guard case .help = s.modals.last else { Issue.record("no help"); return }
        press(&s, .escape)
        #expect(s.modals.isEmpty)
        #expect(press(&s, .char("r")) == [.load])
        #expect(s.load == .loading(nil))
    }

    @Test func loadFailureShowsAnErrorAndRRetries() {
        var s = AppState(region: "eu-west-1")
        _ = reduce(&s, .loadFailed("credentials rejected: HTTP 401"))
        guard case .error(let message) = s.modals.last else { Issue.record("no error dialog"); return }
        #expect(message.contains("HTTP 401"))
        #expect(press(&s, .char("r")) == [.load])
    }

    @Test func footerListsOnlyCommandsThatApply() async throws {
        var s = try await loadedState()
        var keys = Keymap.footer(s).map(\.key)
        #expect(keys.contains("R") && !keys.contains("u") && !keys.contains("A"))
        press(&s, .char(" "))
        keys = Keymap.footer(s).map(\.key)
        #expect(keys.contains("A"))
        #expect(Keymap.disabledReason(.undo, s) != nil)
        #expect(Set(Keymap.table.map(\.command)) == Set(Command.allCases), "every command has a key")
    }
}
