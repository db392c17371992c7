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
/// a key is found (for CI), 0 when none is, and 2 (via <see cref="UserErrorException"/>) for mistakes.
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

        [CommandOption("--output <FILE>")]
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
        var options = new SecretScanOptions
        {
            MaxFileBytes = settings.MaxFileBytes,
            AllowedKeyIds = settings.AllowKeys.ToHashSet(StringComparer.Ordinal),
            AllowedPaths = settings.AllowPaths,
        };

        var (hits, buckets, stats) = await ScanSourcesAsync(settings, options, cancellationToken);
        var findings = LeakedKeyFindings.FromHits(hits);
        findings = await VerifyAsync(settings, findings, cancellationToken);
        if (settings.Account is not null)
        {
            var lookup = OwnerLookupFactory();
            findings = await KeyOwnership.MarkAsync(findings, settings.Account, lookup, cancellationToken);
        }

        WriteSummary(stats, findings, settings);
        await WriteReportAsync(settings, findings, buckets, cancellationToken);
        return findings.Count > 0 ? ExitKeyFound : 0;
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

        var outputDir = settings.Output is null ? null : Path.GetDirectoryName(Path.GetFullPath(settings.Output));
        if (outputDir is not null && !Directory.Exists(outputDir))
            throw new UserErrorException($"The folder for --output '{settings.Output}' does not exist.");
    }

    private static async Task<(List<SecretHit>, List<BucketExposure>, List<ScanStatistics>)> ScanSourcesAsync(
        Settings settings, SecretScanOptions options, CancellationToken ct)
    {
        var hits = new List<SecretHit>();
        var buckets = new List<BucketExposure>();
        var stats = new List<ScanStatistics>();
        var paths = settings.Paths.Length == 0 && settings.Buckets.Length == 0 ? ["."] : settings.Paths;

        foreach (var path in paths)
        {
            if (settings.History)
            {
                var source = new GitHistorySource(options);
                hits.AddRange(await source.ScanAsync(path, ct));
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
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scanned {files} files ({megabytes:F1} MiB){(settings.History ? $" from {commits} commits" : "")}; "
            + $"skipped {binary} binary, {tooLarge} over the size cap. "
            + $"{findings.Count} leaked key(s)."));

        if (!settings.Verify && findings.Any(f => f.HasSecret))
            Console.Error.WriteLine(
                "Keys were not checked with AWS; --verify would ask STS, which alerts the owner of a canary key.");
    }

    private static async Task WriteReportAsync(
        Settings settings, IReadOnlyList<LeakedKeyFinding> findings, List<BucketExposure> buckets, CancellationToken ct)
    {
        await using var stream = settings.Output is null ? Console.OpenStandardOutput() : File.Create(settings.Output);
        switch (settings.Format)
        {
            case "json":
                await SecretsJson.WriteAsync(stream, SecretsJson.Build(findings, buckets), ct);
                break;
            case "sarif":
                await SarifWriter.WriteAsync(stream, findings, ToolVersion, ct);
                break;
            default:
                await using (var writer = new StreamWriter(stream))
                    SecretsTable.Render(ConsoleFor(writer, settings.Output is null), findings, buckets);
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
