using System.ComponentModel;
using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using AwsHarden.Model;
using AwsHarden.Reports;
using AwsHarden.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary>
/// <c>awsharden secrets scan</c>: finds leaked AWS keys in folders, git history and buckets. Exits 1 when
/// a key is found (for CI), 0 when none is, and 2 (via <see cref="UserErrorException"/>) for mistakes
/// and for a scan that found nothing but could not read everything: that is no clean result.
/// </summary>
public sealed class SecretsScanCommand : AsyncCommand<SecretsScanCommand.Settings>
{
    public const int ExitKeyFound = 1;

    /// <summary>Flags of <c>secrets scan</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("Folders, files or repositories to scan (default: the current folder unless --bucket).")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--history")]
        [Description("Scan every blob reachable from any ref of each repository, not the files on disk.")]
        public bool History { get; init; }

        [CommandOption("--bucket <S3URI>")]
        [Description("Also scan the objects of s3://BUCKET[[/PREFIX]]; repeatable.")]
        public string[] Buckets { get; init; } = [];

        [CommandOption("--no-sign-request")]
        [Description("Read buckets anonymously, as anyone on the internet could.")]
        public bool NoSignRequest { get; init; }

        [CommandOption("--verify")]
        [Description("Ask STS GetCallerIdentity with each found pair. Off by default: canary keys alert their owner.")]
        public bool Verify { get; init; }

        [CommandOption("--account <ACCOUNT_ID>")]
        [Description("The audited account: its keys get their owner and the incident command to run next.")]
        public string? Account { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or sarif.")]
        public string Format { get; init; } = "table";

        [CommandOption("-o|--output <FILE>")]
        [Description("Write the report to FILE instead of stdout.")]
        public string? Output { get; init; }

        [CommandOption("--max-file-bytes <BYTES>")]
        [Description("Skip files, blobs and objects larger than this (default 5242880).")]
        public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

        [CommandOption("--allow-key <KEY_ID>")]
        [Description("Never report this key id; repeatable.")]
        public string[] AllowKeys { get; init; } = [];

        [CommandOption("--allow-path <GLOB>")]
        [Description("Never report keys in paths matching this glob (* and ?); repeatable.")]
        public string[] AllowPaths { get; init; } = [];

        [CommandOption("--allow-file <FILE>")]
        [Description("Read allowed keys and paths from FILE: one 'key AKIA…' or 'path GLOB' per line, '#' "
            + "comments. Never read from the scanned tree unless named here.")]
        public string? AllowFile { get; init; }
    }

    /// <summary>
    /// Makes the lookup (IAM GetAccessKeyLastUsed) that names the user owning a key of the audited account.
    /// Without one, such a key is named only when --verify returns its ARN. Static because Spectre's default
    /// type resolver builds commands through their parameterless constructor.
    /// </summary>
    public static Func<IAccessKeyOwnerLookup?> OwnerLookupFactory { get; set; } = () => null;

    public override async Task<int> ExecuteAsync(
        CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Validate(settings);
        var allowed = settings.AllowFile is { } file ? AllowFile.Load(file) : new AllowFile(new HashSet<string>(), []);
        var options = new SecretScanOptions
        {
            MaxFileBytes = settings.MaxFileBytes,
            AllowedKeyIds = settings.AllowKeys.Concat(allowed.KeyIds).ToHashSet(StringComparer.Ordinal),
            AllowedPaths = [.. settings.AllowPaths, .. allowed.PathGlobs],
        };

        var (hits, buckets, stats) = await ScanSourcesAsync(settings, options, cancellationToken);
        var findings = LeakedKeyFindings.FromHits(hits);
        findings = await VerifyAsync(settings, findings, cancellationToken);
        if (settings.Account is not null)
        {
            var lookup = OwnerLookupFactory();
            findings = await KeyOwnership.MarkAsync(findings, settings.Account, lookup, cancellationToken);
        }

        var unreadable = stats.SelectMany(s => s.Unreadable).ToList();
        WriteSummary(stats, findings, settings);
        await WriteReportAsync(settings, new ScanReport(findings, buckets, unreadable), cancellationToken);
        if (findings.Count > 0)
            return ExitKeyFound;
        if (unreadable.Count > 0)
            throw new UserErrorException(
                $"the scan is incomplete: {Count(unreadable.Count, "path")} could not be read, so no key found is "
                + "not a clean result.",
                "each is named above with why; fix what can be fixed, check the rest by hand, and scan again");
        return 0;
    }

    private static void Validate(Settings settings)
    {
        if (settings.Format is not ("table" or "json" or "sarif"))
            throw new UserErrorException($"Unknown format '{settings.Format}'.", "use --format table, json or sarif");
        if (settings.MaxFileBytes <= 0)
            throw new UserErrorException("--max-file-bytes must be positive.");
        if (settings.Account is { } account && (account.Length != 12 || !account.All(char.IsAsciiDigit)))
            throw new UserErrorException($"'{account}' is not a 12-digit AWS account id.");

        foreach (var path in settings.Paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
            throw new UserErrorException($"'{path}' does not exist.", "pass a folder, file or repository to scan");
        foreach (var path in settings.History ? settings.Paths : [])
            if (!GitHistorySource.IsRepository(path))
                throw new UserErrorException($"'{path}' is not a git repository.", "drop --history to scan its files");
        foreach (var bucket in settings.Buckets)
            BucketSource.ParseUri(bucket);

        if (settings.Output is not null)
            CheckWritable(settings.Output);
    }

    /// <summary>
    /// Fails before scanning when the report could not be written, so a long scan never ends in a lost
    /// report. The report goes through a temporary sibling and a rename, so the folder must be writable.
    /// </summary>
    private static void CheckWritable(string output)
    {
        OutputFile.CheckWritable(output, "--output");
    }

    private static async Task<(List<SecretHit>, List<BucketExposure>, List<ScanStatistics>)> ScanSourcesAsync(
        Settings settings, SecretScanOptions options, CancellationToken ct)
    {
        var hits = new List<SecretHit>();
        var buckets = new List<BucketExposure>();
        var stats = new List<ScanStatistics>();
        var paths = settings.Paths.Length == 0 && settings.Buckets.Length == 0 ? ["."] : settings.Paths;

        foreach (var path in Outermost(paths, settings.History))
        {
            var bare = !settings.History && GitHistorySource.IsBareRepository(path);
            if (bare)
                await Console.Error.WriteLineAsync(
                    $"'{path}' is a bare git repository (no files on disk): scanning its history, as --history does.");
            if (settings.History || bare)
            {
                var source = new GitHistorySource(options);
                hits.AddRange((await source.ScanAsync(path, ct)).Select(h => h with
                {
                    Location = h.Location with { RootAsGiven = RootAsGiven(path, h.Location.Root) },
                }));
                stats.Add(source.Statistics);
            }
            else
            {
                var source = new FolderSource(options);
                hits.AddRange(await source.ScanAsync(path, ct));
                stats.Add(source.Statistics);
            }
        }

        foreach (var uri in settings.Buckets)
        {
            var source = new BucketSource(options, await BucketCredentialsAsync(settings));
            var (bucketHits, exposure) = await source.ScanAsync(uri, ct);
            hits.AddRange(bucketHits);
            buckets.Add(exposure);
            stats.Add(source.Statistics);
        }
        return (hits, buckets, stats);
    }

    /// <summary>
    /// The PATHs to scan, each file or folder once: a PATH given twice, or inside a folder also given, is
    /// read with that folder. History mode reads whole repositories, so PATHs there are only made distinct.
    /// </summary>
    private static IEnumerable<string> Outermost(IReadOnlyList<string> paths, bool history)
    {
        var full = paths.Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p))).ToList();
        for (var i = 0; i < paths.Count; i++)
        {
            var repeated = full.IndexOf(full[i]) < i;
            var inside = !history && full.Any(f => Directory.Exists(f) && !Equals(f, full[i])
                && full[i].StartsWith(f + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            if (!repeated && !inside)
                yield return paths[i];
        }
    }

    /// <summary>The repository root as the user can find it: the PATH they gave when it is the root, else
    /// relative to the current folder when under it, else null (paths are then shown within the root).</summary>
    private static string? RootAsGiven(string path, string root)
    {
        if (Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) == root)
            return path;
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, root);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    private static async Task<AWSCredentials> BucketCredentialsAsync(Settings settings)
    {
        if (settings.NoSignRequest)
            return new AnonymousAWSCredentials();
        try
        {
            return await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync();
        }
        catch (AmazonClientException)
        {
            await Console.Error.WriteLineAsync("No AWS credentials found: reading buckets anonymously.");
            return new AnonymousAWSCredentials();
        }
    }

    private static async Task<IReadOnlyList<LeakedKeyFinding>> VerifyAsync(
        Settings settings, IReadOnlyList<LeakedKeyFinding> findings, CancellationToken ct)
    {
        if (!settings.Verify)
            return findings;

        await Console.Error.WriteLineAsync(
            "Verifying with STS GetCallerIdentity: a canary key will alert its owner that it was used.");
        var verifier = new StsKeyVerifier(TimeProvider.System);
        var verified = new List<LeakedKeyFinding>(findings.Count);
        foreach (var finding in findings)
        {
            var verdict = finding.HasSecret ? await verifier.VerifyAsync(finding, ct) : null;
            verified.Add(finding with { Verification = verdict });
        }
        return verified;
    }

    private static void WriteSummary(
        List<ScanStatistics> stats, IReadOnlyList<LeakedKeyFinding> findings, Settings settings)
    {
        var files = stats.Sum(s => s.FilesScanned);
        var (binary, tooLarge) = (stats.Sum(s => s.SkippedBinary), stats.Sum(s => s.SkippedTooLarge));
        var megabytes = stats.Sum(s => s.BytesScanned) / (1024.0 * 1024.0);
        var commits = stats.Sum(s => s.Commits);
        var (special, symlinks) = (stats.Sum(s => s.SkippedSpecial), stats.Sum(s => s.SkippedSymlinks));
        var unreadable = stats.SelectMany(s => s.Unreadable).ToList();
        var skipped = new List<string> { $"{binary} binary", $"{tooLarge} over the size cap" };
        if (special > 0)
            skipped.Add($"{special} not regular files (FIFOs, sockets, devices)");
        if (symlinks > 0)
            skipped.Add($"{symlinks} symlinks (not followed)");
        var missed = unreadable.Count > 0 ? $"; {unreadable.Count} could not be read" : "";
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scanned {files} files ({megabytes:F1} MiB){(commits > 0 ? $" from {commits} commits" : "")}; "
            + $"skipped {string.Join(", ", skipped)}{missed}. {findings.Count} leaked key(s)."));

        if (unreadable.Count > 0)
            Console.Error.WriteLine($"{Count(unreadable.Count, "path")} could not be read: {List(unreadable)}");
        foreach (var note in stats.SelectMany(s => s.Notes))
            Console.Error.WriteLine(note);
        if (files == 0 && unreadable.Count == 0)
            Console.Error.WriteLine("Nothing was read: no regular file, blob or object was found to scan.");

        if (!settings.Verify && findings.Any(f => f.HasSecret))
            Console.Error.WriteLine(
                "Keys were not checked with AWS; --verify would ask STS, which alerts the owner of a canary key.");
    }

    // Names at most this many unreadable paths on stderr; the JSON and SARIF reports hold them all.
    private const int ListedUnreadable = 10;

    private static string List(IReadOnlyList<UnreadableItem> items)
    {
        var shown = string.Join(", ", items.Take(ListedUnreadable).Select(u => $"{u.Path} ({u.Reason})"));
        return items.Count > ListedUnreadable ? $"{shown}, and {items.Count - ListedUnreadable} more" : shown;
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>What one scan produced, for the report writers.</summary>
    private sealed record ScanReport(
        IReadOnlyList<LeakedKeyFinding> Findings,
        List<BucketExposure> Buckets,
        IReadOnlyList<UnreadableItem> Unreadable);

    private static async Task WriteReportAsync(Settings settings, ScanReport report, CancellationToken ct)
    {
        if (settings.Output is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await RenderAsync(stdout, settings, report, ct);
            return;
        }

        // Rendered first, then written through a temporary file and a rename: a write error is a one-line
        // user error, and never leaves half a report behind.
        using var buffer = new MemoryStream();
        await RenderAsync(buffer, settings, report, ct);
        OutputFile.Write(settings.Output, file => buffer.WriteTo(file));
    }

    private static async Task RenderAsync(Stream stream, Settings settings, ScanReport report, CancellationToken ct)
    {
        switch (settings.Format)
        {
            case "json":
                var json = SecretsJson.Build(report.Findings, report.Buckets, report.Unreadable);
                await SecretsJson.WriteAsync(stream, json, ct);
                break;
            case "sarif":
                await SarifWriter.WriteAsync(stream, report.Findings, ToolVersion, report.Unreadable, ct,
                    Environment.CurrentDirectory);
                break;
            default:
                await using (var writer = new StreamWriter(stream, leaveOpen: true))
                    SecretsTable.Render(ConsoleFor(writer, settings.Output is null), report.Findings, report.Buckets,
                        report.Unreadable.Count);
                break;
        }
    }

    private static IAnsiConsole ConsoleFor(TextWriter writer, bool stdout)
    {
        var terminal = stdout && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // A file or pipe has no width; wrapping SHAs and paths at 80 columns would break grep.
        if (!terminal)
            console.Profile.Width = 240;
        return console;
    }

    private static string ToolVersion =>
        typeof(SecretsScanCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
