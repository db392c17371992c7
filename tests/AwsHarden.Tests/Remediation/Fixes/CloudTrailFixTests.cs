using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation.Fixes;

public class CloudTrailFixTests
{
    private const string Account = FixTestData.Account;
    private const string Management = "999988887777";
    private const string Validation = "cloudtrail.log-validation";

    private static readonly Trail Legacy = new()
    {
        Name = "legacy-trail",
        Arn = $"arn:aws:cloudtrail:us-east-1:{Account}:trail/legacy-trail",
        HomeRegion = "us-east-1",
        S3BucketName = "legacy-logs",
        IsLogging = true,
    };

    private static readonly Trail OrganizationTrail = new()
    {
        Name = "org-trail",
        Arn = $"arn:aws:cloudtrail:eu-west-1:{Management}:trail/org-trail",
        HomeRegion = "eu-west-1",
        IsMultiRegion = true,
        IsOrganizationTrail = true,
        IsLogging = true,
        InsightTypes = ["ApiCallRateInsight", "ApiErrorRateInsight"],
    };

    private static Plan PlanFor(IReadOnlyList<Trail> trails, params Finding[] findings)
    {
        var snapshot = FixTestData.Snapshot() with { Trails = Collected<IReadOnlyList<Trail>>.Of(trails) };
        return FixPlanner.Plan(snapshot, findings, FixTestData.Config(), null);
    }

    private static Finding Fail(string checkId, string resource) => new()
    {
        CheckId = checkId, Status = Status.Fail, Severity = Severity.Medium, Resource = resource,
        Message = $"{checkId} fails for {resource}.",
    };

    private static int At(Plan plan, string titlePrefix) =>
        plan.Steps.ToList().FindIndex(s => s.Title.StartsWith(titlePrefix, StringComparison.Ordinal));

    [Fact]
    public void Plan_NewTrailAndOldTrailWithoutValidation_UpdatesTheOldTrailInItsHomeRegion()
    {
        var plan = PlanFor([Legacy], Fail("cloudtrail.multi-region-logging", Account), Fail(Validation, Legacy.Arn),
            Fail("cloudtrail.insights", Account));

        var step = Assert.Single(plan.Steps, s => s.Calls.Any(c => c.Operation == "UpdateTrail"));
        var call = Assert.Single(step.Calls);
        Assert.Equal(("cloudtrail", "us-east-1", "cloudtrail:UpdateTrail"),
            (call.Service, call.Region, call.IamAction));
        Assert.Equal("legacy-trail", call.Parameters["Name"]);
        Assert.Equal("true", call.Parameters["EnableLogFileValidation"]);
        Assert.Equal([Validation], step.CheckIds);
        Assert.Equal(new ResourceKey(ResourceTypes.Trail, "legacy-trail", "us-east-1"), step.Target!.Key);
        Assert.Equal("false", step.ExpectedPrior!.Attributes["LogFileValidationEnabled"]);
        Assert.Equal("true", step.Target!.Attributes["LogFileValidationEnabled"]);
        var undo = Assert.Single(step.UndoCalls);
        Assert.Equal(("UpdateTrail", "us-east-1", "false"),
            (undo.Operation, undo.Region, undo.Parameters["EnableLogFileValidation"]));
        Assert.Contains("cloudtrail:UpdateTrail", step.IamActions);
        Assert.True(At(plan, "Create the multi-region trail") >= 0);
        Assert.True(At(plan, "Create the multi-region trail") < plan.Steps.ToList().IndexOf(step));
    }

    [Fact]
    public void Plan_OnlyValidationFails_TurnsItOnWithoutANewTrail()
    {
        var plan = PlanFor([OrganizationTrail, Legacy], Fail(Validation, OrganizationTrail.Arn),
            Fail(Validation, Legacy.Arn));

        Assert.DoesNotContain(plan.Steps, s => s.Calls.Any(c => c.Operation is "CreateTrail" or "CreateBucket"));
        var update = Assert.Single(plan.Steps, s => s.Kind == PlanStepKind.Api);
        Assert.Equal("legacy-trail", Assert.Single(update.Calls).Parameters["Name"]);
        var manual = Assert.Single(plan.Steps, s => s.Kind == PlanStepKind.Manual);
        Assert.Contains("org-trail", manual.Title);
        Assert.Contains(Management, manual.Title);
        Assert.Empty(manual.Calls);
    }

    [Fact]
    public void Plan_OwnMultiRegionTrailWithoutValidation_CompletesItInPlace()
    {
        var own = Legacy with
        {
            Name = "main", Arn = $"arn:aws:cloudtrail:eu-west-1:{Account}:trail/main", HomeRegion = "eu-west-1",
            IsMultiRegion = true, InsightTypes = ["ApiCallRateInsight", "ApiErrorRateInsight"],
        };

        var plan = PlanFor([own, Legacy], Fail(Validation, own.Arn), Fail(Validation, Legacy.Arn));

        Assert.DoesNotContain(plan.Steps, s => s.Calls.Any(c => c.Operation == "CreateTrail"));
        Assert.Equal([("main", "eu-west-1"), ("legacy-trail", "us-east-1")], plan.Steps
            .SelectMany(s => s.Calls).Where(c => c.Operation == "UpdateTrail")
            .Select(c => (c.Parameters["Name"], c.Region)));
    }

    [Fact]
    public void Plan_ValidationFindingSuppressed_LeavesThatTrailAlone()
    {
        var suppressed = Fail(Validation, Legacy.Arn) with { SuppressedBecause = "archive trail, read-only" };

        var plan = PlanFor([Legacy], Fail("cloudtrail.multi-region-logging", Account), suppressed);

        Assert.Contains(plan.Steps, s => s.Calls.Any(c => c.Operation == "CreateTrail"));
        Assert.DoesNotContain(plan.Steps, s => s.Calls.Any(c => c.Operation == "UpdateTrail"));
    }

    [Fact]
    public void IamPolicyFix_CoversUpdateTrail()
    {
        var actions = new IamPolicyBuilder(() => []).Actions(IamPolicyScope.Fix);

        Assert.Contains("cloudtrail:UpdateTrail", actions);
    }
}
