using System.ComponentModel;
using System.Text.RegularExpressions;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary>
/// <c>awsharden incident investigate</c>: follows leaked credentials through CloudTrail files and prints the
/// lineage, timeline, grouped actions and the containment and revert plans.
/// </summary>
public sealed partial class IncidentInvestigateCommand : AsyncCommand<IncidentInvestigateCommand.Settings>
{
    /// <summary>Flags of <c>incident investigate</c>.</summary>
    public sealed class Settings : IncidentSourceSettings
    {
        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or markdown.")]
        public string Format { get; init; } = "table";

        [CommandOption("-o|--output <FILE>")]
        [Description("Write the report to this file instead of standard output.")]
        public string? Output { get; init; }

        [CommandOption("--offline")]
        [Description("Do not read the account (bill, alternate contacts, Access Analyzer); only the logs.")]
        public bool Offline { get; init; }
    }

    /// <summary>The credentials to follow and where to read CloudTrail: what every incident command shares.
    /// </summary>
    public class IncidentSourceSettings : CollectSettings
    {
        [CommandOption("--key <ACCESS_KEY_ID>")]
        [Description("Leaked access key id (AKIA… or ASIA…); repeat for several.")]
        public string[] Keys { get; init; } = [];

        [CommandOption("--user <NAME>")]
        [Description("Also follow everything this IAM user did.")]
        public string? UserName { get; init; }

        [CommandOption("--role <ARN>")]
        [Description("Also follow every session of this role.")]
        public string? RoleArn { get; init; }

        [CommandOption("--since <TIME>")]
        [Description("List and revert only events from this time on (ISO 8601, e.g. 2024-08-01T00:00:00Z); "
            + "credentials derived before it are still followed.")]
        public string? Since { get; init; }

        [CommandOption("--until <TIME>")]
        [Description("Ignore events after this time.")]
        public string? Until { get; init; }

        [CommandOption("--logs <PATH>")]
        [Description("CloudTrail files or folders (gzip'd or not, searched recursively); repeat for several.")]
        public string[] Logs { get; init; } = [];

        [CommandOption("--bucket <S3_URI>")]
        [Description("Read the trail bucket itself: s3://BUCKET[[/PREFIX]]; only the day folders of the window "
            + "(--since, --until) and of --regions are listed.")]
        public string? Bucket { get; init; }

        [CommandOption("--lookup")]
        [Description("Ask CloudTrail's event history (LookupEvents, last 90 days) in every enabled region or "
            + "--regions.")]
        public bool Lookup { get; init; }

        [CommandOption("--athena <DATABASE.TABLE>")]
        [Description("Investigate with SQL rounds over an Athena trail table (see 'incident athena-ddl'); "
            + "needs --since.")]
        public string? Athena { get; init; }

        [CommandOption("--workgroup <NAME>")]
        [Description("Athena workgroup for --athena (default: primary).")]
        public string? WorkGroup { get; init; }

        [CommandOption("--results <S3_URI>")]
        [Description("Where Athena writes query results, s3://BUCKET/PREFIX/ (unless the workgroup sets it).")]
        public string? Results { get; init; }
    }

    private readonly TimeProvider _time;

    public IncidentInvestigateCommand() : this(TimeProvider.System)
    {
    }

    internal IncidentInvestigateCommand(TimeProvider time) => _time = time;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings,
        CancellationToken cancellationToken)
    {
        if (settings.Format.ToLowerInvariant() is not ("table" or "json" or "markdown"))
        {
            throw new UserErrorException($"Unknown format '{settings.Format}'.",
                "use --format table, json or markdown");
        }
        if (settings.Output is not null)
        {
            OutputFile.CheckWritable(settings.Output, "--output");
        }
        using var investigated = await InvestigateAsync(settings, _time, cancellationToken);
        var report = investigated with
        {
            Context = await ReadContextAsync(settings, investigated, _time, cancellationToken),
        };
        await WriteAsync(report, settings.Format.ToLowerInvariant(), settings.Output, cancellationToken);
        ThrowUnlessTrustworthy(report);
        return 0;
    }

    /// <summary>
    /// After the report is written: a report from part of the input, or from a window where the lineage did
    /// nothing, exits 2 like an incomplete <c>secrets scan</c>, so a script never takes it for a clean result.
    /// </summary>
    internal static void ThrowUnlessTrustworthy(InvestigationReport report)
    {
        if (!report.Complete)
        {
            var n = report.Read.BrokenFiles.Count;
            throw new UserErrorException($"the investigation is incomplete: {n} file{(n == 1 ? "" : "s")} could "
                + "not be read, so the plans may miss what the credentials did in them.",
                "fix or fetch the broken files again (listed above) and investigate again");
        }
        ThrowIfNothingSeen(report);
    }

    /// <summary>For the commands that show a plan rather than the report (<c>contain</c>, <c>revert</c>): the
    /// report's warnings, one line each on standard error, before the plan.</summary>
    internal static void ShowWarnings(InvestigationReport report)
    {
        foreach (var warning in report.Warnings)
            Console.Error.WriteLine($"warning: {LogText.Printable(warning)}");
    }

    /// <summary>Exit 2 when no event of the lineage was read at all: a typo'd key, another account's logs or a
    /// window that misses the activity must not pass for "nothing happened".</summary>
    internal static void ThrowIfNothingSeen(InvestigationReport report)
    {
        if (report.EventsInWindow > 0) return;
        if (report.Since is not null || report.Until is not null)
        {
            throw new UserErrorException("no event of the starting credentials or of anything derived from them "
                + "falls in the window, which is not a clean result.", "widen --since / --until");
        }
        throw new UserErrorException($"no event of the starting credentials was seen in the "
            + $"{report.Read.EventsRead:N0} events read, which is not a clean result.",
            "check the key id, that these are the right account's logs, and the time window (--since; "
            + "--lookup reads only the last 90 days)");
    }

    /// <summary>Checks the flags and runs the investigation from the source they name; progress and broken
    /// files go to standard error.</summary>
    internal static async Task<InvestigationReport> InvestigateAsync(IncidentSourceSettings settings,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var request = ToRequest(settings);
        var errors = Consoles.Err;
        var progress = new Progress<string>(m => errors.MarkupLine($"[grey]{Markup.Escape(m)}[/]"));
        var report = settings.Bucket is null && !settings.Lookup && settings.Athena is null
            ? await new IncidentInvestigator(time).InvestigateAsync(request, progress, cancellationToken)
            : await InvestigateLiveAsync(settings, request, time, progress, cancellationToken);
        foreach (var broken in report.Read.BrokenFiles)
        {
            // Unwrapped, so the path can be copied whole.
            errors.Profile.Out.Writer.WriteLine(
                $"broken file {LogText.Printable(broken.Path)}: {LogText.Printable(broken.Reason)}");
        }

        // Files that held no CloudTrail record at all are the wrong input, not a clean result. LookupEvents and
        // Athena answer only for the lineage, where nothing found is a real answer.
        if (!settings.Lookup && settings.Athena is null && report.Read.EventsRead == 0 && report.Read.FilesRead > 0
            && request.Until is not null)
        {
            throw new UserErrorException($"no event in {report.Read.FilesRead} CloudTrail files falls before "
                + $"--until {request.Until:u}.", "widen --until");
        }
        if (!settings.Lookup && settings.Athena is null && report.Read.EventsRead == 0)
        {
            throw new UserErrorException(
                $"no CloudTrail record was read ({report.Read.FilesRead} files read, "
                + $"{report.Read.BrokenFiles.Count} broken, {report.Read.OtherFilesSkipped} not CloudTrail)",
                report.Read.BrokenFiles.Count > 0 && report.Read.OtherFilesSkipped == 0
                    ? "fetch the broken files again (listed above), then investigate again"
                    : "point --logs or --bucket at CloudTrail log files (json or json.gz with a Records array)");
        }

        return report;
    }

    /// <summary>The trail bucket or the event history, through the credentials of --profile.</summary>
    private static async Task<InvestigationReport> InvestigateLiveAsync(IncidentSourceSettings settings,
        InvestigationRequest request, TimeProvider time, IProgress<string> progress, CancellationToken ct)
    {
        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        progress.Report($"Credentials from {session.CredentialSource}; home region {session.HomeRegion}");
        if (settings.Bucket is { } uri)
        {
            string bucketRegion;
            using (var locator = S3ClientFactory.Create(session, session.HomeRegion))
            {
                bucketRegion = await TrailBucket.LocateAsync(locator, uri, session.HomeRegion, progress, ct);
            }
            using var s3 = S3ClientFactory.Create(session, bucketRegion);
            var objects = await new TrailBucket(s3, bucketRegion, progress).ListAsync(new TrailBucketQuery
            {
                Uri = uri, Regions = settings.RegionList(), Since = request.Since,
                Until = request.Until ?? time.GetUtcNow(),
            }, ct);
            // Objects come over the network: more at once hides the latency of each GetObject.
            return await new IncidentInvestigator(time).InvestigateAsync(
                request with { Objects = objects, Parallelism = BucketParallelism }, progress, ct);
        }

        if (settings.Athena is { } name)
        {
            var (database, table) = AthenaTrailTable.ParseName(name);
            var place = new AthenaQueryPlace(database, settings.WorkGroup, settings.Results);
            var runner = new AthenaSqlRunner(new AthenaClient(session, session.HomeRegion), place, time);
            var athena = new AthenaInvestigator(runner);
            var (found, rows, scanned) = await athena.CollectAsync(new AthenaRequest
            {
                Seeds = request.Seeds, Database = database, Table = table, Since = request.Since!.Value,
                Until = request.Until ?? time.GetUtcNow(),
            }, progress, ct);
            return new IncidentInvestigator(time).Report(request, found, rows, ReadSummary.From(scanned));
        }

        var regions = settings.RegionList() ?? await new Ec2Client(session).DescribeRegionsAsync(ct);
        var history = new EventHistoryInvestigator(new CloudTrailClient(session), time);
        if (request.Since is null)
            request = request with { HistoryStart = time.GetUtcNow() - EventHistoryInvestigator.HistoryDepth };
        var (lineage, events, read) = await history.CollectAsync(new EventHistoryRequest
        {
            Seeds = request.Seeds, Regions = regions, Since = request.Since, Until = request.Until,
        }, progress, ct);
        progress.Report($"{history.Lookups.Count} LookupEvents requests in {regions.Count} regions");
        return new IncidentInvestigator(time).Report(request, lineage, events, ReadSummary.From(read));
    }

    private const int BucketParallelism = 8;

    /// <summary>The bill, contacts and external access of the account the credentials reach; never fails the
    /// investigation (a missing login or a denied part is said in the report).</summary>
    private static async Task<AccountContext> ReadContextAsync(Settings settings, InvestigationReport report,
        TimeProvider time, CancellationToken ct)
    {
        if (settings.Offline) return AccountContext.Skipped("--offline was given");
        AwsSession session;
        try
        {
            session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        }
        catch (UserErrorException ex)
        {
            return AccountContext.Skipped($"no AWS credentials to read the account with ({ex.Message.TrimEnd('.')})");
        }

        using (session)
        {
            Consoles.Err.MarkupLine("[grey]Reading the account context: bill, alternate contacts, Access Analyzer "
                + $"(each AWS call waits at most {AwsSessionSettings.DefaultAttemptTimeout.TotalSeconds:0} s)[/]");
            // The credentials may reach another account than the logs': its bill would be read as this one's.
            if (await OtherAccountAsync(session, report, ct) is { } other)
                return AccountContext.Skipped(other);
            // Without a window the lineage's own activity is the window: that is when the bill could move.
            var now = time.GetUtcNow();
            var until = report.Until is { } u && u < now ? u : now;
            var since = report.Since ?? report.Timeline.FirstOrDefault()?.Time ?? until.AddDays(-7);
            var source = new AwsAccountContextSource(session, settings.RegionList());
            return await new AccountContextReader(source).ReadAsync(since, until, report.Timeline, ct);
        }
    }

    private static async Task<string?> OtherAccountAsync(AwsSession session, InvestigationReport report,
        CancellationToken ct)
    {
        if (report.LogAccounts.Count == 0) return null;
        try
        {
            return ContainmentAccount.Mismatch(report.LogAccounts, (await session.GetCallerIdentityAsync(ct)).Account);
        }
        catch (UserErrorException ex) when (ex.InnerException is HttpRequestException)
        {
            // The network failed (refused, DNS, no answer): the credentials were never tried.
            return ex.Message.TrimEnd('.');
        }
        catch (UserErrorException ex)
        {
            return $"the credentials do not work ({ex.Message.TrimEnd('.')})";
        }
    }

    private static Task WriteAsync(InvestigationReport report, string format, string? output,
        CancellationToken ct)
    {
        if (format == "table")
        {
            if (output is null)
            {
                IncidentReportRenderer.Render(Consoles.Out, report);
                return Task.CompletedTask;
            }

            OutputFile.Write(output, stream =>
            {
                using var writer = new StreamWriter(stream);
                var console = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Out = new AnsiConsoleOutput(writer),
                    Ansi = AnsiSupport.No,
                    ColorSystem = ColorSystemSupport.NoColors,
                });
                console.Profile.Width = 160;
                IncidentReportRenderer.Render(console, report);
            });
            return Task.CompletedTask;
        }

        // Streamed: a long timeline is read back from its spill file while it is written.
        void Write(Stream stream)
        {
            if (format == "json") InvestigationJsonWriter.WriteAsync(report, stream, ct).GetAwaiter().GetResult();
            else
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                InvestigationMarkdownWriter.Write(report, writer);
            }
        }
        if (output is null)
        {
            Console.Out.Flush();
            using var stdout = Console.OpenStandardOutput();
            Write(stdout);
            return Task.CompletedTask;
        }

        OutputFile.Write(output, Write);
        return Task.CompletedTask;
    }

    /// <summary>Checks the flags; every mistake is a <see cref="UserErrorException"/> saying what to do.</summary>
    internal static InvestigationRequest ToRequest(IncidentSourceSettings s)
    {
        if (s.Keys.Length == 0 && s.UserName is null && s.RoleArn is null)
        {
            throw new UserErrorException("Nothing to investigate.", "give --key AKIA… (or --user / --role)");
        }
        if (s.UserName is not null && !System.Text.RegularExpressions.Regex.IsMatch(s.UserName, @"^[\w+=,.@-]{1,64}$"))
        {
            throw new UserErrorException($"--user '{s.UserName}' is not an IAM user name",
                "IAM user names are 1-64 letters, digits and +=,.@_-");
        }
        if (s.RoleArn is not null && !s.RoleArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new UserErrorException($"--role '{s.RoleArn}' is not a role ARN",
                "for example: --role arn:aws:iam::111122223333:role/NAME");
        }
        foreach (var key in s.Keys.Where(k => !AccessKeyId().IsMatch(k)))
        {
            throw new UserErrorException($"'{key}' is not an access key id.",
                "an access key id is 20 characters starting with AKIA or ASIA");
        }
        var sources = (s.Logs.Length > 0 ? 1 : 0) + (s.Bucket is null ? 0 : 1) + (s.Lookup ? 1 : 0)
            + (s.Athena is null ? 0 : 1);
        if (sources == 0)
        {
            throw new UserErrorException("No logs given.",
                "give --logs with CloudTrail files or a folder of them, --bucket s3://TRAIL-BUCKET, --lookup, "
                + "or --athena DATABASE.TABLE");
        }
        if (sources > 1)
        {
            throw new UserErrorException("--logs, --bucket, --lookup and --athena are different sources.",
                "choose one");
        }
        if (s.Bucket is not null) TrailBucket.ParseUri(s.Bucket);
        if (s.Athena is not null) AthenaTrailTable.ParseName(s.Athena);
        if (s.Athena is not null && s.Since is null)
        {
            throw new UserErrorException("--athena needs --since.", "give the start of the window, e.g. "
                + "--since 2024-08-01T00:00:00Z (the table is read by day)");
        }
        var (since, until) = (Time(s.Since, "--since"), Time(s.Until, "--until"));
        if (since > until)
        {
            throw new UserErrorException("--since is after --until.", "swap them");
        }
        return new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = s.Keys, UserName = s.UserName, RoleArn = s.RoleArn },
            LogPaths = s.Logs, Since = since, Until = until,
        };
    }

    private static DateTimeOffset? Time(string? text, string flag)
    {
        if (text is null) return null;
        if (CloudTrailTime.TryParse(text, out var t)) return t;
        throw new UserErrorException($"{flag} '{text}' is not a time.", "use ISO 8601, e.g. 2024-08-01T00:00:00Z");
    }

    [GeneratedRegex("^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$")]
    private static partial Regex AccessKeyId();
}
