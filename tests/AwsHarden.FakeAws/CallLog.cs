namespace AwsHarden.FakeAws;

/// <summary>One request the fake answered.</summary>
/// <param name="Service">The SigV4 signing name (iam, ec2, monitoring, sso…); empty when unsigned.</param>
/// <param name="IamAction">The IAM action of the operation, e.g. <c>iam:GetAccountPasswordPolicy</c>.</param>
/// <param name="ErrorCode">The AWS error code answered, or null on success or a dropped connection.</param>
public sealed record FakeCall(
    string Service,
    string Operation,
    string Region,
    string IamAction,
    int StatusCode,
    string? ErrorCode = null);

/// <summary>Every request the fake has answered, in arrival order; safe to read while requests run.</summary>
public sealed class CallLog
{
    private readonly Lock gate = new();
    private readonly List<FakeCall> calls = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return calls.Count;
            }
        }
    }

    public IReadOnlyList<FakeCall> Snapshot()
    {
        lock (gate)
        {
            return [.. calls];
        }
    }

    /// <summary>The calls made to one IAM action, e.g. <c>iam:GetCredentialReport</c>.</summary>
    public IReadOnlyList<FakeCall> For(string iamAction) =>
        [.. Snapshot().Where(c => string.Equals(c.IamAction, iamAction, StringComparison.OrdinalIgnoreCase))];

    public void Clear()
    {
        lock (gate)
        {
            calls.Clear();
        }
    }

    internal void Add(FakeCall call)
    {
        lock (gate)
        {
            calls.Add(call);
        }
    }
}
