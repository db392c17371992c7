using AwsHarden.Policies;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

public class IamPolicyBuilderTests
{
    private static readonly string[] AuditActions = ["iam:GenerateCredentialReport", "guardduty:ListDetectors"];

    [Theory]
    [InlineData(IamPolicyScope.Audit)]
    [InlineData(IamPolicyScope.Fix)]
    [InlineData(IamPolicyScope.All)]
    public void Build_Scope_IsValidPolicyAllowingEveryDeclaredAction(IamPolicyScope scope)
    {
        var builder = new IamPolicyBuilder(() => AuditActions);

        var document = PolicyDocument.Parse(builder.Build(scope));

        var expected = (scope == IamPolicyScope.Fix ? [] : AuditActions)
            .Concat(scope == IamPolicyScope.Audit ? [] : FixCatalog.DeclaredActions);
        Assert.All(expected, action => Assert.Contains(document.Statements, s => s.CoversAction(action)));
        Assert.DoesNotContain(document.Statements, s => s.CoversAction("iam:DeleteUser"));
    }

    [Fact]
    public async Task DeclaredActions_CoverTheContainmentPlanOfTheExampleChainAndItsUndo()
    {
        var report = await new AwsHarden.Incident.IncidentInvestigator(TimeProvider.System).InvestigateAsync(
            new AwsHarden.Incident.InvestigationRequest
            {
                Seeds = new AwsHarden.Incident.LineageSeeds { AccessKeyIds = [Incident.ExampleTrail.LeakedKey] },
                LogPaths = [Incident.ExampleTrail.Folder()],
            }, null, CancellationToken.None);

        var needed = report.Containment.Steps.SelectMany(s => s.IamActions).ToList();

        Assert.Contains("iam:PutRolePolicy", needed);
        Assert.All(needed, a => Assert.Contains(a, FixCatalog.DeclaredActions));
    }

    [Fact]
    public async Task RevertScope_CoversTheExampleRevertAndIsOutsideTheStandingPolicy()
    {
        var report = await new AwsHarden.Incident.IncidentInvestigator(TimeProvider.System).InvestigateAsync(
            new AwsHarden.Incident.InvestigationRequest
            {
                Seeds = new AwsHarden.Incident.LineageSeeds { AccessKeyIds = [Incident.ExampleTrail.LeakedKey] },
                LogPaths = [Incident.ExampleTrail.Folder()],
            }, null, CancellationToken.None);
        var builder = new IamPolicyBuilder(() => AuditActions);

        var revert = PolicyDocument.Parse(builder.Build(IamPolicyScope.Revert));
        var all = PolicyDocument.Parse(builder.Build(IamPolicyScope.All));

        var needed = report.Revert.Steps.SelectMany(s => s.IamActions).Distinct().ToList();
        Assert.Contains("ec2:TerminateInstances", needed);
        Assert.All(needed, a => Assert.Contains(revert.Statements, s => s.CoversAction(a)));
        Assert.Contains(revert.Statements, s => s.CoversAction("iam:DeleteUser"));
        Assert.Contains(revert.Statements, s => s.CoversAction("cloudtrail:LookupEvents"));
        Assert.DoesNotContain(all.Statements, s => s.CoversAction("iam:DeleteUser"));
        Assert.DoesNotContain(all.Statements, s => s.CoversAction("ec2:TerminateInstances"));
    }

    [Fact]
    public void DeclaredActions_CoverEveryStepOfAFullPlan()
    {
        var plan = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(),
            FixTestData.Config() with { EnforceMfaPolicy = true }, null);

        var needed = plan.Steps.SelectMany(s => s.IamActions).Distinct().ToList();

        Assert.Contains("iam:AttachUserPolicy", needed);
        Assert.All(needed, a => Assert.Contains(a, FixCatalog.DeclaredActions));
    }
}
