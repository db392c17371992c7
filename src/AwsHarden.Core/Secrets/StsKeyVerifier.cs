using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace AwsHarden.Secrets;

/// <summary>
/// Asks STS GetCallerIdentity, signed with a found key pair, whether the key still works. Off by default:
/// some published keys are canaries whose every use alerts their owner, and this call is a use.
/// </summary>
/// <param name="endpoint">An STS endpoint; null reads AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL.</param>
public sealed class StsKeyVerifier(TimeProvider time, string? endpoint = null)
{
    private readonly string? _endpoint = endpoint ?? SecretsAwsConfig.EndpointOverride("STS");

    // A 403 right after a key is made, or from a throttled edge, can turn into a 200; ask again first.
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private static readonly HashSet<string> RejectedKeyCodes =
        ["InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidAccessKeyId"];

    /// <summary>Valid with the caller's ARN, Invalid, or Undetermined with the reason.</summary>
    public async Task<KeyVerification> VerifyAsync(LeakedKeyFinding finding, CancellationToken cancellationToken)
    {
        if (finding.Secret is null)
            return new KeyVerification(VerificationStatus.Undetermined, null, "no secret found to sign with");

        using var client = CreateClient(finding);
        KeyVerification verdict = new(VerificationStatus.Undetermined, null, "not asked");
        for (var attempt = 0; attempt <= RetryDelays.Length; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(RetryDelays[attempt - 1], time, cancellationToken);

            (verdict, var retry) = await AskAsync(client, cancellationToken);
            if (!retry)
                return verdict;
        }
        return verdict;
    }

    private static async Task<(KeyVerification Verdict, bool Retry)> AskAsync(
        AmazonSecurityTokenServiceClient client, CancellationToken ct)
    {
        try
        {
            var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct);
            return (new KeyVerification(VerificationStatus.Valid, identity.Arn, $"account {identity.Account}"), false);
        }
        catch (AmazonServiceException e) when (e.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            var status = RejectedKeyCodes.Contains(e.ErrorCode ?? "")
                ? VerificationStatus.Invalid
                : VerificationStatus.Undetermined;
            return (new KeyVerification(status, null, $"{e.ErrorCode}: STS refused the key"), true);
        }
        catch (AmazonServiceException e)
        {
            var transient = (int)e.StatusCode >= 500 || e.ErrorCode is "Throttling" or "ThrottlingException";
            var verdict = new KeyVerification(VerificationStatus.Undetermined, null, $"{e.ErrorCode}: {e.Message}");
            return (verdict, transient);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or TaskCanceledException
            && !ct.IsCancellationRequested)
        {
            return (new KeyVerification(VerificationStatus.Undetermined, null, $"STS unreachable: {e.Message}"), true);
        }
    }

    private AmazonSecurityTokenServiceClient CreateClient(LeakedKeyFinding finding)
    {
        AWSCredentials credentials = finding.SessionToken is null
            ? new BasicAWSCredentials(finding.KeyId, finding.Secret!.Reveal())
            : new SessionAWSCredentials(finding.KeyId, finding.Secret!.Reveal(), finding.SessionToken.Reveal());
        var config = new AmazonSecurityTokenServiceConfig();
        SecretsAwsConfig.Apply(config, "STS", _endpoint);
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }
}
