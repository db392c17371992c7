using Amazon.S3;

namespace AwsHarden.Aws.Clients;

/// <summary>Official S3 clients over a session's credentials, endpoint overrides and HTTP stack.</summary>
public static class S3ClientFactory
{
    /// <summary>S3 as the session's endpoint overrides name it (AWS_ENDPOINT_URL_S3).</summary>
    public static AwsService S3 { get; } = new("S3", "s3", "s3", "s3");

    /// <summary>A client for <paramref name="region"/>; path-style addressing when an endpoint is overridden,
    /// as emulators on an IP address need.</summary>
    public static IAmazonS3 Create(AwsSession session, string region)
    {
        var config = session.ConfigureSdk(new AmazonS3Config(), S3, region);
        config.ForcePathStyle = session.Endpoints.FindOverride(S3) is not null;
        return new AmazonS3Client(session.SdkCredentials, config);
    }
}
