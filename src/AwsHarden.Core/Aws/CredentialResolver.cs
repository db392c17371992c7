using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using AwsHarden.Model;

namespace AwsHarden.Aws;

/// <summary>Credentials chosen by the SDK's chain, with a human description and the profile's region.</summary>
internal sealed record ResolvedCredentials(
    AWSCredentials Credentials, string Source, string? ProfileName, string? ProfileKind, string? ProfileRegion);

/// <summary>Follows the AWS CLI's order: --profile, environment keys, AWS_PROFILE, the default profile, then
/// web identity, container and instance metadata.</summary>
internal static class CredentialResolver
{
    public static ResolvedCredentials Resolve(string? profile, Func<string, string?> env)
    {
        if (profile is not null)
        {
            return FromProfile(profile, explicitlyNamed: true);
        }

        if (!string.IsNullOrEmpty(env("AWS_ACCESS_KEY_ID")) && !string.IsNullOrEmpty(env("AWS_SECRET_ACCESS_KEY")))
        {
            var token = env("AWS_SESSION_TOKEN");
            AWSCredentials keys = string.IsNullOrEmpty(token)
                ? new BasicAWSCredentials(env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"))
                : new SessionAWSCredentials(env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), token);
            return new ResolvedCredentials(keys, "environment variables", null, null, null);
        }

        var envProfile = env("AWS_PROFILE");
        if (!string.IsNullOrEmpty(envProfile))
        {
            return FromProfile(envProfile, explicitlyNamed: true);
        }

        return new CredentialProfileStoreChain().TryGetProfile("default", out _)
            ? FromProfile("default", explicitlyNamed: false)
            : FromDefaultChain(env);
    }

    /// <summary>Fetches the keys once, so a missing login fails here with a hint rather than mid-audit.
    /// </summary>
    public static async Task ProbeAsync(ResolvedCredentials resolved, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            await resolved.Credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not UserErrorException)
        {
            // Any failure to produce keys is the user's setup, not a bug; credential_process failures and
            // malformed output land here as ProcessAWSCredentialException, FormatException or JsonException.
            throw Explain(resolved, ex);
        }
    }

    private static UserErrorException Explain(ResolvedCredentials resolved, Exception ex)
    {
        if (resolved.ProfileKind == "sso")
        {
            return new UserErrorException(
                $"The SSO login for profile '{resolved.ProfileName}' is missing or has expired.",
                $"run 'aws sso login --profile {resolved.ProfileName}'", ex);
        }

        var hint = resolved.ProfileName is null
            ? "set AWS_PROFILE or run 'aws configure'"
            : $"check profile '{resolved.ProfileName}' in ~/.aws/config (try 'aws sts get-caller-identity " +
              $"--profile {resolved.ProfileName}')";
        // The SDK's messages can quote what a credential helper printed, secret included: never show them.
        return new UserErrorException($"Could not get AWS credentials from {resolved.Source}: {SafeReason(ex)}",
            hint, ex);
    }

    private static string SafeReason(Exception ex) => ex switch
    {
        ProcessAWSCredentialException p when p.Message.Contains("non-zero exit", StringComparison.Ordinal) =>
            "the credential_process command failed (it exited with an error); run it yourself to see why",
        ProcessAWSCredentialException or FormatException or System.Text.Json.JsonException =>
            "the credential_process command did not print the expected JSON (Version 1, AccessKeyId, "
            + "SecretAccessKey)",
        AmazonServiceException service => $"{service.ErrorCode ?? service.GetType().Name} from AWS",
        _ => ex.GetType().Name,
    };

    private static ResolvedCredentials FromProfile(string name, bool explicitlyNamed)
    {
        var chain = new CredentialProfileStoreChain();
        if (!chain.TryGetProfile(name, out var profile))
        {
            throw new UserErrorException(
                $"AWS profile '{name}' was not found in ~/.aws/config or ~/.aws/credentials.",
                $"run 'aws configure list-profiles' to see the names, or 'aws configure --profile {name}'");
        }

        var kind = Kind(profile.Options);
        var sourceProfile = profile.Options.SourceProfile;
        if (!string.IsNullOrEmpty(sourceProfile) && !chain.TryGetProfile(sourceProfile, out _))
        {
            throw new UserErrorException(
                $"AWS profile '{name}' names source_profile '{sourceProfile}', which is not in ~/.aws/config or "
                + "~/.aws/credentials.", $"add profile '{sourceProfile}' or correct source_profile in '{name}'");
        }

        if (!chain.TryGetAWSCredentials(name, out var credentials))
        {
            throw new UserErrorException(
                $"AWS profile '{name}' ({kind}) holds no usable credentials.",
                "add keys, sso_session, role_arn or credential_process to it in ~/.aws/config");
        }

        var source = explicitlyNamed ? $"profile '{name}' ({kind})" : $"default profile ({kind})";
        return new ResolvedCredentials(credentials, source, name, kind, profile.Region?.SystemName);
    }

    private static ResolvedCredentials FromDefaultChain(Func<string, string?> env)
    {
        AWSCredentials credentials;
        try
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException ex)
        {
            throw new UserErrorException("No AWS credentials were found.",
                "run 'aws configure' or 'aws sso login', set AWS_PROFILE, or pass --profile", ex);
        }

        var source = !string.IsNullOrEmpty(env("AWS_WEB_IDENTITY_TOKEN_FILE")) ? "web identity token"
            : !string.IsNullOrEmpty(env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
              || !string.IsNullOrEmpty(env("AWS_CONTAINER_CREDENTIALS_FULL_URI")) ? "container credentials"
            : "instance metadata";
        return new ResolvedCredentials(credentials, source, null, null, null);
    }

    internal static string Kind(CredentialProfileOptions options)
    {
        if (!string.IsNullOrEmpty(options.SsoStartUrl) || !string.IsNullOrEmpty(options.SsoSession))
        {
            return "sso";
        }

        if (!string.IsNullOrEmpty(options.RoleArn))
        {
            return string.IsNullOrEmpty(options.WebIdentityTokenFile) ? "assume-role" : "web identity";
        }

        if (!string.IsNullOrEmpty(options.CredentialProcess))
        {
            return "credential_process";
        }

        return string.IsNullOrEmpty(options.AccessKey) ? "profile" : "static keys";
    }
}
