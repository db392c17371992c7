using AwsHarden.Model;
using AwsHarden.Policies;

namespace AwsHarden.Remediation;

/// <summary>Checks that no step of a plan would be denied by an SCP attached earlier in the same plan.</summary>
/// <remarks>The management account is never restricted by SCPs; the check still holds the plan to the order a
/// member account would need, so the same plan is safe wherever it is applied.</remarks>
public static class GuardrailOrder
{
    /// <summary>One line per step that comes after an attachment whose SCP denies one of its calls.</summary>
    public static IReadOnlyList<string> Violations(Plan plan, string accountId)
    {
        var attached = new List<(string StepId, PolicyDocument Scp)>();
        var problems = new List<string>();
        var created = plan.Steps.SelectMany(s => s.Calls).Where(c => c.IamAction == "organizations:CreatePolicy")
            .ToDictionary(c => c.Parameters["Name"], c => PolicyDocument.Parse(c.Parameters["Content"]));
        foreach (var step in plan.Steps)
        {
            foreach (var call in step.Calls)
            {
                var context = new Dictionary<string, string>
                {
                    ["aws:RequestedRegion"] = call.Region ?? "us-east-1",
                    ["aws:PrincipalArn"] = $"arn:aws:iam::{accountId}:role/awsharden",
                };
                foreach (var (id, scp) in attached)
                {
                    var decision = PolicyEvaluator.IsAllowed([], [scp], call.IamAction, "*", context);
                    if (decision.Decision == AccessDecision.ExplicitDeny)
                        problems.Add($"{step.Id} ({call.IamAction}) is denied by the SCP attached in {id}");
                }
            }

            var attach = step.Title.StartsWith("Attach the SCP ", StringComparison.Ordinal)
                ? step.Title["Attach the SCP ".Length..].Split(' ')[0] : null;
            if (attach is not null && created.TryGetValue(attach, out var document))
                attached.Add((step.Id, document));
        }

        return problems;
    }
}
