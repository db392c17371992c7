using System.Text;
using AwsHarden.Config;
using AwsHarden.Model;
using AwsHarden.Reports;

namespace AwsHarden.Remediation;

/// <summary>Where <c>fix plan</c> gets its snapshot and findings: a saved snapshot file or the demo account,
/// audited with the config. The CLI wires it to the snapshot reader, demo account and audit runner.</summary>
public interface IAuditSource
{
    /// <param name="snapshotPath">A snapshot file, or null with <paramref name="demo"/> for the example.</param>
    Task<(AccountSnapshot Snapshot, IReadOnlyList<Finding> Findings)> LoadAsync(string? snapshotPath, bool demo,
        AuditConfig config, CancellationToken cancellationToken);
}

/// <summary>The options of <c>fix plan</c>.</summary>
public sealed record FixPlanRequest
{
    public string[]? Only { get; init; }
    public string? SnapshotPath { get; init; }
    public bool Demo { get; init; }
    public string? ConfigPath { get; init; }
    public string? OutputPath { get; init; }
    /// <summary><c>text</c> (Markdown) or <c>json</c>.</summary>
    public string Format { get; init; } = "text";
}

/// <summary>Runs <c>fix plan</c>: loads config, snapshot and findings, plans, writes the plan file and prints
/// the plan. Kept out of the CLI so tests reach it without a console.</summary>
public sealed class FixPlanRunner(IAuditSource source, TimeProvider time)
{
    public async Task<Plan> RunAsync(FixPlanRequest request, TextWriter output, CancellationToken cancellationToken)
    {
        if (request.Format is not ("text" or "json"))
            throw new UserErrorException($"--format {request.Format} is not known", "use --format text or json");
        if (request.SnapshotPath is not null && request.Demo)
            throw new UserErrorException("--demo and --snapshot cannot be used together", "choose one");
        if (request.SnapshotPath is null && !request.Demo)
        {
            throw new UserErrorException("fix plan needs a snapshot",
                "pass --snapshot FILE (written by 'awsharden collect -o FILE') or --demo");
        }

        var config = request.ConfigPath is null ? AuditConfig.Default : AuditConfigLoader.Load(request.ConfigPath);
        var (snapshot, findings) = await source.LoadAsync(request.SnapshotPath, request.Demo, config,
            cancellationToken);
        var plan = FixPlanner.Plan(snapshot, findings, config.Fix, request.Only, time) with
        {
            Example = request.Demo,
        };

        if (request.OutputPath is not null)
            AtomicFile.Write(request.OutputPath, s => s.Write(Encoding.UTF8.GetBytes(PlanJson.Write(plan))));
        await output.WriteAsync(request.Format == "json" ? PlanJson.Write(plan) + "\n" : PlanText.Render(plan));
        return plan;
    }
}
