using AwsHarden.Cli.Commands;
using AwsHarden.Cli.Rendering;
using AwsHarden.Aws;
using AwsHarden.Model;
using AwsHarden.Remediation;
using AwsHarden.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli;

/// <summary>The command tree and the one place where failures become exit codes.</summary>
public static class AwshardenApp
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct = default)
    {
        SecretsScanCommand.OwnerLookupFactory = () => new IamKeyOwnerLookup(new AwsSessionOptions(null, null));
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("awsharden");
            config.SetApplicationVersion(AppInfo.Version);
            config.ConfigureConsole(Consoles.Out);
            config.UseStrictParsing();
            config.SetInterceptor(new OptionGuard());
            config.SetExceptionHandler((e, _) => HandleException(e));

            config.AddCommand<AuditCommand>("audit")
                .WithDescription("Audit the account against the hardening checklist. " + ExitCodes.Table)
                .WithExample("audit", "--demo")
                .WithExample("audit", "--profile", "prod", "--format", "json", "-o", "audit.json");
            config.AddCommand<CollectCommand>("collect")
                .WithDescription("Read the account once and save the snapshot, for 'audit --snapshot'")
                .WithExample("collect", "-o", "snapshot.json");
            config.AddCommand<WhoamiCommand>("whoami")
                .WithDescription("Show the account, caller and where the credentials came from");
            config.AddCommand<ChecksCommand>("checks")
                .WithDescription("List every check with its id, severity and checklist section");
            config.AddBranch("fix", fix =>
            {
                fix.SetDescription("Plan, apply and undo the changes that fix the audit's findings");
                fix.AddCommand<FixPlanCommand>("plan")
                    .WithDescription("Show the ordered steps that would fix the findings, with calls, IAM actions, "
                                     + "costs and undo")
                    .WithExample("fix", "plan", "--demo");
                fix.AddCommand<FixApplyCommand>("apply")
                    .WithDescription("Apply a plan (or plan now from the live account) after confirmation, writing "
                                     + "a journal; then audit again")
                    .WithExample("fix", "apply", "plan.json")
                    .WithExample("fix", "apply", "--yes", "--config", "awsharden.yaml");
                fix.AddCommand<FixUndoCommand>("undo")
                    .WithDescription("Revert what a journal of 'fix apply' records, newest step first")
                    .WithExample("fix", "undo", "awsharden-journal-20250131-120000.jsonl");
            });
            config.AddBranch("keys", keys =>
            {
                keys.SetDescription("Rotate IAM users' access keys through the journalled fix engine");
                keys.AddCommand<KeysRotateCommand>("rotate")
                    .WithDescription("Create a new access key (secret to a 0600 file or the terminal), then "
                                     + "deactivate the old one after confirmation")
                    .WithExample("keys", "rotate", "alice", "--secret-file", "alice-key.ini");
            });
            config.AddBranch("user", user =>
            {
                user.SetDescription("Offboard IAM users, keeping them for the record");
                user.AddCommand<UserOffboardCommand>("offboard")
                    .WithDescription("Deactivate a user's access keys and remove the console password; the user "
                                     + "stays")
                    .WithExample("user", "offboard", "bob");
            });
            config.AddBranch("secrets", secrets =>
            {
                secrets.SetDescription("Find leaked AWS keys in folders, git history and buckets");
                secrets.AddCommand<SecretsScanCommand>("scan")
                    .WithDescription("Scan paths (and --history, --bucket) for AWS keys; exit 1 when one is found")
                    .WithExample("secrets", "scan", ".", "--history");
            });
            config.AddBranch("incident", incident =>
            {
                incident.SetDescription("Follow a leaked key through CloudTrail: lineage, timeline, plans");
                incident.AddCommand<IncidentInvestigateCommand>("investigate")
                    .WithDescription("Find everything done with a key and every credential derived from it")
                    .WithExample("incident", "investigate", "--key", "AKIA…", "--logs", "examples/incident");
                incident.AddCommand<IncidentContainCommand>("contain")
                    .WithDescription("Investigate, then apply the containment plan (asks first; journalled)")
                    .WithExample("incident", "contain", "--key", "AKIA…", "--logs", "examples/incident");
                incident.AddCommand<IncidentSweepCommand>("sweep")
                    .WithDescription("List instances, images, volumes, functions, IAM users, roles and keys "
                                     + "created in the window or missing from a baseline snapshot")
                    .WithExample("incident", "sweep", "--since", "2024-08-01T00:00:00Z")
                    .WithExample("incident", "sweep", "--baseline", "snapshot.json", "--format", "markdown");
                incident.AddCommand<IncidentRevertCommand>("revert")
                    .WithDescription("Investigate, then undo what the credentials did, dependencies first "
                        + "(asks first; journalled; --dry-run only shows)")
                    .WithExample("incident", "revert", "--key", "AKIA…", "--logs", "examples/incident", "--dry-run");
                incident.AddCommand<IncidentAthenaDdlCommand>("athena-ddl")
                    .WithDescription("Print the Athena table (partition projection) over an organization trail")
                    .WithExample("incident", "athena-ddl", "--bucket", "s3://org-trail", "--org", "o-a1b2c3d4e5",
                        "--accounts", "111122223333,444455556666");
            });
            config.AddCommand<IamPolicyCommand>("iam-policy")
                .WithDescription("Print the least-privilege IAM policy awsharden needs: "
                                 + "audit, fix, incident, secrets or all")
                .WithExample("iam-policy", "audit");
        });

        return await app.RunAsync(args, ct);
    }

    private static int HandleException(Exception e)
    {
        switch (Unwrap(e))
        {
            case UserErrorException user:
                Console.Error.WriteLine($"error: {user.Message}");
                if (user.Hint is not null)
                {
                    Console.Error.WriteLine($"hint: {user.Hint}");
                }

                return ExitCodes.UserError;
            case CommandAppException parse:
                Console.Error.WriteLine($"error: {PlainParseMessage(parse.Message)}");
                Console.Error.WriteLine("hint: run 'awsharden --help' or 'awsharden <command> --help'");
                return ExitCodes.UserError;
            case HttpRequestException http:
                // Reaching AWS failed (endpoint down, DNS, proxy): the user's environment, not a bug.
                Console.Error.WriteLine($"error: cannot reach AWS: {http.Message}");
                Console.Error.WriteLine("hint: check the network, a proxy, or AWS_ENDPOINT_URL");
                return ExitCodes.UserError;
            case StepFailedException step:
                Console.Error.WriteLine($"error: {step.Message}");
                Console.Error.WriteLine(
                    "hint: check the name, or grant the action named (see 'awsharden iam-policy all')");
                return ExitCodes.UserError;
            case OperationCanceledException:
                Console.Error.WriteLine("cancelled");
                return 130;
            default:
                Console.Error.WriteLine("awsharden hit an unexpected error; please report it with this trace:");
                Console.Error.WriteLine(e.ToString());
                return ExitCodes.Unexpected;
        }
    }

    // Spectre names .NET types when a value does not convert ("Failed to convert 'x' to Int64.").
    private static string PlainParseMessage(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "^Failed to convert '(.*)' to (\\w+)\\.?$");
        if (!match.Success)
            return message;

        var value = match.Groups[1].Value;
        return match.Groups[2].Value switch
        {
            "Int64" => $"'{value}' is not a whole number up to {long.MaxValue}",
            "Int32" => $"'{value}' is not a whole number up to {int.MaxValue}",
            "Boolean" => $"'{value}' is not true or false",
            "TimeSpan" or "DateTime" or "DateTimeOffset" => $"'{value}' is not a time",
            _ => $"'{value}' is not a value this option takes",
        };
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } agg => Unwrap(agg.InnerExceptions[0]),
        { InnerException: HttpRequestException http } when e is not HttpRequestException => http,
        _ => e,
    };
}
