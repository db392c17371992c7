using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>Creates an IAM Access Analyzer of the free external-access type (ACCOUNT) in every audited region
/// that has no active one.</summary>
public sealed class AccessAnalyzerFix : IFix
{
    /// <summary>The name the tool gives its analyzers.</summary>
    public const string AnalyzerName = "awsharden-external-access";

    public IReadOnlyList<string> CheckIds { get; } = ["accessanalyzer.enabled"];
    public FixPhase Phase => FixPhase.Detection;

    public IReadOnlyList<string> DeclaredActions { get; } =
    [
        "access-analyzer:ListAnalyzers", "access-analyzer:GetAnalyzer", "access-analyzer:CreateAnalyzer",
        "access-analyzer:DeleteAnalyzer", "iam:CreateServiceLinkedRole",
    ];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        foreach (var finding in context.Failing(CheckIds[0]).Where(f => f.Region is not null))
        {
            var region = finding.Region!;
            var analyzers = context.Snapshot.AccessAnalyzers.GetValueOrDefault(region);
            if (analyzers is not { Ok: true } || analyzers.Value!.Any(a => a.Name == AnalyzerName))
                continue;

            var key = new ResourceKey(ResourceTypes.Analyzer, AnalyzerName, region);
            yield return Api($"Create an external access analyzer in {region}", [CheckIds[0]],
                [Call("access-analyzer", "CreateAnalyzer", region, ("analyzerName", AnalyzerName),
                    ("type", "ACCOUNT"))],
                Absent(key), Present(key, ("Type", "ACCOUNT"), ("Status", "ACTIVE")),
                [Call("access-analyzer", "DeleteAnalyzer", region, ("analyzerName", AnalyzerName))],
                "DeleteAnalyzer on the analyzer this step created.",
                "An analyzer reports resources shared outside the account: buckets, roles, keys, queues.",
                ["access-analyzer:GetAnalyzer", "iam:CreateServiceLinkedRole"],
                "Free: external access analysis has no charge; see "
                + "https://aws.amazon.com/iam/access-analyzer/pricing/");
        }
    }
}
