namespace AwsHarden.FakeAws;

/// <summary>How the fake behaves apart from the account it holds.</summary>
public sealed record FakeAwsOptions
{
    /// <summary>The clock for signature expiry, credential report times and created resources.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>False accepts any signature from a known access key (for tests that sign nothing).</summary>
    public bool VerifySignatures { get; init; } = true;
    /// <summary>GenerateCredentialReport calls that answer INPROGRESS after STARTED before COMPLETE.</summary>
    public int CredentialReportInProgressPolls { get; init; }
    /// <summary>Faults active from the start; the server's <see cref="FakeAwsServer.Faults"/> is this object.</summary>
    public FakeFaults Faults { get; init; } = new();
}
