using AwsHarden.Audit;
using AwsHarden.Audit.Demo;
using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

/// <summary>Case 011: a plan built where nothing could be read must not say every check passes.</summary>
public class PlanTextUnreadTests
{
    [Fact]
    public void Render_NoStepsBecauseChecksUnread_SaysTheyCouldNotBeRead()
    {
        var healthy = DemoAccount.Healthy();
        var denied = new CallError("iam:GetAccountPasswordPolicy", "AccessDenied", "denied");
        var snapshot = healthy with
        {
            Iam = healthy.Iam with { PasswordPolicy = Collected<PasswordPolicy>.Failed(denied) },
        };
        var findings = AuditRunner.Run(snapshot, AuditConfig.Default, TimeProvider.System).Findings;

        var plan = FixPlanner.Plan(snapshot, findings, AuditConfig.Default.Fix, ["iam.password-policy"]);
        var text = PlanText.Render(plan);

        Assert.Empty(plan.Steps);
        Assert.DoesNotContain("every fixable check already passes", text);
        Assert.Contains("could not be read", text);
    }
}
