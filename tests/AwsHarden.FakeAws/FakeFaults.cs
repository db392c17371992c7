using AwsHarden.FakeAws.Protocol;

namespace AwsHarden.FakeAws;

/// <summary>How a region misbehaves when a fault disables it.</summary>
public enum RegionFailure
{
    /// <summary>The service's invalid-token error (UnrecognizedClientException, AuthFailure…), as for an
    /// opt-in region that is not enabled.</summary>
    UnrecognizedClient,
    /// <summary>The connection is dropped without an HTTP response.</summary>
    ConnectionReset,
}

/// <summary>The call a fault hook sees.</summary>
public sealed record FakeCallContext(
    string Service,
    string Operation,
    string Region,
    string IamAction,
    string CallerArn);

/// <summary>
/// Faults injected into the fake, changeable while it runs. Actions are IAM actions
/// (<c>iam:GetAccountPasswordPolicy</c>, compared case-insensitively); a null action means every operation.
/// </summary>
public sealed class FakeFaults
{
    private readonly Lock gate = new();
    private readonly HashSet<string> denied = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> throttles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> internalErrors = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RegionFailure> regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action<FakeCallContext>> hooks = new(StringComparer.OrdinalIgnoreCase);
    private const string Every = "*";

    /// <summary>Delay added before every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Answers AccessDenied (in the service's own spelling) to every call of the action.</summary>
    public FakeFaults Deny(string iamAction) => Locked(() => denied.Add(iamAction));

    public FakeFaults Allow(string iamAction) => Locked(() => denied.Remove(iamAction));

    /// <summary>Throttles the next <paramref name="calls"/> calls of the action (or of every operation).</summary>
    public FakeFaults Throttle(string? iamAction, int calls) => Locked(() => throttles[iamAction ?? Every] = calls);

    /// <summary>Answers 500 InternalFailure to the next <paramref name="calls"/> calls of the action.</summary>
    public FakeFaults FailInternally(string? iamAction, int calls = int.MaxValue) =>
        Locked(() => internalErrors[iamAction ?? Every] = calls);

    public FakeFaults FailRegion(string region, RegionFailure failure = RegionFailure.UnrecognizedClient) =>
        Locked(() => regions[region] = failure);

    public FakeFaults RestoreRegion(string region) => Locked(() => regions.Remove(region));

    /// <summary>Runs before the handler of the action; throw an <see cref="AwsErrorException"/> to answer an
    /// error, or change the account (holding <c>Account.Sync</c>) to simulate a race.</summary>
    public FakeFaults Hook(string? iamAction, Action<FakeCallContext> hook) =>
        Locked(() => hooks[iamAction ?? Every] = hook);

    public void Clear() => Locked(() =>
    {
        denied.Clear();
        throttles.Clear();
        internalErrors.Clear();
        regions.Clear();
        hooks.Clear();
        Latency = TimeSpan.Zero;
    });

    internal RegionFailure? RegionFault(string region)
    {
        lock (gate)
        {
            return regions.TryGetValue(region, out var failure) ? failure : null;
        }
    }

    /// <summary>Raises the fault due for this call, if any; counted faults are used up.</summary>
    internal void Apply(FakeCallContext call)
    {
        Action<FakeCallContext>? hook;
        lock (gate)
        {
            if (denied.Contains(call.IamAction) || denied.Contains(Every))
            {
                throw ServiceErrors.Create(call.Service, ErrorKind.AccessDenied,
                    $"User: {call.CallerArn} is not authorized to perform: {call.IamAction} on resource: * " +
                    $"because no identity-based policy allows the {call.IamAction} action");
            }

            if (TakeOne(throttles, call.IamAction))
            {
                throw ServiceErrors.Create(call.Service, ErrorKind.Throttling, string.Empty);
            }

            if (TakeOne(internalErrors, call.IamAction))
            {
                throw ServiceErrors.Create(call.Service, ErrorKind.InternalFailure, string.Empty);
            }

            hook = hooks.GetValueOrDefault(call.IamAction) ?? hooks.GetValueOrDefault(Every);
        }

        hook?.Invoke(call);
    }

    private static bool TakeOne(Dictionary<string, int> counters, string action)
    {
        var key = counters.ContainsKey(action) ? action : Every;
        if (!counters.TryGetValue(key, out var left) || left <= 0)
        {
            return false;
        }

        counters[key] = left == int.MaxValue ? left : left - 1;
        return true;
    }

    private FakeFaults Locked(Action change)
    {
        lock (gate)
        {
            change();
        }

        return this;
    }

    private FakeFaults Locked(Func<bool> change)
    {
        lock (gate)
        {
            change();
        }

        return this;
    }
}
