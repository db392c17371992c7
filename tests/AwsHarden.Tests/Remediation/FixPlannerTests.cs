using AwsHarden.Model;
using AwsHarden.Policies;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

public class FixPlannerTests
{
    private static Plan FullPlan(bool inOrganization = false) =>
        FixPlanner.Plan(FixTestData.Snapshot(inOrganization), FixTestData.Failing(), FixTestData.Config(), null);

    [Fact]
    public void Plan_MisconfiguredAccount_HasAStepForEveryFailingCheck()
    {
        var plan = FullPlan();

        var covered = plan.Steps.SelectMany(s => s.CheckIds).ToHashSet();
        Assert.All(FixTestData.Failing().Select(f => f.CheckId), id => Assert.Contains(id, covered));
        Assert.Equal(plan.Steps.Count, plan.Steps.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Plan_EverythingPasses_IsEmpty()
    {
        var plan = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Passing(), FixTestData.Config(), null);

        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void Plan_Order_LoggingFirstThenDetectionGuardrailsAfterChanges()
    {
        var titles = FullPlan().Steps.Select(s => s.Title).ToList();

        int At(string prefix) => titles.FindIndex(t => t.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Equal(0, At("Create the log bucket"));
        Assert.True(At("Create the log bucket") < At("Create the multi-region trail"));
        Assert.True(At("Create the multi-region trail") < At("Enable GuardDuty"));
        Assert.True(At("Set the IAM password policy") < At("Create an organization"));
        Assert.True(At("Create the SCP") >= 0 && At("Create the SCP") < At("Attach the SCP"));
        var lastApi = titles.FindLastIndex(t => !t.StartsWith("Attach the SCP", StringComparison.Ordinal)
            && FullPlan().Steps[titles.IndexOf(t)].Kind == PlanStepKind.Api);
        Assert.True(lastApi < At("Attach the SCP"));
    }

    [Fact]
    public void Plan_Guardrails_NoStepIsDeniedByAnEarlierAttachedScp()
    {
        var plan = FullPlan();

        Assert.Contains(plan.Steps, s => s.Title.StartsWith("Attach the SCP", StringComparison.Ordinal));
        Assert.Empty(GuardrailOrder.Violations(plan, FixTestData.Account));
    }

    [Fact]
    public void GuardrailOrder_AttachBeforeTheChangeItBlocks_IsReported()
    {
        var plan = FullPlan();
        var attach = plan.Steps.First(s => s.Title.StartsWith("Attach the SCP", StringComparison.Ordinal));
        var reordered = plan with { Steps = [.. plan.Steps.Where(s => s.Id != attach.Id).Prepend(attach)] };

        Assert.Contains(GuardrailOrder.Violations(reordered, FixTestData.Account), v => v.Contains("cloudtrail:"));
    }

    [Fact]
    public void Plan_StandaloneAccount_SaysItBecomesTheManagementAccount()
    {
        var step = Assert.Single(FullPlan().Steps, s => s.Calls.Any(c => c.Operation == "CreateOrganization"));

        Assert.Contains("becomes the management account", step.Reason);
        Assert.Contains("never restrict", step.Reason);
    }

    [Fact]
    public void Plan_Scps_AreWithinSizeAndPerTargetLimits()
    {
        var plan = FullPlan(inOrganization: true);

        var creates = plan.Steps.SelectMany(s => s.Calls).Where(c => c.Operation == "CreatePolicy"
            && c.Service == "organizations").ToList();
        Assert.NotEmpty(creates);
        Assert.True(1 + creates.Count <= PolicyLint.ScpMaxPerTarget);
        Assert.All(creates, c => Assert.True(PolicyLint.CheckScp(c.Parameters["Content"]).IsValid));
        Assert.All(creates, c => Assert.True(c.Parameters["Content"].Length <= PolicyLint.ScpMaxCharacters));
        Assert.All(plan.Steps.Where(s => s.Title.StartsWith("Create the SCP", StringComparison.Ordinal)),
            s => Assert.Matches(@"\d+ characters as written, \d+ minified", s.Reason));
        Assert.DoesNotContain(plan.Steps, s => s.Calls.Any(c => c.Operation == "CreateOrganization"));
    }

    [Fact]
    public void Plan_Only_KeepsTheNamedChecks()
    {
        var plan = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(),
            ["guardduty.enabled,iam.password-policy"]);

        Assert.Equal(3, plan.Steps.Count);
        Assert.All(plan.Steps, s => Assert.Subset(new HashSet<string> { "guardduty.enabled", "iam.password-policy" },
            s.CheckIds.ToHashSet()));
    }

    [Fact]
    public void Plan_OnlyWithUnknownId_IsAUserError()
    {
        var error = Assert.Throws<UserErrorException>(() => FixPlanner.Plan(FixTestData.Snapshot(),
            FixTestData.Failing(), FixTestData.Config(), ["iam.nope"]));

        Assert.Contains("iam.nope", error.Message);
    }

    [Fact]
    public void Plan_GuardDuty_CreatesWhereMissingAndResumesSuspended()
    {
        var steps = FullPlan().Steps.Where(s => s.CheckIds.Contains("guardduty.enabled")).ToList();

        Assert.Equal("CreateDetector", Assert.Single(steps, s => s.Title.Contains("eu-west-1")).Calls[0].Operation);
        Assert.Equal("UpdateDetector", Assert.Single(steps, s => s.Title.Contains("us-east-1")).Calls[0].Operation);
        Assert.All(steps, s => Assert.Contains("free trial", s.Cost));
    }

    [Fact]
    public void Plan_UnusedCredentials_DeactivatesOnlyTheNamedKey()
    {
        var steps = FullPlan().Steps.Where(s => s.CheckIds.Contains("iam.unused-credentials")).ToList();

        var key = Assert.Single(steps, s => s.Kind == PlanStepKind.Api);
        Assert.Equal("Deactivate access key 1 of alice", key.Title);
        Assert.Equal("Inactive", key.Calls.Single().Parameters["Status"]);
        Assert.DoesNotContain(steps.SelectMany(s => s.Calls), c => c.Operation.StartsWith("Delete"));
    }

    [Fact]
    public void Plan_AlternateContacts_MissingValuesBecomeAManualStepNamingTheKeys()
    {
        var steps = FullPlan().Steps.Where(s => s.CheckIds.Contains("account.alternate-contacts")).ToList();

        Assert.Equal("PutAlternateContact", Assert.Single(steps, s => s.Kind == PlanStepKind.Api).Calls[0].Operation);
        var manual = Assert.Single(steps, s => s.Kind == PlanStepKind.Manual);
        Assert.Contains("fix.alternate_contacts.operations.title", manual.Reason);
        Assert.Contains("fix.alternate_contacts.operations.phone", manual.Reason);
        Assert.DoesNotContain("SECURITY", string.Join(" ", steps.Select(s => s.Title)).ToUpperInvariant());
    }

    [Fact]
    public void Plan_BillingAlarm_HasTheConsoleStepTopicAndUsEast1Alarm()
    {
        var steps = FullPlan().Steps.Where(s => s.CheckIds.Contains("cloudwatch.billing-alarm")).ToList();

        Assert.Equal("https://console.aws.amazon.com/billing/home#/preferences", steps[0].ConsoleUrl);
        var alarm = steps.Single(s => s.Calls.Any(c => c.Operation == "PutMetricAlarm")).Calls[0];
        Assert.Equal("us-east-1", alarm.Region);
        Assert.Equal("cloudwatch:PutMetricAlarm", alarm.IamAction);
        Assert.Equal("EstimatedCharges", alarm.Parameters["MetricName"]);
    }

    [Fact]
    public void Plan_EveryApiStep_DeclaresItsCallsActionsAndAnUndo()
    {
        foreach (var step in FullPlan().Steps.Where(s => s.Kind == PlanStepKind.Api))
        {
            Assert.All(step.Calls, c => Assert.Contains(c.IamAction, step.IamActions));
            Assert.NotNull(step.Target);
            Assert.False(string.IsNullOrWhiteSpace(step.Undo));
            Assert.All(step.IamActions, a => Assert.Contains(a, FixCatalog.DeclaredActions));
        }
    }
}
