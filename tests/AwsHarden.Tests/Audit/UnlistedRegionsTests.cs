using AwsHarden.Audit;
using AwsHarden.Model;

namespace AwsHarden.Tests.Audit;

/// <summary>Case 001: when the enabled regions cannot be listed, one region's Pass must not read as "every
/// region".</summary>
public class UnlistedRegionsTests
{
    [Fact]
    public void Run_RegionListUnreadable_EveryPerRegionCheckGetsAnUnknown()
    {
        var healthy = AwsHarden.Audit.Demo.DemoAccount.Healthy(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(
            Snap.Now));
        var error = Snap.Denied("ec2:DescribeRegions", "us-east-1");
        var snapshot = healthy with { Regions = ["us-east-1"], RegionsError = error };

        var findings = AuditRunner.Run(snapshot, AuditConfig.Default, TimeProvider.System).Findings;

        foreach (var id in new[] { "guardduty.enabled", "accessanalyzer.enabled", "cloudtrail.multi-region-logging" })
        {
            var unknown = Assert.Single(findings, f => f.CheckId == id && f.Status == Status.Unknown);
            Assert.Contains("ec2:DescribeRegions", unknown.Message);
        }

        Assert.DoesNotContain(findings, f => f.CheckId == "iam.password-policy" && f.Status == Status.Unknown);
    }
}
