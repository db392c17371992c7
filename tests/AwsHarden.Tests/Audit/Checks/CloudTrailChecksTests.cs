using AwsHarden.Audit.Checks;
using AwsHarden.Model;

namespace AwsHarden.Tests.Audit.Checks;

public class CloudTrailChecksTests
{
    private static Trail Trail(string name, string home, bool multiRegion = false) => new()
    {
        Name = name,
        Arn = $"arn:aws:cloudtrail:{home}:123456789012:trail/{name}",
        HomeRegion = home,
        IsMultiRegion = multiRegion,
        IsLogging = true,
        EventSelectors = [new EventSelector("WriteOnly", true)],
    };

    private static AdvancedEventSelector Advanced(params AdvancedFieldSelector[] fields) => new("selector", fields);

    private static AdvancedFieldSelector Field(string name, params string[] equalsTo) =>
        new() { Field = name, EqualsTo = equalsTo };

    [Fact]
    public void MultiRegionLogging_MultiRegionWriteOnlyTrail_EveryRegionPasses()
    {
        var snapshot = Snap.Empty("us-east-1", "eu-west-1", "ap-south-1").WithTrails(Trail("t", "us-east-1", true));

        var findings = Snap.Run<CloudTrailMultiRegionLogging>(snapshot);

        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal(Status.Pass, f.Status));
    }

    [Fact]
    public void MultiRegionLogging_SingleRegionTrail_OtherRegionFails()
    {
        var snapshot = Snap.Empty("us-east-1", "eu-west-1").WithTrails(Trail("t", "us-east-1"));

        var findings = Snap.Run<CloudTrailMultiRegionLogging>(snapshot);

        Assert.Equal(Status.Pass, findings.Single(f => f.Region == "us-east-1").Status);
        Assert.Equal(Status.Fail, findings.Single(f => f.Region == "eu-west-1").Status);
    }

    [Fact]
    public void MultiRegionLogging_RegionWhoseListingFailed_IsUnknownNotFail()
    {
        var snapshot = Snap.Empty("us-east-1", "eu-west-1").WithTrails(Trail("t", "us-east-1")) with
        {
            Failures = [Snap.Denied("cloudtrail:DescribeTrails", "eu-west-1")],
        };

        var findings = Snap.Run<CloudTrailMultiRegionLogging>(snapshot);
        var insights = Snap.Run<CloudTrailInsights>(snapshot);

        Assert.Equal(Status.Pass, findings.Single(f => f.Region == "us-east-1").Status);
        var unknown = findings.Single(f => f.Region == "eu-west-1");
        Assert.Equal(Status.Unknown, unknown.Status);
        Assert.Contains("cloudtrail:DescribeTrails", unknown.Message);
        Assert.Equal(Status.Unknown, insights.Single(f => f.Region == "eu-west-1").Status);
    }

    [Theory]
    [InlineData("cloudtrail:GetEventSelectors")]
    [InlineData("cloudtrail:GetTrailStatus")]
    public void Insights_TrailStatusOrSelectorsUnreadable_IsUnknownNotFail(string deniedAction)
    {
        var error = Snap.Denied(deniedAction, "us-east-1");
        var trail = deniedAction == "cloudtrail:GetTrailStatus"
            ? Trail("t", "us-east-1", true) with { IsLogging = null, StatusError = error }
            : Trail("t", "us-east-1", true) with { EventSelectors = [], SelectorsError = error };

        var findings = Snap.Run<CloudTrailInsights>(Snap.Empty("us-east-1", "eu-west-1").WithTrails(trail));

        Assert.All(findings, f => Assert.Equal(Status.Unknown, f.Status));
        Assert.All(findings, f => Assert.Contains(deniedAction, f.Message));
    }

    [Fact]
    public void MultiRegionLogging_ReadOnlySelectors_Fails()
    {
        var trail = Trail("t", "us-east-1", true) with { EventSelectors = [new EventSelector("ReadOnly", true)] };

        var findings = Snap.Run<CloudTrailMultiRegionLogging>(Snap.Empty("us-east-1").WithTrails(trail));

        Assert.Equal(Status.Fail, Assert.Single(findings).Status);
    }

    [Fact]
    public void MultiRegionLogging_TrailStopped_Fails()
    {
        var trail = Trail("t", "us-east-1", true) with { IsLogging = false };

        var finding = Snap.Single<CloudTrailMultiRegionLogging>(Snap.Empty("us-east-1").WithTrails(trail));

        Assert.Equal(Status.Fail, finding.Status);
        Assert.Contains("not logging", finding.Message);
    }

    [Theory]
    [InlineData(null, Status.Pass)]
    [InlineData("false", Status.Pass)]
    [InlineData("true", Status.Fail)]
    public void MultiRegionLogging_AdvancedSelectors_JudgedByReadOnlyField(string? readOnly, Status expected)
    {
        var fields = readOnly is null
            ? new[] { Field("eventCategory", "Management") }
            : [Field("eventCategory", "Management"), Field("readOnly", readOnly)];
        var trail = Trail("t", "us-east-1", true) with
        {
            EventSelectors = [], AdvancedEventSelectors = [Advanced(fields)],
        };

        var finding = Snap.Single<CloudTrailMultiRegionLogging>(Snap.Empty("us-east-1").WithTrails(trail));

        Assert.Equal(expected, finding.Status);
    }

    [Fact]
    public void MultiRegionLogging_AdvancedDataEventsOnly_Fails()
    {
        var trail = Trail("t", "us-east-1", true) with
        {
            EventSelectors = [], AdvancedEventSelectors = [Advanced(Field("eventCategory", "Data"))],
        };

        Assert.Equal(Status.Fail,
            Snap.Single<CloudTrailMultiRegionLogging>(Snap.Empty("us-east-1").WithTrails(trail)).Status);
    }

    [Fact]
    public void MultiRegionLogging_StatusDenied_UnknownNotFail()
    {
        var trail = Trail("t", "us-east-1", true) with
        {
            IsLogging = null, StatusError = Snap.Denied("cloudtrail:GetTrailStatus", "us-east-1"),
        };

        var finding = Snap.Single<CloudTrailMultiRegionLogging>(Snap.Empty("us-east-1").WithTrails(trail));

        Assert.Equal(Status.Unknown, finding.Status);
        Assert.Equal("AccessDenied on cloudtrail:GetTrailStatus in us-east-1", finding.Message);
    }

    [Fact]
    public void MultiRegionLogging_DescribeTrailsDenied_Unknown()
    {
        var snapshot = Snap.Empty() with
        {
            Trails = Collected<IReadOnlyList<Trail>>.Failed(Snap.Denied("cloudtrail:DescribeTrails")),
        };

        Assert.Equal(Status.Unknown, Snap.Single<CloudTrailMultiRegionLogging>(snapshot).Status);
    }

    [Fact]
    public void Insights_BothTypes_Passes()
    {
        var trail = Trail("t", "us-east-1", true) with { InsightTypes = ["ApiCallRateInsight", "ApiErrorRateInsight"] };

        Assert.Equal(Status.Pass, Snap.Single<CloudTrailInsights>(Snap.Empty("us-east-1").WithTrails(trail)).Status);
    }

    [Fact]
    public void Insights_OnlyCallRate_Fails()
    {
        var trail = Trail("t", "us-east-1", true) with { InsightTypes = ["ApiCallRateInsight"] };

        Assert.Equal(Status.Fail, Snap.Single<CloudTrailInsights>(Snap.Empty("us-east-1").WithTrails(trail)).Status);
    }

    [Fact]
    public void Insights_SelectorsReadDenied_Unknown()
    {
        var trail = Trail("t", "us-east-1", true) with
        {
            InsightsError = Snap.Denied("cloudtrail:GetInsightSelectors", "us-east-1"),
        };

        Assert.Equal(Status.Unknown, Snap.Single<CloudTrailInsights>(Snap.Empty("us-east-1").WithTrails(trail)).Status);
    }

    [Fact]
    public void LogValidation_PerTrail_PassAndFail()
    {
        var good = Trail("good", "us-east-1") with { LogFileValidationEnabled = true };
        var bad = Trail("bad", "eu-west-1");

        var findings = Snap.Run<CloudTrailLogValidation>(Snap.Empty().WithTrails(good, bad));

        Assert.Equal(Status.Pass, findings.Single(f => f.Resource == good.Arn).Status);
        Assert.Equal(Status.Fail, findings.Single(f => f.Resource == bad.Arn).Status);
    }

    [Fact]
    public void LogValidation_NoTrail_Fails() =>
        Assert.Equal(Status.Fail, Snap.Single<CloudTrailLogValidation>(Snap.Empty()).Status);

    [Fact]
    public void LogValidation_DescribeTrailsDenied_Unknown()
    {
        var snapshot = Snap.Empty() with
        {
            Trails = Collected<IReadOnlyList<Trail>>.Failed(Snap.Denied("cloudtrail:DescribeTrails")),
        };

        Assert.Equal(Status.Unknown, Snap.Single<CloudTrailLogValidation>(snapshot).Status);
    }
}
