using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>
/// Checks a plan file before <c>fix apply</c> changes anything: it must be a real account's plan, written by
/// <c>fix plan</c> and not edited since, every call of a step must be one the step declares and its fix can
/// make, and the credentials must be for the plan's account. A plan file is plain JSON: without these checks
/// an edited or foreign file would run calls nobody reviewed.
/// </summary>
public static class PlanCheck
{

    /// <exception cref="UserErrorException">The plan is the example's, unbound to an account, edited, or
    /// has a step calling what it does not declare.</exception>
    public static void VerifyFile(Plan plan, string source)
    {
        if (plan.Example)
        {
            throw new UserErrorException(
                $"{source} is the plan of the built-in example account {plan.AccountId}; it cannot be applied",
                "collect your account with 'awsharden collect -o snap.json', then plan it with "
                + "'awsharden fix plan --snapshot snap.json -o plan.json'");
        }

        if (plan.AccountId is null || plan.Digest is null)
            throw new UserErrorException($"{source} does not record the account it was made for",
                PlanOrigin.Remake(plan.Title));

        foreach (var step in plan.Steps.Where(s => s.Kind == PlanStepKind.Api))
        {
            var problem = UndeclaredCall(step);
            if (problem is not null)
                throw new UserErrorException($"{source}: {problem}", PlanOrigin.Remake(plan.Title));
        }

        if (PlanJson.Digest(plan) != plan.Digest)
            throw new UserErrorException($"{source} was changed after it was written", PlanOrigin.Remake(plan.Title));
    }

    /// <exception cref="UserErrorException">The plan was made for another account.</exception>
    public static void VerifyAccount(Plan plan, string source, string callerAccount)
    {
        if (plan.AccountId is not null && plan.AccountId != callerAccount)
        {
            throw new UserErrorException(
                $"{source} is for account {plan.AccountId} but the credentials are for {callerAccount}",
                $"use credentials of account {plan.AccountId} (--profile), or plan this account with "
                + "'awsharden collect' and 'awsharden fix plan'");
        }
    }

    /// <summary>Null when every call and undo call of <paramref name="step"/> is declared by the step and
    /// known to the fix of its checks (or, for a step without checks, to the catalogue).</summary>
    public static string? UndeclaredCall(PlanStep step)
    {
        var declared = step.IamActions.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var known = KnownActions(step);
        foreach (var (call, role) in step.Calls.Select(c => (c, "calls"))
                     .Concat(step.UndoCalls.Select(c => (c, "undoes with"))))
        {
            if (!declared.Contains(call.IamAction))
                return $"step {step.Id} {role} {call.IamAction}, which the step does not declare";
            if (!known.Contains(call.IamAction))
                return $"step {step.Id} {role} {call.IamAction}, which that fix never calls";
        }

        return null;
    }

    private static HashSet<string> KnownActions(PlanStep step)
    {
        // Steps without checks come from credential plans, incident contain or incident revert --dry-run -o.
        var actions = step.CheckIds.Count == 0
            ? FixCatalog.DeclaredActions.Concat(Incident.RevertPlanner.WriteActions)
            : FixCatalog.All.Where(f => f.CheckIds.Any(step.CheckIds.Contains)).SelectMany(f => f.DeclaredActions);
        return actions.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
