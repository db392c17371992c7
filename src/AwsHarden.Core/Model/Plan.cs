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

    /// <summary>Set when the IAM action is not <c>service:Operation</c>, e.g. S3's PutPublicAccessBlock is
    /// allowed by <c>s3:PutBucketPublicAccessBlock</c> and CloudWatch's endpoint is <c>monitoring</c>.</summary>
    public string? Action { get; init; }

    /// <summary>The IAM action that allows this call, e.g. <c>iam:UpdateAccessKey</c>.</summary>
    public string IamAction => Action ?? $"{Service}:{Operation}";
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

    /// <summary>The audit checks the step helps to pass.</summary>
    public IReadOnlyList<string> CheckIds { get; init; } = [];
    /// <summary>The state apply compares with the live account before the step; a difference is drift.</summary>
    public ResourceState? ExpectedPrior { get; init; }
    /// <summary>The state the step leaves; when the live account already shows it, apply skips the step.</summary>
    public ResourceState? Target { get; init; }
    /// <summary>The calls that reverse the step. Parameters may name the recorded state as
    /// <c>{{prior.Attribute}}</c> or <c>{{after.Attribute}}</c>.</summary>
    public IReadOnlyList<ApiCall> UndoCalls { get; init; } = [];
    /// <summary>What the step costs, in words with a pricing link; null when it is free.</summary>
    public string? Cost { get; init; }
    /// <summary>For Manual steps: the console page where the person does it.</summary>
    public string? ConsoleUrl { get; init; }
}

/// <summary>Names one resource a step reads or changes: a type such as <c>guardduty:detector</c>, an id
/// unique within the type and region, and the region (null for global resources).</summary>
public sealed record ResourceKey(string Type, string Id, string? Region = null)
{
    public override string ToString() => Region is null ? $"{Type} {Id}" : $"{Type} {Id} in {Region}";
}

/// <summary>A resource's state as plain attributes, so apply can compare it and the journal can keep it.
/// A comparison looks only at the attributes the expected state lists.</summary>
public sealed record ResourceState
{
    public required ResourceKey Key { get; init; }
    public bool Exists { get; init; }
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}

/// <summary>An ordered list of steps, shown first and applied only after confirmation.</summary>
public sealed record Plan
{
    public required string Title { get; init; }
    public required IReadOnlyList<PlanStep> Steps { get; init; }
    /// <summary>What the plan takes for granted because it was not checked against the live account.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The account the plan was made for; <c>fix apply</c> refuses credentials of another account.
    /// Null for plans made on the spot for the caller's own account (key rotation, offboarding).</summary>
    public string? AccountId { get; init; }

    /// <summary>True for a plan of the built-in example account (<c>fix plan --demo</c>): shown, never applied.
    /// </summary>
    public bool Example { get; init; }

    /// <summary>SHA-256 of the account, example flag and steps, written by <c>fix plan -o</c>; <c>fix apply</c>
    /// refuses a plan file whose steps no longer match it.</summary>
    public string? Digest { get; init; }
}
