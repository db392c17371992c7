namespace AwsHarden.Aws;

/// <summary>Where to send a call to one service in one region, and how to sign it.</summary>
/// <param name="Overridden">True when an AWS_ENDPOINT_URL variable chose the URL.</param>
public sealed record ResolvedEndpoint(Uri Url, string SigningRegion, string SigningName, bool Overridden);

/// <summary>
/// Resolves endpoints the way the AWS CLI does: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then
/// <c>AWS_ENDPOINT_URL</c>, then the partition's default (fixed host and signing region for global services).
/// </summary>
public sealed class AwsEndpoints(Func<string, string?> environment)
{
    public const string GlobalVariable = "AWS_ENDPOINT_URL";
    private const string IgnoreVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>Reads the process environment.</summary>
    public static AwsEndpoints FromEnvironment() => new(Environment.GetEnvironmentVariable);

    public ResolvedEndpoint Resolve(AwsService service, string region)
    {
        var partition = AwsPartition.ForRegion(region);
        var signingRegion = SigningRegion(service, partition, region);

        var overrideUrl = FindOverride(service);
        if (overrideUrl is not null)
        {
            return new ResolvedEndpoint(overrideUrl, signingRegion, service.SigningName, Overridden: true);
        }

        var host = DefaultHost(service, partition, region);
        return new ResolvedEndpoint(new Uri($"https://{host}/"), signingRegion, service.SigningName, false);
    }

    // TODO(aws): the CLI also reads endpoint_url and [services] sections from ~/.aws/config profiles.
    /// <summary>The override URL for a service, or null when none is configured.</summary>
    public Uri? FindOverride(AwsService service)
    {
        if (string.Equals(environment(IgnoreVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var candidates = new[]
        {
            $"{GlobalVariable}_{service.EnvironmentSuffix}",
            service.EnvironmentAlias is null ? null : $"{GlobalVariable}_{service.EnvironmentAlias}",
            GlobalVariable,
        };
        foreach (var name in candidates.OfType<string>())
        {
            var value = environment(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return Parse(name, value.Trim());
            }
        }

        return null;
    }

    private static Uri Parse(string variable, string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        throw new Model.UserErrorException(
            $"{variable} is not an http(s) URL: '{value}'.", $"set {variable} to e.g. http://127.0.0.1:4566");
    }

    private static string SigningRegion(AwsService service, AwsPartition partition, string region)
    {
        if (!service.IsGlobal)
        {
            return region;
        }

        return service.GlobalEndpoints!.TryGetValue(partition.Id, out var global)
            ? global.SigningRegion
            : partition.GlobalRegion;
    }

    private static string DefaultHost(AwsService service, AwsPartition partition, string region)
    {
        if (service.IsGlobal)
        {
            return service.GlobalEndpoints!.TryGetValue(partition.Id, out var global)
                ? global.Host
                : $"{service.EndpointPrefix}.{partition.GlobalRegion}.{partition.DnsSuffix}";
        }

        return $"{service.EndpointPrefix}.{region}.{partition.DnsSuffix}";
    }
}
