namespace AwsHarden.Policies;

/// <summary>The outcome of evaluating one request against a set of policies.</summary>
public enum AccessDecision
{
    /// <summary>An identity policy allows it and no policy denies it.</summary>
    Allowed,

    /// <summary>Nothing allows it (no identity-policy Allow, or no SCP Allow).</summary>
    ImplicitDeny,

    /// <summary>A Deny statement matches.</summary>
    ExplicitDeny,

    /// <summary>The answer hangs on something this evaluator does not model; <see cref="AccessEvaluation.Reason"/>
    /// says what.</summary>
    Undetermined,
}

/// <summary>A decision with the reason behind it, e.g. which statement denied the request.</summary>
public sealed record AccessEvaluation(AccessDecision Decision, string Reason)
{
    /// <summary>True only for a definite <see cref="AccessDecision.Allowed"/>.</summary>
    public bool IsAllowed => Decision == AccessDecision.Allowed;
}

/// <summary>A simplified IAM request evaluator: explicit deny wins, SCPs must allow, identity policies must allow.
/// It answers <see cref="AccessDecision.Undetermined"/> rather than guessing.</summary>
/// <remarks>
/// TODO(policies): resource-based policies, permissions boundaries and session policies are not evaluated.
/// TODO(policies): SCPs are treated as one level; real organizations need an Allow at every level of the OU path.
/// </remarks>
public static class PolicyEvaluator
{
    /// <summary>Evaluates one request. <paramref name="scps"/> empty means the account is not governed by SCPs
    /// (not in an organization, or the management account).</summary>
    /// <param name="context">Condition keys of the request, e.g. <c>aws:RequestedRegion</c>.</param>
    public static AccessEvaluation IsAllowed(
        IEnumerable<PolicyDocument> identityPolicies,
        IEnumerable<PolicyDocument> scps,
        string action,
        string resource,
        IReadOnlyDictionary<string, string> context)
    {
        var request = new Request(action, resource, new RequestContext(context));
        var scpList = scps.ToList();
        var identity = Label(identityPolicies, "identity policy");
        var controls = Label(scpList, "SCP");

        var deny = FindDeny(identity.Concat(controls), request);
        if (deny.Decision == AccessDecision.ExplicitDeny)
            return deny;

        var scpAllow = scpList.Count == 0 ? Allowed("no SCP applies") : FindAllow(controls, request, "SCP");
        var identityAllow = FindAllow(identity, request, "identity policy");
        foreach (var step in new[] { scpAllow, identityAllow })
        {
            if (step.Decision == AccessDecision.ImplicitDeny)
                return step;
        }

        return new[] { deny, scpAllow, identityAllow }.FirstOrDefault(s => s.Decision == AccessDecision.Undetermined)
            ?? identityAllow;
    }

    private sealed record Request(string Action, string Resource, RequestContext Context);

    private sealed record Labelled(string Where, PolicyStatement Statement);

    private static List<Labelled> Label(IEnumerable<PolicyDocument> policies, string kind) =>
        policies.SelectMany((p, i) => p.Statements.Select((s, j) =>
            new Labelled($"{kind} #{i + 1}, statement {s.Sid ?? (j + 1).ToString()}", s))).ToList();

    private static AccessEvaluation FindDeny(IEnumerable<Labelled> statements, Request request)
    {
        AccessEvaluation? open = null;
        foreach (var (where, statement) in statements.Where(s => s.Statement.Effect == PolicyEffect.Deny))
        {
            var applies = Applies(statement, request, out var why);
            if (applies == Truth.True)
                return new AccessEvaluation(AccessDecision.ExplicitDeny, $"denied by {where}");
            if (applies == Truth.Unknown)
                open ??= new AccessEvaluation(AccessDecision.Undetermined, $"{where} may deny: {why}");
        }

        return open ?? Allowed("no Deny applies");
    }

    private static AccessEvaluation FindAllow(IEnumerable<Labelled> statements, Request request, string kind)
    {
        AccessEvaluation? open = null;
        foreach (var (where, statement) in statements.Where(s => s.Statement.Effect == PolicyEffect.Allow))
        {
            var applies = Applies(statement, request, out var why);
            if (applies == Truth.True)
                return Allowed($"allowed by {where}");
            if (applies == Truth.Unknown)
                open ??= new AccessEvaluation(AccessDecision.Undetermined, $"{where} may allow: {why}");
        }

        return open ?? new AccessEvaluation(AccessDecision.ImplicitDeny, $"no {kind} allows {request.Action}");
    }

    private static Truth Applies(PolicyStatement statement, Request request, out string? why)
    {
        why = null;
        if (!statement.CoversAction(request.Action))
            return Truth.False;

        var resource = CoversResource(statement, request);
        if (resource != Truth.True)
        {
            why = resource == Truth.Unknown ? "a policy variable in Resource has no value in the context" : null;
            return resource;
        }

        return ConditionEvaluator.Evaluate(statement.Conditions, request.Context, out why);
    }

    private static Truth CoversResource(PolicyStatement statement, Request request)
    {
        var patterns = statement.Resources ?? statement.NotResources;
        if (patterns is null)
            return Truth.True;

        var resolved = patterns.Select(p => PolicyVariables.Substitute(p, request.Context)).ToList();
        if (resolved.Any(p => p is null))
            return Truth.Unknown;

        var any = resolved.Any(p => IamPattern.MatchesResource(p!, request.Resource));
        return (statement.Resources is not null) == any ? Truth.True : Truth.False;
    }

    private static AccessEvaluation Allowed(string reason) => new(AccessDecision.Allowed, reason);
}
