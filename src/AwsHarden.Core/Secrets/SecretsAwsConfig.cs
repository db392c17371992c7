using Amazon.Runtime;

namespace AwsHarden.Secrets;

/// <summary>
/// Region and endpoint settings for the few AWS calls a secrets scan makes, honouring AWS_ENDPOINT_URL and
/// AWS_ENDPOINT_URL_&lt;SERVICE&gt; the way the AWS CLI does.
/// </summary>
// TODO(secrets): use the shared Aws layer's endpoint and credential resolution once it lands on main.
internal static class SecretsAwsConfig
{
    public static string Region =>
        Environment.GetEnvironmentVariable("AWS_REGION")
        ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")
        ?? "us-east-1";

    /// <summary>The endpoint override for a service (S3, STS), or null for AWS's own endpoint.</summary>
    public static string? EndpointOverride(string service) =>
        NonEmpty(Environment.GetEnvironmentVariable($"AWS_ENDPOINT_URL_{service}"))
        ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));

    /// <summary>Points a client at the override or the region, with the SDK's own retries off.</summary>
    public static void Apply(ClientConfig config, string service, string? endpoint)
    {
        config.MaxErrorRetry = 0;
        config.Timeout = TimeSpan.FromSeconds(20);
        if (endpoint is null)
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
            return;
        }

        config.ServiceURL = endpoint;
        config.AuthenticationRegion = Region;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
