namespace AwsHarden.Model;

/// <summary>Whether a step is made by the tool through an API, or only described for a person to do.</summary>
public enum PlanStepKind { Api, Manual }

/// <summary>One AWS API call a step makes, with its parameters as they go on the wire.</summary>
public sealed record ApiCall
{
    /// <summary>The service's endpoint prefix, e.g. <c>iam</c>, <c>ec2</c>, <c>cloudtrail</c>.</summary>
    public required string Service { get; init; }
    /// <summary>The operation name from the service model, e.g. <c>UpdateAccessKey</c>.</summary>
    public required string Operation { get; init; }
    /// <summary>Null for global services such as IAM.</summary>
    public string? Region { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The IAM action that allows this call, e.g. <c>iam:UpdateAccessKey</c>.</summary>
    public string IamAction => $"{Service}:{Operation}";
}

/// <summary>
/// One ordered step of a plan: what it changes, the calls it makes, the IAM actions it needs, the state it
/// expects to find and how to undo it.
/// </summary>
public sealed record PlanStep
{
    /// <summary>Stable within its plan, e.g. <c>contain-03</c>.</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required PlanStepKind Kind { get; init; }
    public IReadOnlyList<ApiCall> Calls { get; init; } = [];
    /// <summary>Every IAM action the step needs; the tool's own least-privilege policy is built from these.</summary>
    public IReadOnlyList<string> IamActions { get; init; } = [];
    /// <summary>What the step expects before it runs; apply refuses when the account differs.</summary>
    public string? ExpectedPriorState { get; init; }
    /// <summary>How to undo the step, or why it cannot be undone.</summary>
    public string? Undo { get; init; }
    /// <summary>Why the step is in the plan; for Manual steps also what to do, quoting the event behind it.</summary>
    public string? Reason { get; init; }
    /// <summary>CloudTrail event ids the step answers.</summary>
    public IReadOnlyList<string> EventIds { get; init; } = [];
}

/// <summary>An ordered list of steps, shown first and applied only after confirmation.</summary>
public sealed record Plan
{
    public required string Title { get; init; }
    public required IReadOnlyList<PlanStep> Steps { get; init; }
    /// <summary>What the plan takes for granted because it was not checked against the live account.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}
