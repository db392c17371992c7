namespace AwsHarden.Model;

/// <summary>An AWS call that did not give its data: which call, and what AWS (or the network) said.</summary>
/// <param name="Action">The IAM action of the call, e.g. <c>iam:GetAccountPasswordPolicy</c>.</param>
/// <param name="Code">The AWS error code (<c>AccessDenied</c>, <c>Throttling</c>…) or a local kind such as
/// <c>NetworkError</c>.</param>
/// <param name="Message">AWS's message, never containing a secret.</param>
/// <param name="Region">The region of the call; null for global calls.</param>
public sealed record CallError(string Action, string Code, string Message, string? Region = null)
{
    /// <summary>The short reason shown in an Unknown result:
    /// <c>AccessDenied on iam:GetAccountPasswordPolicy</c>.</summary>
    public string Reason => Region is null ? $"{Code} on {Action}" : $"{Code} on {Action} in {Region}";
}

/// <summary>Data the collector tried to read: either the value or the error that kept it from being read.</summary>
public sealed record Collected<T>(T? Value, CallError? Error = null) where T : class
{
    public bool Ok => Error is null && Value is not null;

    public static Collected<T> Of(T value) => new(value);

    public static Collected<T> Failed(CallError error) => new(null, error);
}
