using System.Text.Json.Nodes;
using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>
/// Gives the account a multi-region trail that records management write events (or all, per config) with log
/// file validation, both Insights types and logging on. An existing multi-region trail of this account is
/// completed in place (its settings only: its bucket and log files are never touched); without one, a new
/// bucket and trail are created. Every other trail of this account failing the validation check gets validation
/// turned on; a trail of another account (an organization trail) gets a guided step.
/// </summary>
public sealed class CloudTrailFix : IFix
{
    private const string Pricing = "https://aws.amazon.com/cloudtrail/pricing/";
    private const string InsightTypes = "ApiCallRateInsight,ApiErrorRateInsight";
    private const string InsightSelectors =
        """[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]""";

    public IReadOnlyList<string> CheckIds { get; } =
        ["cloudtrail.multi-region-logging", "cloudtrail.log-validation", "cloudtrail.insights"];

    public FixPhase Phase => FixPhase.Logging;

    public IReadOnlyList<string> DeclaredActions { get; } =
    [
        "s3:CreateBucket", "s3:PutBucketPublicAccessBlock", "s3:PutEncryptionConfiguration", "s3:PutBucketPolicy",
        "s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration", "s3:GetBucketPolicy",
        "s3:ListBucket", "s3:DeleteBucket",
        "cloudtrail:CreateTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
        "cloudtrail:PutInsightSelectors", "cloudtrail:StartLogging", "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail", "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors",
    ];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        var trails = context.Snapshot.Trails;
        if (!CheckIds.Any(context.Fails) || !trails.Ok)
            return [];

        var own = trails.Value!.FirstOrDefault(t => t.IsMultiRegion && !t.IsOrganizationTrail
            && OwnerOf(t) == context.AccountId);
        var unvalidated = trails.Value!.Where(t => !t.LogFileValidationEnabled
            && context.Failing(CheckIds[1]).Any(f => f.Resource == t.Arn)).ToList();
        var others = unvalidated.Where(t => t != own).Select(t => Validation(t, context));
        if (own is not null)
            return Complete(own, unvalidated.Contains(own), context).Concat(others);

        // Failing only because some trails lack validation: turning it on is the fix, not another trail
        // (a second copy of management events is charged).
        var onlyValidation = !context.Fails(CheckIds[0]) && !context.Fails(CheckIds[2])
            && context.Failing(CheckIds[1]).All(f => unvalidated.Exists(t => t.Arn == f.Resource));
        return onlyValidation ? others : CreateNew(context).Concat(others);
    }

    private IEnumerable<PlanStep> CreateNew(FixContext context)
    {
        var region = context.Snapshot.HomeRegion;
        var bucket = context.Config.LogBucketName ?? $"awsharden-cloudtrail-{context.AccountId}";
        var trailArn = $"arn:{context.Partition}:cloudtrail:{region}:{context.AccountId}:trail/"
            + context.Config.TrailName;
        yield return Bucket(context, bucket, region, trailArn);
        yield return Trail(context, bucket, region);
        yield return Insights(context.Config.TrailName, region, Present(Key(context.Config.TrailName, region)));
    }

    private IEnumerable<PlanStep> Complete(Trail trail, bool validate, FixContext context)
    {
        var key = Key(trail.Name, trail.HomeRegion);
        if (validate)
            yield return Validation(trail, context);

        if (trail.InsightsError is null && !InsightTypes.Split(',').All(trail.InsightTypes.Contains))
            yield return Insights(trail.Name, trail.HomeRegion, Present(key));

        if (trail.IsLogging == false)
        {
            yield return Api($"Start logging on trail {trail.Name}", [CheckIds[0]],
                [Call("cloudtrail", "StartLogging", trail.HomeRegion, ("Name", trail.Name))],
                Present(key, ("IsLogging", "false")), Present(key, ("IsLogging", "true")),
                [Call("cloudtrail", "StopLogging", trail.HomeRegion, ("Name", trail.Name))],
                "StopLogging.", "The trail exists but records nothing while logging is off.",
                ["cloudtrail:GetTrailStatus"]);
        }
    }

    // Turning validation on only adds digest files next to the logs; no log file is changed or removed.
    private PlanStep Validation(Trail trail, FixContext context)
    {
        var owner = OwnerOf(trail);
        if (owner != context.AccountId)
        {
            return Manual($"Turn on log file validation for trail {trail.Name} of account {owner}", [CheckIds[1]],
                $"The trail belongs to account {owner} (an organization trail is changed in the management "
                + "account): there, edit the trail and enable log file validation.",
                $"https://{trail.HomeRegion}.console.aws.amazon.com/cloudtrail/home?region={trail.HomeRegion}"
                + "#/trails");
        }

        var key = Key(trail.Name, trail.HomeRegion);
        return Api($"Turn on log file validation for trail {trail.Name}", [CheckIds[1]],
            [Call("cloudtrail", "UpdateTrail", trail.HomeRegion, ("Name", trail.Name),
                ("EnableLogFileValidation", "true"))],
            Present(key, ("LogFileValidationEnabled", "false")), Present(key, ("LogFileValidationEnabled", "true")),
            [Call("cloudtrail", "UpdateTrail", trail.HomeRegion, ("Name", trail.Name),
                ("EnableLogFileValidation", "false"))],
            "UpdateTrail EnableLogFileValidation=false; the digest files already written stay in the bucket.",
            "Digest files let you prove that log files were not changed or deleted after delivery; the trail's "
            + "existing log files are not touched.",
            ["cloudtrail:DescribeTrails"],
            "One small digest file per hour and region, stored in the trail's bucket at S3 rates.");
    }

    private PlanStep Bucket(FixContext context, string bucket, string region, string trailArn)
    {
        var key = new ResourceKey(ResourceTypes.Bucket, bucket, region);
        var policy = BucketPolicy(context, bucket, trailArn);
        var create = region == "us-east-1"
            ? Call("s3", "CreateBucket", region, ("Bucket", bucket))
            : Call("s3", "CreateBucket", region, ("Bucket", bucket), ("LocationConstraint", region));
        return Api($"Create the log bucket {bucket}", [CheckIds[0]],
            [
                create,
                Call("s3", "PutPublicAccessBlock", region, ("Bucket", bucket), ("BlockPublicAcls", "true"),
                    ("IgnorePublicAcls", "true"), ("BlockPublicPolicy", "true"), ("RestrictPublicBuckets", "true"))
                    with { Action = "s3:PutBucketPublicAccessBlock" },
                Call("s3", "PutBucketEncryption", region, ("Bucket", bucket), ("SSEAlgorithm", "AES256"))
                    with { Action = "s3:PutEncryptionConfiguration" },
                Call("s3", "PutBucketPolicy", region, ("Bucket", bucket), ("Policy", policy)),
            ],
            Absent(key),
            Present(key, ("PublicAccessBlocked", "true"), ("Encryption", "AES256"),
                ("PolicySha256", Sha256(policy))),
            [Call("s3", "DeleteBucket", region, ("Bucket", bucket))],
            "DeleteBucket, which S3 refuses while the bucket holds log files: logs are never deleted.",
            "CloudTrail needs a bucket it may write to; public access is blocked, objects are encrypted and "
            + "requests without TLS are denied.",
            ["s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration", "s3:GetBucketPolicy", "s3:ListBucket"],
            "S3 storage for the log files is charged; see https://aws.amazon.com/s3/pricing/");
    }

    private PlanStep Trail(FixContext context, string bucket, string region)
    {
        var name = context.Config.TrailName;
        var readWrite = context.Config.TrailReadWrite ? "All" : "WriteOnly";
        var selectors = $$"""[{"ReadWriteType":"{{readWrite}}","IncludeManagementEvents":true}]""";
        var key = Key(name, region);
        return Api($"Create the multi-region trail {name}", [CheckIds[0], CheckIds[1]],
            [
                Call("cloudtrail", "CreateTrail", region, ("Name", name), ("S3BucketName", bucket),
                    ("IsMultiRegionTrail", "true"), ("EnableLogFileValidation", "true"),
                    ("IncludeGlobalServiceEvents", "true")),
                Call("cloudtrail", "PutEventSelectors", region, ("TrailName", name), ("EventSelectors", selectors)),
                Call("cloudtrail", "StartLogging", region, ("Name", name)),
            ],
            Absent(key),
            Present(key, ("IsMultiRegionTrail", "true"), ("LogFileValidationEnabled", "true"),
                ("S3BucketName", bucket), ("ReadWriteType", readWrite), ("IsLogging", "true")),
            [
                Call("cloudtrail", "StopLogging", region, ("Name", name)),
                Call("cloudtrail", "DeleteTrail", region, ("Name", name)),
            ],
            "StopLogging and DeleteTrail; the log files already delivered stay in the bucket.",
            $"Records management {(readWrite == "All" ? "read and write" : "write")} events in every region, "
            + "with log file validation.",
            ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"],
            $"The first copy of management events is free; see {Pricing}");
    }

    private PlanStep Insights(string trail, string region, ResourceState prior)
    {
        var key = Key(trail, region);
        return Api($"Turn on CloudTrail Insights (API call rate and error rate) for {trail}", [CheckIds[2]],
            [Call("cloudtrail", "PutInsightSelectors", region, ("TrailName", trail),
                ("InsightSelectors", InsightSelectors))],
            prior, Present(key, ("InsightTypes", InsightTypes)),
            [Call("cloudtrail", "PutInsightSelectors", region, ("TrailName", trail),
                ("InsightSelectors", Placeholders.Prior("InsightSelectors")))],
            "PutInsightSelectors with the selectors recorded before ([] when there were none).",
            "Insights flags unusual bursts of API calls or errors, a common sign of a leaked key.",
            ["cloudtrail:GetInsightSelectors"],
            $"Charged per 100,000 write management events analysed, for each Insights type; see {Pricing}");
    }

    private static ResourceKey Key(string trail, string region) => new(ResourceTypes.Trail, trail, region);

    // arn:PARTITION:cloudtrail:REGION:ACCOUNT:trail/NAME
    private static string OwnerOf(Trail trail) => trail.Arn.Split(':') is { Length: > 5 } parts ? parts[4] : "";

    private static string BucketPolicy(FixContext context, string bucket, string trailArn)
    {
        var p = context.Partition;
        var bucketArn = $"arn:{p}:s3:::{bucket}";
        var fromTrail = new JsonObject { ["StringEquals"] = new JsonObject { ["aws:SourceArn"] = trailArn } };
        JsonObject Service() => new() { ["Service"] = "cloudtrail.amazonaws.com" };
        var statements = new JsonArray(
            new JsonObject
            {
                ["Sid"] = "AWSCloudTrailAclCheck", ["Effect"] = "Allow", ["Principal"] = Service(),
                ["Action"] = "s3:GetBucketAcl", ["Resource"] = bucketArn, ["Condition"] = fromTrail.DeepClone(),
            },
            new JsonObject
            {
                ["Sid"] = "AWSCloudTrailWrite", ["Effect"] = "Allow", ["Principal"] = Service(),
                ["Action"] = "s3:PutObject", ["Resource"] = $"{bucketArn}/AWSLogs/{context.AccountId}/*",
                ["Condition"] = new JsonObject
                {
                    ["StringEquals"] = new JsonObject
                    {
                        ["s3:x-amz-acl"] = "bucket-owner-full-control", ["aws:SourceArn"] = trailArn,
                    },
                },
            },
            new JsonObject
            {
                ["Sid"] = "DenyInsecureTransport", ["Effect"] = "Deny", ["Principal"] = "*", ["Action"] = "s3:*",
                ["Resource"] = new JsonArray(bucketArn, $"{bucketArn}/*"),
                ["Condition"] = new JsonObject
                {
                    ["Bool"] = new JsonObject { ["aws:SecureTransport"] = "false" },
                },
            });
        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements }.ToJsonString();
    }

    internal static string Sha256(string text) =>
        Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
