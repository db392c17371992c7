using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Secrets;

/// <summary>Names the IAM user behind a leaked key of the audited account, through iam:GetAccessKeyLastUsed
/// with the user's own credentials. Without credentials, or when IAM refuses, the owner stays unnamed.</summary>
public sealed class IamKeyOwnerLookup(AwsSessionOptions options) : IAccessKeyOwnerLookup
{
    private Task<AwsSession?>? session;

    public async Task<KeyOwner?> FindOwnerAsync(string keyId, CancellationToken cancellationToken)
    {
        var aws = await (session ??= OpenAsync(cancellationToken)).ConfigureAwait(false);
        if (aws is null)
        {
            return null;
        }

        try
        {
            var user = await new IamClient(aws).GetAccessKeyUserAsync(keyId, cancellationToken).ConfigureAwait(false);
            var account = AccessKeyIds.DecodeAccountId(keyId);
            return user is null ? null : new KeyOwner(account ?? "", user, null);
        }
        catch (AwsServiceException)
        {
            // AccessDenied or a key of another account: the finding keeps its decoded account only.
            return null;
        }
    }

    private async Task<AwsSession?> OpenAsync(CancellationToken ct)
    {
        try
        {
            return await AwsSession.CreateAsync(options, ct).ConfigureAwait(false);
        }
        catch (UserErrorException)
        {
            return null;
        }
    }
}
