using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Tests.Audit;

namespace AwsHarden.Tests.Incident;

/// <summary>The pure comparison: time window, baseline, and kinds the baseline does not hold.</summary>
public class SweepComparerTests
{
    private static readonly DateTimeOffset Since = DateTimeOffset.Parse("2024-08-01T00:00:00Z");

    private static SweepInventory Inventory(params SweepResource[] resources) => new()
    {
        AccountId = "123456789012",
        ReadAt = DateTimeOffset.Parse("2024-08-02T00:00:00Z"),
        Regions = ["us-east-1", "eu-west-1"],
        Resources = resources,
    };

    private static SweepResource Instance(string id, string created, string region = "us-east-1") =>
        new(SweepKind.Ec2Instance, region, id, DateTimeOffset.Parse(created));

    private static AccountSnapshot Baseline(IReadOnlyDictionary<string, Collected<IReadOnlyList<Ec2Instance>>>
        instances, params string[] users)
    {
        var snapshot = Snap.Empty();
        return snapshot with
        {
            AccountId = "123456789012",
            CollectedAt = DateTimeOffset.Parse("2024-07-15T00:00:00Z"),
            Instances = instances,
            Iam = snapshot.Iam with
            {
                Authorization = Collected<AuthorizationDetails>.Of(new AuthorizationDetails
                {
                    Users = [.. users.Select(u => new IamUser
                    {
                        Name = u, Arn = $"arn:aws:iam::{Snap.Account}:user/{u}",
                    })],
                }),
            },
        };
    }

    [Fact]
    public void Compare_TimeWindow_ListsOnlyResourcesCreatedAtOrAfterSince()
    {
        var report = SweepComparer.Compare(Inventory(
            Instance("i-old", "2024-07-31T23:59:59Z"),
            Instance("i-edge", "2024-08-01T00:00:00Z"),
            Instance("i-new", "2024-08-01T09:15:00Z")), Since, baseline: null);

        Assert.Equal(["i-edge", "i-new"], report.Found.Select(f => f.Resource.Id));
        Assert.All(report.Found, f => Assert.Equal([SweepReason.NewSinceWindow], f.Reasons));
        Assert.Empty(report.TimeOnlyKinds);
    }

    [Fact]
    public void Compare_Baseline_ListsOldResourceMissingFromItAndKeepsKnownOnes()
    {
        var baseline = SweepBaseline.From(Baseline(new Dictionary<string, Collected<IReadOnlyList<Ec2Instance>>>
        {
            ["us-east-1"] = Collected<IReadOnlyList<Ec2Instance>>.Of([new Ec2Instance { InstanceId = "i-known" }]),
        }, "alice"));
        var report = SweepComparer.Compare(Inventory(
            Instance("i-known", "2024-01-01T00:00:00Z"),
            Instance("i-sneaky", "2024-01-01T00:00:00Z"),
            new SweepResource(SweepKind.IamUser, null, "alice", DateTimeOffset.Parse("2023-01-01T00:00:00Z")),
            new SweepResource(SweepKind.IamUser, null, "backup-svc", DateTimeOffset.Parse("2024-08-01T09:03:00Z"))),
            baseline.CollectedAt, baseline);

        var found = report.Found.ToDictionary(f => f.Resource.Id, f => f.Reasons);
        Assert.Equal(["i-sneaky", "backup-svc"], found.Keys.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal([SweepReason.NotInBaseline], found["i-sneaky"]);
        Assert.Equal([SweepReason.NewSinceWindow, SweepReason.NotInBaseline], found["backup-svc"]);
    }

    [Fact]
    public void Compare_BaselineWithoutKindOrRegion_ComparesThoseByTimeOnlyAndSaysSo()
    {
        var failed = Collected<IReadOnlyList<Ec2Instance>>.Failed(
            new CallError("ec2:DescribeInstances", "UnauthorizedOperation", "denied", "eu-west-1"));
        var baseline = SweepBaseline.From(Baseline(new Dictionary<string, Collected<IReadOnlyList<Ec2Instance>>>
        {
            ["us-east-1"] = Collected<IReadOnlyList<Ec2Instance>>.Of([]),
            ["eu-west-1"] = failed,
        }));
        var oldVolume = new SweepResource(SweepKind.Volume, "us-east-1", "vol-old",
            DateTimeOffset.Parse("2024-01-01T00:00:00Z"));

        var report = SweepComparer.Compare(Inventory(oldVolume, Instance("i-old-eu", "2024-01-01T00:00:00Z",
            "eu-west-1"), Instance("i-old-us", "2024-01-01T00:00:00Z")), baseline.CollectedAt, baseline);

        Assert.Equal(["i-old-us"], report.Found.Select(f => f.Resource.Id));
        Assert.Contains(SweepKind.Volume, report.TimeOnlyKinds);
        Assert.Contains(SweepKind.Ec2Instance, report.TimeOnlyKinds);
        Assert.Contains(SweepKind.AccessKey, report.TimeOnlyKinds);
        Assert.DoesNotContain(SweepKind.IamUser, report.TimeOnlyKinds);
    }

    [Fact]
    public void Compare_NoCreationTimeAndNoBaseline_ListedAsUnknownAge()
    {
        var report = SweepComparer.Compare(Inventory(
            new SweepResource(SweepKind.Image, "us-east-1", "ami-1", Created: null)), Since, baseline: null);

        Assert.Equal([SweepReason.UnknownAge], Assert.Single(report.Found).Reasons);
    }

    [Fact]
    public void Compare_Gaps_ReportIncompleteAndKeepThem()
    {
        var gap = new SweepGap(SweepKind.LambdaFunction, "eu-west-1",
            new CallError("lambda:ListFunctions", "AccessDeniedException", "denied", "eu-west-1"));

        var report = SweepComparer.Compare(Inventory() with { NotSwept = [gap] }, Since, baseline: null);

        Assert.True(report.IsIncomplete);
        Assert.Equal(gap, Assert.Single(report.NotSwept));
        Assert.Contains("lambda:function in eu-west-1: AccessDeniedException", SweepText.NotSwept(gap));
    }

    [Fact]
    public void Why_LambdaFunction_SaysChangedNotNew()
    {
        var function = new SweepResource(SweepKind.LambdaFunction, "us-east-1", "miner",
            DateTimeOffset.Parse("2024-08-01T10:00:00Z"));

        var finding = Assert.Single(SweepComparer.Compare(Inventory(function), Since, null).Found);

        Assert.StartsWith("changed since 2024-08-01", SweepText.Why(finding, Since));
    }
}
