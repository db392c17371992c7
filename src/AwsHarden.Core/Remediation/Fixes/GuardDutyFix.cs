using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>Enables GuardDuty in every audited region that lacks an enabled detector: creates one, or
/// re-enables a suspended one.</summary>
public sealed class GuardDutyFix : IFix
{
    private const string Pricing = "https://aws.amazon.com/guardduty/pricing/";

    public IReadOnlyList<string> CheckIds { get; } = ["guardduty.enabled"];
    public FixPhase Phase => FixPhase.Detection;

    public IReadOnlyList<string> DeclaredActions { get; } =
    [
        "guardduty:ListDetectors", "guardduty:GetDetector", "guardduty:CreateDetector", "guardduty:UpdateDetector",
        "guardduty:DeleteDetector", "iam:CreateServiceLinkedRole",
    ];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        foreach (var finding in context.Failing(CheckIds[0]).Where(f => f.Region is not null))
        {
            var region = finding.Region!;
            var detectors = context.Snapshot.GuardDuty.GetValueOrDefault(region);
            if (detectors is not { Ok: true })
                continue;

            var suspended = detectors.Value!.FirstOrDefault();
            yield return suspended is null ? Create(region) : Resume(region, suspended.DetectorId);
        }
    }

    private PlanStep Create(string region)
    {
        var key = new ResourceKey(ResourceTypes.Detector, region, region);
        return Api($"Enable GuardDuty in {region}", [CheckIds[0]],
            [Call("guardduty", "CreateDetector", region, ("Enable", "true"),
                ("FindingPublishingFrequency", "FIFTEEN_MINUTES"))],
            Absent(key), Present(key, ("Status", "ENABLED")),
            [Call("guardduty", "DeleteDetector", region, ("DetectorId", Placeholders.After("DetectorId")))],
            "DeleteDetector on the detector this step created; its findings go with it.",
            "GuardDuty watches CloudTrail, VPC flow logs and DNS logs for signs of compromise.",
            ["guardduty:ListDetectors", "guardduty:GetDetector", "iam:CreateServiceLinkedRole"],
            Cost(region));
    }

    private PlanStep Resume(string region, string detectorId)
    {
        var key = new ResourceKey(ResourceTypes.Detector, region, region);
        return Api($"Re-enable the suspended GuardDuty detector in {region}", [CheckIds[0]],
            [Call("guardduty", "UpdateDetector", region, ("DetectorId", detectorId), ("Enable", "true"))],
            Present(key, ("DetectorId", detectorId), ("Status", "DISABLED")),
            Present(key, ("DetectorId", detectorId), ("Status", "ENABLED")),
            [Call("guardduty", "UpdateDetector", region, ("DetectorId", detectorId), ("Enable", "false"))],
            "UpdateDetector Enable=false suspends it again.",
            "The detector exists but is suspended, so it produces no findings.",
            ["guardduty:ListDetectors", "guardduty:GetDetector"], Cost(region));
    }

    private static string Cost(string region) =>
        $"Charged by volume of events analysed in {region}, after a 30-day free trial per region; "
        + $"see {Pricing}";
}
