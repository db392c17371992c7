namespace AwsHarden.FakeAws.State;

/// <summary>A key pair the fake accepts, and the identity it stands for in GetCallerIdentity and errors.</summary>
/// <param name="UserId">The unique id GetCallerIdentity returns (AIDA… for users, AROA…:session for roles).</param>
public sealed record FakeCredential(
    string AccessKeyId,
    string SecretAccessKey,
    string Arn,
    string UserId,
    string? SessionToken = null)
{
    // Keeps the secret and the session token out of test output and logs.
    public override string ToString() => $"FakeCredential {{ AccessKeyId = {AccessKeyId}, Arn = {Arn} }}";
}
