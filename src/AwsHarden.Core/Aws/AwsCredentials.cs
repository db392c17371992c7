namespace AwsHarden.Aws;

/// <summary>A resolved key pair (and session token) used to sign one request. Never printed.</summary>
public sealed class AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
{
    public string AccessKeyId { get; } = accessKeyId;

    public string SecretAccessKey { get; } = secretAccessKey;

    public string? SessionToken { get; } = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;

    /// <summary>Shows only the access key id, so a stray log line cannot leak the secret or the token.</summary>
    public override string ToString() => $"AwsCredentials({AccessKeyId}, secret redacted)";
}
