import Foundation
import GenesysCloud
import TimeoutsCore

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Help

let version = "0.1.0"

let help = """
    gc-timeouts \(version): find Genesys Cloud data actions whose timeouts are too short, and raise them safely.

    USAGE
      gc-timeouts [--demo]                      open the terminal UI
      gc-timeouts scan [options]                list every action; mark those at or below the threshold
      gc-timeouts raise [options] [--apply]     raise low timeouts (dry run unless --apply)
      gc-timeouts rollback BACKUP [--apply]     restore the timeouts a backup recorded (dry run unless --apply)
      gc-timeouts simulate [options]            serve a simulated org on loopback; prints its URL first

    CONNECTION
      --demo                 use the built-in simulated org (no credentials, no network); --seed S, --actions N
      --region R             us-east-1, eu-west-1, ... | a domain (mypurecloud.ie) | a base URL (https://..., or
                             http:// to loopback only). Default: $GENESYSCLOUD_REGION, else us-east-1.
      Credentials: GENESYSCLOUD_OAUTHCLIENT_ID + GENESYSCLOUD_OAUTHCLIENT_SECRET (client credentials),
      or GENESYSCLOUD_ACCESS_TOKEN. Permissions: integrations:action:view, integrations:action:edit (to write),
      integrations:actionFunction:view (function timeouts), integrations:integration:view (action kinds).
      GC_TIMEOUTS_TRACE=1 prints one stderr line per request (method, path, status, time; no headers or bodies).

    SCAN / RAISE
      --threshold S          at or below S seconds counts as low (1-60, default 3)
      --to S|max             raise to S seconds (1-60, default max = 60); never lowers; capped at a function's timeout
      --filter TEXT          only actions whose name, category, integration or id contains TEXT
      --format table|json|csv  (scan) output format, default table
      --include-auth         also list custom-authentication actions (never changed)
      --page-size N          actions per list request (default 100)
      --concurrency N        requests in flight (default 4; the org's rate limit is honoured either way)

    WRITING (raise, rollback)
      --apply                write; without it nothing is written and the plan is printed
      --backup-dir DIR       where backups go (default $GC_TIMEOUTS_BACKUP_DIR, else ~/.local/state/gc-timeouts/backups)
      --on-conflict reapply|skip|fail
                             when an action changed on the server meanwhile: apply on top of the latest
                             version (default), leave it, or leave it and report a conflict

    TERMINAL UI
      --threshold S, --concurrency N, --backup-dir DIR, --include-auth as above; --no-color (or NO_COLOR=1)
      for monochrome (markers carry every meaning). Press ? inside for the keys.

    SIMULATE
      --port P (0 = free port)  --actions N  --seed S  --client-id ID  --client-secret SECRET
      --rate-limit N/Ts  --fault-rate F  --latency-ms MS  --token-ttl S  --concurrent-edits R

    EXIT CODES
      0  done, nothing pending
      1  error (credentials, network, server, files)
      2  usage or bad input; nothing was written
      3  findings or pending changes (scan found low timeouts; a dry run has changes)
      4  partial failure (some changes failed or stayed in conflict)

    """

// MARK: - Dispatch

/// Parses the command line and runs one command; never returns. The terminal UI owns the main thread.
@MainActor
func main() async -> Never {
    signal(SIGPIPE, SIG_IGN)
    let environment = ProcessInfo.processInfo.environment
    var arguments: Arguments
    do { arguments = try Arguments(Array(CommandLine.arguments.dropFirst())) } catch { fail(error) }
    if arguments.flag("help") || arguments.command == "help" {
        Output.out(help)
        exit(ExitCode.ok.rawValue)
    }
    if arguments.flag("version") {
        Output.out("gc-timeouts \(version)\n")
        exit(ExitCode.ok.rawValue)
    }
    let code: ExitCode
    do {
        switch arguments.command {
        case "scan": code = try await runScan(&arguments, env: environment)
        case "raise": code = try await runRaise(&arguments, env: environment)
        case "rollback": code = try await runRollback(&arguments, env: environment)
        case "simulate": try runSimulate(&arguments)
        default: code = try runTUI(&arguments, env: environment)
        }
    } catch {
        fail(error)
    }
    exit(code.rawValue)
}

await main()
