using Amazon.S3;
using Amazon.S3.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>The settings of one S3 bucket that a log bucket needs, read together.</summary>
/// <param name="PublicAccessBlocked">All four public access block settings are on.</param>
/// <param name="SseAlgorithm">The default encryption algorithm, or null when none is set.</param>
/// <param name="Policy">The bucket policy text, or null when there is none.</param>
public sealed record BucketSettings(bool PublicAccessBlocked, string? SseAlgorithm, string? Policy);

/// <summary>S3 bucket configuration through the official SDK, sent over the session's HTTP stack (so every
/// attempt is counted) with path-style addressing when an endpoint override is in force.</summary>
public sealed class S3BucketClient(AwsSession session)
{
    /// <summary>S3 as the request layer names it (AWS_ENDPOINT_URL_S3).</summary>
    public static AwsService Service { get; } = new("S3", "s3", "s3", "s3");

    /// <summary>The bucket's settings, or null when the bucket does not exist (NoSuchBucket).</summary>
    public async Task<BucketSettings?> GetSettingsAsync(string region, string bucket, CancellationToken ct)
    {
        using var client = Create(region);
        try
        {
            var block = await Optional("s3:GetBucketPublicAccessBlock", region, async () =>
                (await client.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }, ct))
                    .PublicAccessBlockConfiguration, "NoSuchPublicAccessBlockConfiguration").ConfigureAwait(false);
            var encryption = await Optional("s3:GetEncryptionConfiguration", region, async () =>
                (await client.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, ct))
                    .ServerSideEncryptionConfiguration, "ServerSideEncryptionConfigurationNotFoundError")
                .ConfigureAwait(false);
            var policy = await Optional("s3:GetBucketPolicy", region, async () =>
                (await client.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, ct)).Policy,
                "NoSuchBucketPolicy").ConfigureAwait(false);
            var blocked = block is { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true,
                RestrictPublicBuckets: true };
            var algorithm = encryption?.ServerSideEncryptionRules?.FirstOrDefault()
                ?.ServerSideEncryptionByDefault?.ServerSideEncryptionAlgorithm?.Value;
            return new BucketSettings(blocked, algorithm, string.IsNullOrEmpty(policy) ? null : policy);
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchBucket")
        {
            return null;
        }
    }

    /// <summary>Makes one bucket-level call named as in the S3 model, with the parameters a fix step holds.
    /// </summary>
    public async Task CallAsync(string region, string operation, IReadOnlyDictionary<string, string> parameters,
        string iamAction, CancellationToken ct)
    {
        using var client = Create(region);
        var bucket = parameters["Bucket"];
        Task<bool> Run(Func<Task> call) => AwsSession.CallSdkAsync(iamAction, region, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });

        await (operation switch
        {
            "CreateBucket" => Run(() => client.PutBucketAsync(new PutBucketRequest
            {
                BucketName = bucket,
                BucketRegion = parameters.TryGetValue("LocationConstraint", out var at) ? at : null,
            }, ct)),
            "PutPublicAccessBlock" => Run(() => client.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
            {
                BucketName = bucket,
                PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
                {
                    BlockPublicAcls = Flag(parameters, "BlockPublicAcls"),
                    IgnorePublicAcls = Flag(parameters, "IgnorePublicAcls"),
                    BlockPublicPolicy = Flag(parameters, "BlockPublicPolicy"),
                    RestrictPublicBuckets = Flag(parameters, "RestrictPublicBuckets"),
                },
            }, ct)),
            "PutBucketEncryption" => Run(() => client.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
            {
                BucketName = bucket,
                ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                {
                    ServerSideEncryptionRules =
                    [
                        new ServerSideEncryptionRule
                        {
                            ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
                            {
                                ServerSideEncryptionAlgorithm = parameters["SSEAlgorithm"],
                            },
                        },
                    ],
                },
            }, ct)),
            "PutBucketPolicy" => Run(() => client.PutBucketPolicyAsync(new PutBucketPolicyRequest
            {
                BucketName = bucket, Policy = parameters["Policy"],
            }, ct)),
            "DeleteBucket" => Run(() => client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, ct)),
            _ => throw new NotSupportedException($"s3:{operation} is not an operation the fix flow makes"),
        }).ConfigureAwait(false);
    }

    private static bool Flag(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value == "true";

    private static Task<T?> Optional<T>(string action, string region, Func<Task<T>> call, string absentCode)
        where T : class =>
        Catch(AwsSession.CallSdkAsync<T?>(action, region, async () => await call().ConfigureAwait(false)),
            absentCode);

    private static async Task<T?> Catch<T>(Task<T?> task, string absentCode) where T : class
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Code == absentCode)
        {
            return null;
        }
    }

    private AmazonS3Client Create(string region)
    {
        var config = session.ConfigureSdk(new AmazonS3Config(), Service, region);
        config.ForcePathStyle = session.Endpoints.FindOverride(Service) is not null;
        return new AmazonS3Client(session.SdkCredentials, config);
    }
}
